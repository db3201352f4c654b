"""News intake speed: plain-text articles extracted per second on one core.

    python benchmarks/intake_speed.py [--articles 2000]

Extracts the five seed articles (../shared/corpus/seeds, about 3,000 characters each, when
present) and coopatlas's own test articles (tests/intake/articles, English and Russian) over
and over in one process with the package gazetteer, and prints articles per CPU second (one
core; also wall-clock). The target (issue 4) is at least 200 per second per core. Not a test:
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import platform
import time
from itertools import cycle, islice
from pathlib import Path

from coopatlas.intake.extract import extract
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.text import read_article

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT.parent / "shared" / "corpus" / "seeds", ROOT / "tests" / "intake" / "articles"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000, help="How many to extract.")
    args = parser.parse_args()
    articles = [read_article(p) for folder in FOLDERS for p in sorted(folder.glob("*.txt"))]
    gaz = reference_gazetteer()
    extract(articles[0], gaz)  # compile the patterns before timing
    chars = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for article in islice(cycle(articles), args.articles):
        extract(article, gaz)
        chars += len(article.text)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"{args.articles} articles ({chars / args.articles:,.0f} characters on average): "
        f"{args.articles / cpu:,.0f} articles per CPU second on one core "
        f"({args.articles / seconds:,.0f}/s wall clock; "
        f"{platform.machine()}, Python {platform.python_version()})"
    )


if __name__ == "__main__":
    main()
