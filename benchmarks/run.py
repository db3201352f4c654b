"""Registry benchmarks: synthetic data generation and import at ministry scale.

    python benchmarks/run.py            # 100,000 enterprises, 10,000 demands (~1M capabilities)
    python benchmarks/run.py --small    # 5,000 enterprises, a quick look

Prints wall-clock seconds and peak memory for each step; figures go into docs/benchmarks.md
with the machine and the date. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import platform
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from coopatlas import registry
from coopatlas.registry.synth import SynthSpec, write_synth


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="5,000 enterprises instead")
    args = parser.parse_args()
    enterprises, demands = (5_000, 1_000) if args.small else (100_000, 10_000)
    machine = platform.processor() or platform.machine()
    print(f"coopatlas registry benchmark, {date.today()}, {machine}, {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "synth"
        start = time.perf_counter()
        written = write_synth(SynthSpec(enterprises=enterprises, demands=demands, seed=1), out)
        rows = {p.stem: n for p, n in written.items()}
        print(
            f"synth {enterprises:,} enterprises, {demands:,} demands, "
            f"{rows.get('capabilities', 0):,} capabilities: {time.perf_counter() - start:.1f} s"
        )
        engine = registry.connect(f"sqlite:///{tmp}/bench.db")
        start = time.perf_counter()
        registry.init_db(engine)
        print(f"db init (schema, 90 regions, 6,939 HS codes): {time.perf_counter() - start:.1f} s")
        for kind in ("enterprises", "capabilities", "demands"):
            start = time.perf_counter()
            result = registry.import_file(engine, kind, out / f"{kind}.csv")
            print(f"import {kind}: {result.rows:,} rows in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        frame = registry.export_frame(engine, "capabilities")
        print(f"export capabilities: {len(frame):,} rows in {time.perf_counter() - start:.1f} s")
    print(f"peak memory: {_peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
