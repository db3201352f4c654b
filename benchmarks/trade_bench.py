"""Trade monitor speed: `trade load` of N synthetic rows, one partner's indicators over them
beside a plain pandas groupby, and `trade complexity` against the PyPI `ecomplexity` package.

    python benchmarks/trade_bench.py [--rows 20000000] [--locs 200 --prods 5000]
                                     [--ecomplexity-locs 200 --ecomplexity-prods 5000]

Targets (issue 12): load 20M rows ≤ 60 s; one partner's indicators ≤ 1 s (bar 3 s);
complexity on 200 × 5,000 ≤ 2 s and ≥ 10× faster than `ecomplexity`. Results go in
docs/benchmarks.md by hand, with the machine and the date.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd


def _cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(label: str, fn):  # type: ignore[no-untyped-def]
    """Wall time, and CPU time of all threads (the machine is shared: wall time varies with
    the load average, CPU time much less)."""
    start, cpu = time.perf_counter(), _cpu()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s (CPU {_cpu() - cpu:.2f} s, load average "
          f"{os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
    return result, seconds


def bench_store(rows: int, folder: Path) -> None:
    from coopatlas import registry
    from coopatlas.trade import store
    from coopatlas.trade.indicators import partner_series
    from coopatlas.trade.synth import write_statistics

    os.environ[store.ENV_VAR] = str(folder / "stats")
    engine = registry.connect(f"sqlite:///{folder / 'bench.db'}")
    registry.init_db(engine)
    path, _ = _timed(f"synth {rows:,} rows (CSV)", lambda: write_statistics(
        folder / "stats.csv", rows))  # fmt: skip
    print(f"  file size: {path.stat().st_size / 1e6:,.0f} MB")
    _timed(f"trade load {rows:,} rows", lambda: store.load_files(engine, [path]))
    parquet = sorted((folder / "stats" / "files").glob("*.parquet"))
    print(f"  store size: {sum(p.stat().st_size for p in parquet) / 1e6:,.0f} MB")
    frame = pd.read_parquet(parquet[0])  # the plain-pandas baseline gets the data in memory
    for partner in ("RU-MOW", "RU-LIP"):
        series, ours = _timed(f"partner_series({partner}) by year", lambda p=partner:
                              partner_series(engine, p))  # fmt: skip
        _timed(f"partner_series({partner}) by month", lambda p=partner:
               partner_series(engine, p, by="month"))  # fmt: skip

        def plain(p: str = partner) -> pd.Series:
            part = frame[(frame["partner"] == p) & frame["reporter"].str.startswith("BY")]
            return part.groupby(["flow", "year"])["value_usd"].sum()

        totals, base = _timed(f"pandas groupby ({partner}, data already in memory)", plain)
        check = series[series["period"].str.fullmatch(r"\d{4}")].set_index("period")
        year = check.index[0]
        assert abs(check.loc[year, "export_usd"] - totals["export", int(year)]) < 1e-3
        print(f"  ratio ours / pandas groupby: {ours / base:.1f}")


def bench_complexity(locs: int, prods: int, ref_locs: int, ref_prods: int) -> None:
    from coopatlas.trade.complexity import complexity

    def table(n_loc: int, n_prod: int) -> pd.DataFrame:
        rng = np.random.default_rng(0)
        cap = rng.uniform(0, 1, n_loc)[:, None]
        diff = rng.uniform(0, 1, n_prod)[None, :]
        present = rng.random((n_loc, n_prod)) < 1 / (1 + np.exp(-(cap - diff) * 6))
        values = rng.lognormal(10, 2, (n_loc, n_prod)) * present
        li, pi = np.nonzero(values)
        return pd.DataFrame({"year": 2024, "loc": li.astype(str), "prod": pi.astype(str),
                             "value": values[li, pi]})  # fmt: skip

    kw = {"time": "year", "loc": "loc", "prod": "prod", "value": "value"}
    big = table(locs, prods)
    _, ours = _timed(f"complexity {locs} x {prods} ({len(big):,} rows)",
                     lambda: complexity(big, **kw))  # fmt: skip
    if ref_locs:
        from ecomplexity import ecomplexity

        ref = big if (ref_locs, ref_prods) == (locs, prods) else table(ref_locs, ref_prods)
        cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "value"}
        mine = ours
        if ref is not big:
            _, mine = _timed(f"complexity {ref_locs} x {ref_prods}", lambda: complexity(ref, **kw))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, theirs = _timed(f"ecomplexity 0.5.3 {ref_locs} x {ref_prods}", lambda: ecomplexity(
                ref, cols, verbose=False, check_logsupermodularity=False))  # fmt: skip
        print(f"  ecomplexity / ours: {theirs / mine:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--locs", type=int, default=200)
    parser.add_argument("--prods", type=int, default=5000)
    parser.add_argument("--ecomplexity-locs", type=int, default=200)
    parser.add_argument("--ecomplexity-prods", type=int, default=5000)
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        if args.rows:
            bench_store(args.rows, Path(tmp))
    bench_complexity(args.locs, args.prods, args.ecomplexity_locs, args.ecomplexity_prods)


if __name__ == "__main__":
    main()
