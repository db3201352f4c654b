"""How long ``coopatlas brief`` takes: the Lipetsk briefing, HTML and PDF, both languages.

Each run is the whole command as a user starts it (a fresh process: imports, the database,
the charts drawn by vl-convert, Chromium printing the PDF), on the default dataset in a
temporary SQLite file; ``--stats-rows N`` also loads N rows of synthetic customs statistics,
so structure, opportunities and the map come from the statistics store as well.
Target (issue 12): ≤ 5 s. Besides the wall time it prints the CPU time of the process and
its children (Chromium) and the load average: on a shared machine the wall time says more
about the neighbours than about the command.

    python benchmarks/brief_bench.py [--stats-rows 200000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coopatlas import registry
from coopatlas.registry.dataset import load_default_dataset
from coopatlas.trade import store
from coopatlas.trade.synth import write_statistics

COOPATLAS = [sys.executable, "-m", "coopatlas"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stats-rows", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'coopatlas.db'}"
        engine = registry.connect(url)
        registry.init_db(engine)
        load_default_dataset(engine)
        if args.stats_rows:
            stats = write_statistics(folder / "stats.csv", rows=args.stats_rows, seed=7)
            store.load_files(engine, [stats], synthetic=True)
        engine.dispose()
        print(f"default dataset, {args.stats_rows:,} synthetic statistics rows")
        for lang in ("en", "ru"):
            for outputs in (["--out", "b.html"], ["--out", "b.html", "--pdf", "b.pdf"]):
                times, cpu = [], []
                for _ in range(args.runs):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    start = time.perf_counter()
                    subprocess.run(
                        [*COOPATLAS, "-q", "--db", url, "brief", "RU-LIP", "--lang", lang,
                         *(str(folder / o) if o.startswith("b.") else o for o in outputs)],
                        check=True,
                    )  # fmt: skip
                    times.append(time.perf_counter() - start)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                what = "HTML + PDF" if "--pdf" in outputs else "HTML"
                print(
                    f"brief RU-LIP --lang {lang} ({what}): median {statistics.median(times):.2f} s "
                    f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs); CPU "
                    f"{statistics.median(cpu):.2f} s (the process and its Chromium); load "
                    f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
                )


if __name__ == "__main__":
    main()
