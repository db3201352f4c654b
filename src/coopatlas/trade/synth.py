"""A synthetic customs statistics file: region × partner × HS6 × month, for tests and benchmarks.

Why: real customs statistics by region and HS6 are not public; the store, the indicators and
the benchmarks need tens of millions of plausible rows. Shape: Belarus's regions trade with
Russia's federal subjects; both partners and products follow Zipf's law (a few carry most
trade), products are real HS 2022 six-digit codes; each series (reporter, partner, HS6, flow)
runs month by month with its own growth trend, a shared seasonality (a dip in January, a
December peak) and noise. Everything comes from one ``numpy.random.default_rng(seed)``, so
the same arguments give the same file. The file is marked synthetic by a sidecar
``FILE.meta.json`` that ``trade load`` reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pacsv

from coopatlas.registry.synth import _universe, regions

FIRST_YEAR = 2019
LAST_YEAR, LAST_MONTH = 2025, 5  # the latest year is partial: January–May
SEASON = np.array([0.78, 0.92, 1.05, 1.0, 0.98, 1.02, 0.95, 0.97, 1.03, 1.06, 1.04, 1.2])
ZIPF = 1.1
MONTHLY_TOTAL_USD = 4.0e9  # Belarus–Russia trade is about $48bn a year
Array = npt.NDArray[np.float64]


def _zipf(rng: np.random.Generator, n: int, order: npt.NDArray[np.int64] | None = None) -> Array:
    """Zipf weights over *n* items: by rank in *order* (largest first), else in random order."""
    weights = 1.0 / np.arange(1, n + 1) ** ZIPF
    weights /= weights.sum()
    if order is None:
        return rng.permutation(weights)
    out = np.empty(n)
    out[order] = weights
    return out


def _months() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    index = np.arange(FIRST_YEAR * 12, LAST_YEAR * 12 + LAST_MONTH)
    return index // 12, index % 12 + 1


def synth_statistics(rows: int, seed: int = 42) -> pa.Table:
    """*rows* rows of synthetic statistics in the `trade load` format."""
    if rows < 1:
        raise ValueError("rows must be positive")
    rng = np.random.default_rng(seed)
    places = regions()
    by, ru = places[places["country"] == "BY"], places[places["country"] == "RU"]
    reporters, partners = by["code"].to_numpy(), ru["code"].to_numpy()
    codes = _universe(np.random.default_rng(seed)).codes
    chapter = np.array([int(c[:2]) for c in codes])
    codes = codes[(chapter >= 1) & (chapter <= 97) & (chapter != 77)]  # goods chapters only
    # the larger a region's population, the more it trades (rank by population, Zipf weights)
    w_rep = _zipf(rng, len(reporters), np.argsort(-by["population_thousands"].to_numpy()))
    w_par = _zipf(rng, len(partners), np.argsort(-ru["population_thousands"].to_numpy()))
    w_hs = _zipf(rng, len(codes))
    years, months = _months()
    span = len(years)
    full, rest = divmod(rows, span)
    wanted = full + (rest > 0)
    space = len(reporters) * len(partners) * len(codes) * 2
    if wanted > space // 2:
        raise ValueError(f"at most {space // 2 * span:,} rows")
    keys = np.empty(0, dtype=np.int64)
    while len(keys) < wanted:
        n = 2 * (wanted - len(keys)) + 1000
        draw = (
            (
                rng.choice(len(reporters), n, p=w_rep) * len(partners)
                + rng.choice(len(partners), n, p=w_par)
            )
            * len(codes)
            + rng.choice(len(codes), n, p=w_hs)
        ) * 2 + rng.integers(0, 2, n)
        both = np.concatenate([keys, draw])
        _, first = np.unique(both, return_index=True)
        keys = both[np.sort(first)][:wanted]
    flow = keys % 2
    hs = (keys // 2) % len(codes)
    par = (keys // 2 // len(codes)) % len(partners)
    rep = keys // 2 // len(codes) // len(partners)
    level = w_rep[rep] * w_par[par] * w_hs[hs] * rng.lognormal(0, 1, wanted)
    level *= np.where(flow == 0, 1.0, 1.6)  # Belarus imports more from Russia than it exports
    level *= MONTHLY_TOTAL_USD / level.sum()
    trend = rng.normal(0.05, 0.12, wanted)
    # series × months, month-major (files come sorted by period); the last series is short
    n_series = np.full(span, full)
    n_series[span - rest :] += rest > 0
    month_of = np.repeat(np.arange(span), n_series)
    series_of = np.concatenate([np.arange(n) for n in n_series])
    t = month_of / 12.0
    value = (
        level[series_of]
        * (1 + trend[series_of]) ** t
        * SEASON[months[month_of] - 1]
        * rng.lognormal(0, 0.25, len(month_of))
    )
    return pa.table(
        {
            "reporter": pa.array(reporters[rep[series_of]]),
            "partner": pa.array(partners[par[series_of]]),
            "year": pa.array(years[month_of].astype(np.int16)),
            "month": pa.array(months[month_of].astype(np.int8)),
            "flow": pa.array(np.array(["export", "import"])[flow[series_of]]),
            "hs": pa.array(codes[hs[series_of]]),
            "value_usd": pa.array(np.round(value).astype(np.int64)),
        }
    )


def write_statistics(path: Path, rows: int, seed: int = 42) -> Path:
    """Write the synthetic file (CSV, or Parquet for a .parquet name) and its sidecar."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = synth_statistics(rows, seed)
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path, compression="zstd")
    else:
        pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none"))
    meta = {
        "synthetic": True,
        "generator": "coopatlas synth --trade-rows",
        "rows": rows,
        "seed": seed,
    }
    Path(f"{path}.meta.json").write_text(json.dumps(meta, indent=1), "utf-8")
    return path
