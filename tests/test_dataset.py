"""The default dataset's real part, checked row by row from its files (no database needed).

Why strict: the trade monitor, the briefing and `intake add` lean on these rows, and most of
them are built from the labelled corpus by scripts/corpus_to_dataset.py. Every row must name a
source that is a document of the dataset, every checked gold figure of the corpus must be a
row with its article as source, the README must say how many rows there are, and the seed
regions must carry every year the articles give.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "coopatlas" / "data" / "union-state-2023"
GOLD = ROOT / "tests" / "intake" / "corpus" / "articles.json"
REGIONS = ROOT / "src" / "coopatlas" / "data" / "reference" / "regions.csv"
SCRIPT = ROOT / "scripts" / "corpus_to_dataset.py"
KEY = ("reporter", "partner", "period_start", "period_end", "flow", "hs", "source")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def trade() -> list[dict[str, str]]:
    return _rows("trade.csv")


@pytest.fixture(scope="module")
def documents() -> list[dict[str, str]]:
    return _rows("documents.csv")


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_to_dataset", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    return docs


def test_every_trade_row_is_real_sourced_and_well_formed(
    trade: list[dict[str, str]], documents: list[dict[str, str]]
) -> None:
    with REGIONS.open(encoding="utf-8") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)} | {"RU", "BY"}
    urls = {d["url"] for d in documents}
    for n, row in enumerate(trade, start=2):
        where = f"trade.csv row {n}"
        assert row["synthetic"] == "false", where
        assert re.fullmatch(r"https?://\S+", row["source"]), where
        assert row["source"] in urls, f"{where}: source is not a row of documents.csv"
        assert row["reporter"] in codes and row["partner"] in codes, where
        assert row["flow"] in {"export", "import", "turnover"} and row["hs"] == "TOTAL", where
        assert date.fromisoformat(row["period_start"]) <= date.fromisoformat(row["period_end"])
        if row["value_usd"]:
            assert float(row["value_usd"]) > 0 and not row["value"], where
        else:
            assert float(row["value"]) > 0 and row["currency"] in {"RUB", "BYN", "EUR"}, where
    keys = Counter(tuple(row[k] for k in KEY) for row in trade)
    assert max(keys.values()) == 1, "one row per figure and source"


def test_documents_have_unique_ids_and_addresses(documents: list[dict[str, str]]) -> None:
    for column in ("id", "url"):
        values = [d[column] for d in documents]
        assert len(values) == len(set(values)), column
    assert all(d["title"].strip() and d["language"] in {"en", "ru"} for d in documents)


def test_at_least_400_figures_for_60_russian_regions(trade: list[dict[str, str]]) -> None:
    assert len(trade) >= 400
    regions = {r["partner"] for r in trade if r["partner"].startswith("RU-")}
    assert len(regions) >= 60, len(regions)
    totals = {
        r["period_start"][:4] for r in trade if r["partner"] == "RU" and r["reporter"] == "BY"
    }
    assert len(totals) >= 19, sorted(totals)


def test_readme_counts_are_the_files(script: ModuleType, gold: list[dict[str, Any]]) -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name in (
        "documents.csv",
        "enterprises.csv",
        "trade.csv",
        "projects.csv",
        "product_lines.csv",
    ):
        match = re.search(rf"\| `{name}` \| (\d+) \|", readme)
        assert match, name
        assert int(match.group(1)) == len(_rows(name)), name
    # the per-partner table is the script's own output for the corpus as it stands
    assert script.readme_table(gold) in readme


def test_every_corpus_figure_is_a_row_with_its_article_as_source(
    script: ModuleType, gold: list[dict[str, Any]], trade: list[dict[str, str]]
) -> None:
    held = {tuple(row[k] for k in KEY): row for row in trade}
    documents = {d["url"] for d in _rows("documents.csv")}
    expected = 0
    for doc in gold:
        seen: set[tuple[str, ...]] = set()
        for row in script.trade_rows(doc):
            key = tuple(row[k] for k in KEY)
            if key in seen:  # a second value for the same key: the first is the row
                continue
            seen.add(key)
            expected += 1
            assert key in held, (doc["id"], key)
            for column in ("value_usd", "value", "currency", "qualifier", "growth_pct"):
                assert held[key][column] == row[column], (doc["id"], key, column)
            assert doc["url"] in documents, doc["id"]
    assert expected >= 360


@pytest.mark.parametrize("partner", ["RU-LIP", "RU-VLG", "RU-CHE", "RU"])
def test_the_dataset_has_every_period_the_articles_give(
    partner: str, gold: list[dict[str, Any]], trade: list[dict[str, str]]
) -> None:
    stated = {
        (f["period_start"], f["period_end"])
        for d in gold
        for f in d["trade_figures"]
        if f["partner"] == partner
        and f.get("reporter", "BY") == "BY"
        and (
            f.get("value_usd") is not None or f.get("value") is not None
        )  # a growth alone is no row
    }
    held = {(r["period_start"], r["period_end"]) for r in trade if r["partner"] == partner}
    assert stated and stated <= held, sorted(stated - held)
    if partner != "RU":  # the seed regions: several years each
        assert len({start[:4] for start, _ in held}) >= 3, sorted(held)


def test_every_document_and_project_has_its_title_in_russian(
    documents: list[dict[str, str]],
) -> None:
    """Russian pages and briefings show ``title_ru``: our own Russian of our own title."""
    for table, rows in (("documents", documents), ("projects", _rows("projects.csv"))):
        for row in rows:
            title_ru = row["title_ru"]
            assert title_ru and len(re.findall("[а-яё]", title_ru, re.I)) > len(title_ru) / 3, (
                f"{table}.csv {row['id']}: title_ru {title_ru!r}"
            )
