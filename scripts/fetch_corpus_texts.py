"""Print, for each corpus article, the `search` query that brings its stored text back.

Why: the labelled corpus (tests/intake/corpus/articles.json) keeps facts only; the article texts
are third-party material and stay out of the repository. They come back by hand through the
`search` tool (corpus `pages`), which code cannot call. For each line this prints, run the
query, find the result whose address is the record's `url`, and save it as
tests/intake/corpus/texts/<id>.txt: first line `url: <address>`, then the excerpt exactly as
returned. The folder is ignored by git; tests/intake/test_corpus.py runs `intake eval` on
whatever texts it holds.

    python scripts/fetch_corpus_texts.py            # every article
    python scripts/fetch_corpus_texts.py --missing  # only those without a text yet
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "intake" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--missing", action="store_true", help="only articles without a text")
    args = parser.parse_args()
    docs = json.loads((CORPUS / "articles.json").read_text(encoding="utf-8"))["documents"]
    for d in docs:
        if args.missing and (CORPUS / "texts" / d["file"]).exists():
            continue
        print(f"{d['id']}\t{d['query']}\t{d['url']}")


if __name__ == "__main__":
    main()
