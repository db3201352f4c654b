"""News intake speed: plain-text articles extracted per second on one core.

    python benchmarks/intake_speed.py [--articles 2000] [--folder DIR ...] [--min-chars 2000]

Extracts the five seed articles (../shared/corpus/seeds, about 3,000 characters each, when
present) and coopatlas's own test articles (tests/intake/articles, English and Russian), or
the .txt files of the folders given (e.g. the corpus texts), over and over in one process with
the package gazetteer, and prints articles per CPU second (one core; also wall-clock).
Start-up (imports, the gazetteer, natasha's dictionaries, compiling the patterns) is timed
apart: the first pass over the articles is not counted. ``--min-chars``/``--max-chars`` keep
articles of that length (the issue-13 target is 1,000 per second on 2,000–4,000 characters).
Not a test: nothing here asserts a time.
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
    parser.add_argument("--folder", type=Path, action="append", help="Folders of .txt files.")
    parser.add_argument("--min-chars", type=int, default=0)
    parser.add_argument("--max-chars", type=int, default=10**9)
    args = parser.parse_args()
    folders = args.folder or FOLDERS
    articles = [read_article(p) for folder in folders for p in sorted(folder.glob("*.txt"))]
    articles = [a for a in articles if args.min_chars <= len(a.text) <= args.max_chars]
    if not articles:
        raise SystemExit("no articles of that length")
    started = time.perf_counter()
    gaz = reference_gazetteer()
    for article in articles:  # start-up: compile the patterns, load natasha's dictionaries
        extract(article, gaz)
    print(f"start-up and a first pass over {len(articles)} articles: "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip
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
