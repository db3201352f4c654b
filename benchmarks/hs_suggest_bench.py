"""How fast `hs suggest` answers: from a cold shell, on its first run, and warm per query.

* cold: `coopatlas hs suggest TEXT --format json` in a fresh process with the index already
  in the user cache (target: at most 1 s wall); wall-clock and CPU (user + system) seconds,
  median and best of --runs, since CPU time is what a loaded machine changes least;
* first run: the same with an empty cache (XDG_CACHE_HOME in a temporary folder), which
  builds the lexical index (the e5 heading embeddings ship precomputed);
* warm: one query in a running process, p50/p95 over the blind development sets, the
  hybrid scorer and, as the baseline, the lexical scorer alone.

    .venv/bin/python benchmarks/hs_suggest_bench.py [--runs 7]
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

QUERIES = [
    "refrigerators and freezers",
    "токарные станки по металлу",
    "поставка подшипников качения",
]
DEV = Path(__file__).resolve().parent.parent / "tests" / "match" / "dev"


def cold(text: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "coopatlas", "hs", "suggest", text, "--format", "json"]
    subprocess.run(command, capture_output=True, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def warm() -> None:
    import numpy as np
    import pandas as pd

    from coopatlas.match.hs import HsOptions, hs_index

    index = hs_index()
    queries = pd.concat([pd.read_csv(DEV / f"hs_{x}_blind.csv")["query"] for x in ("en", "ru")])
    for label, weight in (("hybrid (lexical + e5)", HsOptions().e5_weight), ("lexical only", 0.0)):
        index.options = HsOptions(e5_weight=weight)
        index.suggest("warm-up")
        took = []
        for text in queries:
            start = time.perf_counter()
            index.suggest(text)
            took.append(1000 * (time.perf_counter() - start))
        p50, p95 = np.percentile(took, [50, 95])
        print(f"warm, {label}: {len(took)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as cache:
        wall, cpu = cold(QUERIES[0], dict(os.environ, XDG_CACHE_HOME=cache))
        print(f"first run (builds the index): {wall:.1f} s wall, {cpu:.1f} s CPU")
    cold(QUERIES[0])  # the user cache exists after this
    for text in QUERIES:
        results = [cold(text) for _ in range(runs)]
        wall = [w for w, _ in results]
        cpu = [c for _, c in results]
        print(
            f"cold {text!r}: wall median {statistics.median(wall):.2f} s (best {min(wall):.2f}),"
            f" CPU median {statistics.median(cpu):.2f} s (best {min(cpu):.2f})"
        )
    warm()
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
