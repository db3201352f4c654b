"""Evaluate the news intake on real articles listed in ../shared/corpus/articles/sources.json.

The repository keeps no third-party article text. Put the stored text of each article you
can retrieve (the `search` query in INDEX.md, corpus `pages`) in a folder as ``<id>.txt``,
then:

    python benchmarks/intake_sources_eval.py FOLDER [--sources PATH/TO/sources.json]

Only articles with a file are scored. Gold trade figures are the sources.json figures with a
USD value and a concrete period (a year or a month range) for Belarus as a whole; regions are
the listed ISO 3166-2 codes. Prints precision, recall and F1, and the misses.

The ids carry the article's date, which the intake uses for "last year" or "in
January-August" when the copy itself shows no date; ``--hide-file-dates`` scores copies named
``doc00.txt``… to measure the intake without that help.
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from coopatlas.intake.evaluate import evaluate
from coopatlas.intake.gazetteer import reference_gazetteer

DEFAULT_SOURCES = Path(__file__).resolve().parents[2] / "shared/corpus/articles/sources.json"
INDICATORS = {"turnover": "turnover", "exports": "export", "imports": "import"}


def _period(text: str) -> tuple[str, str] | None:
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01", f"{text}-12-31"
    m = re.fullmatch(r"(\d{4})-(\d\d)\.\.(\d{4})-(\d\d)", text)
    if m:
        y1, m1, y2, m2 = map(int, m.groups())
        last = calendar.monthrange(y2, m2)[1]
        return f"{y1}-{m1:02d}-01", f"{y2}-{m2:02d}-{last:02d}"
    return None


def gold_from_sources(
    records: list[dict[str, Any]], partner_of: dict[str, str]
) -> list[dict[str, Any]]:
    """sources.json records as documents of a seeds-expected.json gold file."""
    documents = []
    for r in records:
        figures = []
        for f in r["trade_figures"]:
            indicator = INDICATORS.get(f["indicator"])
            period = _period(f["period"])
            whole_belarus = f["flow"].startswith("Belarus") or f["flow"].endswith("→Belarus")
            if indicator is None or period is None or f["value_usd"] is None or not whole_belarus:
                continue
            figures.append(
                {
                    "partner": partner_of[r["id"]],
                    "indicator": indicator,
                    "period_start": period[0],
                    "period_end": period[1],
                    "value_usd": f["value_usd"],
                }
            )
        documents.append(
            {
                "file": f"{r['id']}.txt",
                "regions": [{"code": code, "name": name} for code, name in r["regions"]],
                "trade_figures": figures,
            }
        )
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument(
        "--hide-file-dates", action="store_true", help="Score copies whose names carry no date."
    )
    args = parser.parse_args()
    records = json.loads(args.sources.read_text(encoding="utf-8"))["records"]
    present = [r for r in records if (args.folder / f"{r['id']}.txt").exists()]
    if not present:
        sys.exit(f"no <id>.txt files of {args.sources} in {args.folder}")
    partner_of = {r["id"]: r["regions"][0][0] for r in present}
    gold = {"about": "from sources.json", "documents": gold_from_sources(present, partner_of)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if args.hide_file_dates:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            for i, doc in enumerate(gold["documents"]):
                text = (args.folder / doc["file"]).read_bytes()
                doc["file"] = f"doc{i:02d}.txt"
                (folder / doc["file"]).write_bytes(text)
        gold_path = Path(tmp) / "gold.json"
        gold_path.write_text(json.dumps(gold), encoding="utf-8")
        report = evaluate(gold_path, folder, reference_gazetteer())
    print(f"{report.documents} articles")
    for name in ("trade_figures", "regions"):
        s = report.scores[name]
        print(
            f"{name:14} precision {s.precision:.2f}  recall {s.recall:.2f}  F1 {s.f1:.2f}"
            f"  (gold {s.gold}, extracted {s.extracted})"
        )
    for line in report.misses:
        if "trade_figure" in line or "region" in line:
            print(line)


if __name__ == "__main__":
    main()
