"""`coopatlas intake add` of the whole labelled corpus into a demo database, timed.

    python benchmarks/intake_add_corpus.py [--folder tests/intake/corpus/texts] [--runs 3]
    python benchmarks/intake_add_corpus.py --standin [--runs 3]

Why: issue 13 asks that adding the whole corpus takes at most 10 s. A new user runs
`coopatlas demo` and then `coopatlas intake add FOLDER`; this does the same: it loads the
default dataset into a fresh SQLite file once (not timed), then, for each run, copies that file
and times the CLI command as a subprocess (wall clock, and the child's CPU seconds), start-up
included. The texts come back by hand (scripts/fetch_corpus_texts.py); the folder is ignored
by git. Where they are absent, ``--standin`` times the 608 synthetic stand-in articles that
``standin_corpus.py`` writes from the corpus's facts instead (easier sentences than the real
ones: a lower bound). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coopatlas import registry
from coopatlas.match.name_cache import warm
from coopatlas.registry.dataset import load_default_dataset

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "tests" / "intake" / "corpus" / "texts"


def _template(folder: Path) -> Path:
    path = folder / "template.db"
    engine = registry.connect(f"sqlite:///{path}")
    registry.init_db(engine)
    load_default_dataset(engine)
    engine.dispose()
    warm(f"sqlite:///{path}")  # as `coopatlas demo` does: the name indexes cached beside it
    return path


def _run(db: Path, texts: Path) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "coopatlas", "--db", f"sqlite:///{db}", "intake", "add", str(texts)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):  # 1: some file had a user error, the others were read
        raise SystemExit(done.stderr)
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=TEXTS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--standin", action="store_true", help="the synthetic stand-in, not the corpus texts"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.standin:
            from standin_corpus import write

            args.folder = Path(tmp) / "standin"
            write(args.folder)
            print(f"synthetic stand-in articles (benchmarks/standin_corpus.py) in {args.folder}")
        texts = sorted(args.folder.glob("*.txt"))
        if not texts:
            raise SystemExit(
                f"no texts in {args.folder} (scripts/fetch_corpus_texts.py, or --standin)"
            )
        chars = sum(len(p.read_text(encoding="utf-8")) for p in texts)
        template = _template(Path(tmp))
        for run in range(1, args.runs + 1):
            db = Path(tmp) / f"run{run}.db"
            shutil.copy(template, db)
            for cache in template.parent.glob(f"{template.name}.names-*.pickle"):
                shutil.copy(cache, db.with_name(cache.name.replace(template.name, db.name)))
            wall, cpu, out = _run(db, args.folder)
            stored = out.count(": stored as ")
            print(
                f"run {run}: {len(texts)} texts ({chars / len(texts):,.0f} characters on "
                f"average), {stored} stored: {wall:.2f} s wall, {cpu:.2f} s CPU"
            )
    load = os.getloadavg()
    print(
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )


if __name__ == "__main__":
    main()
