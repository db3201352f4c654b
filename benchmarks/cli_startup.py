"""How long `coopatlas --help` and light commands take to start (target: at most 0.3 s).

Runs each command several times in a fresh process and reports the median and the best
wall-clock time, and the modules that `import coopatlas.cli` pulls in that should only be
imported inside commands (pandas, numpy, SQLAlchemy, Alembic, SciPy, HiGHS, ...).

    .venv/bin/python benchmarks/cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

HEAVY = ("pandas", "numpy", "sqlalchemy", "alembic", "scipy", "highspy", "pyarrow", "openpyxl",
         "altair", "duckdb", "fastapi", "ray", "rapidfuzz", "trafilatura")  # fmt: skip
COMMANDS = (["--help"], ["plan", "--help"], ["intake", "--help"], ["import", "--help"])


def timed(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each run; CPU time is what a loaded
    machine changes least."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "coopatlas", *args], capture_output=True, check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def heavy_imports() -> list[str]:
    code = "import sys, coopatlas.cli; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    return [m for m in loaded.split() if m.split(".")[0] in HEAVY and "." not in m]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print("| command | wall, median | wall, best | CPU, median |\n|---|---:|---:|---:|")
    for command in COMMANDS:
        wall, cpu = timed(command, args.runs)
        print(
            f"| `coopatlas {' '.join(command)}` | {statistics.median(wall):.3f} s | "
            f"{min(wall):.3f} s | {statistics.median(cpu):.3f} s |"
        )
    heavy = heavy_imports()
    print(f"\nheavy modules imported by `import coopatlas.cli`: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
