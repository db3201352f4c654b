"""The labelled real-article corpus: its shape always, and `intake eval` on the stored texts.

The corpus (tests/intake/corpus/articles.json) holds facts only. The texts are brought back by
hand through the `search` tool (scripts/fetch_corpus_texts.md) into the ignored folder
tests/intake/corpus/texts/; the eval test runs on whatever texts that folder holds.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coopatlas.cli import run

CORPUS = Path(__file__).resolve().parent / "corpus"
GOLD = CORPUS / "articles.json"
TEXTS = CORPUS / "texts"
REGIONS = Path(__file__).resolve().parents[2] / "src/coopatlas/data/reference/regions.csv"
INDICATORS = {"turnover", "export", "import"}
QUALIFIERS = {"exact", "approx", "over", "under"}
CURRENCIES = {"USD", "RUB", "BYN", "EUR"}
STATUSES = {"proposed", "development", "operating", "stalled", "completed", "cancelled"}


def _docs() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    return docs


def _codes() -> set[str]:
    with REGIONS.open(encoding="utf-8") as fh:
        return {row["code"] for row in csv.DictReader(fh)}


def test_corpus_size_and_languages() -> None:
    docs = _docs()
    assert len(docs) >= 150
    assert sum(d["language"] == "ru" for d in docs) >= 60
    assert {d["language"] for d in docs} <= {"en", "ru"}
    russian_regions = {r["code"] for d in docs for r in d["regions"] if r["code"].startswith("RU-")}
    assert len(russian_regions) >= 40


def test_ids_files_and_addresses_are_unique() -> None:
    docs = _docs()
    for key in ("id", "file", "url"):
        values = [d[key] for d in docs]
        assert len(values) == len(set(values)), key
    for d in docs:
        assert d["file"] == f"{d['id']}.txt"
        assert re.fullmatch(r"https?://\S+", d["url"]), d["id"]
        assert d.get("query"), d["id"]
        assert d["completeness"] in ("full", "partial"), d["id"]
        if d.get("published"):
            date.fromisoformat(d["published"])


def test_codes_periods_and_values_are_valid() -> None:
    codes = _codes()
    places = codes | {"RU"}
    for d in _docs():
        where = d["id"]
        assert all(r["code"] in codes for r in d["regions"]), where
        for f in d["trade_figures"]:
            assert f["partner"] in places, (where, f)
            assert f.get("reporter", "BY") in codes | {"BY"}, (where, f)
            assert f["indicator"] in INDICATORS, (where, f)
            assert f["qualifier"] in QUALIFIERS, (where, f)
            start, end = date.fromisoformat(f["period_start"]), date.fromisoformat(f["period_end"])
            assert start <= end and start.day == 1, (where, f)
            assert 2000 <= start.year <= 2026, (where, f)
            value = f["value_usd"] if f["value_usd"] is not None else f.get("value")
            assert value is not None and value > 0, (where, f)
            if f["value_usd"] is None:
                assert f.get("currency") in CURRENCIES - {"USD"}, (where, f)
            assert f.get("growth_basis", "previous_period") == "previous_period", (where, f)
        for p in d["people"]:
            assert p["name"].strip() and p["role"].strip(), (where, p)
        for j in d["projects"]:
            assert j["status"] in STATUSES and j["summary"], (where, j)
        for t in d["trends"]:
            assert t["partner"] in places and t["direction"], (where, t)


def test_the_seed_regions_come_with_several_years() -> None:
    years: dict[str, set[int]] = {"RU-LIP": set(), "RU-VLG": set(), "RU-CHE": set()}
    for d in _docs():
        for f in d["trade_figures"]:
            if f["partner"] in years and f.get("reporter", "BY") == "BY":
                years[f["partner"]].add(int(f["period_start"][:4]))
    assert all(len(y) >= 3 for y in years.values()), years


def _texts() -> list[dict[str, Any]]:
    return [d for d in _docs() if (TEXTS / d["file"]).exists()]


@pytest.mark.skipif(not _texts(), reason="no corpus texts in tests/intake/corpus/texts")
def test_stored_texts_name_their_address() -> None:
    for d in _texts():
        first = (TEXTS / d["file"]).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"url: {d['url']}", d["id"]


@pytest.mark.skipif(not _texts(), reason="no corpus texts in tests/intake/corpus/texts")
@pytest.mark.parametrize("language", ["en", "ru"])
def test_intake_eval_runs_on_the_stored_texts(
    language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = [d for d in _texts() if d["language"] == language]
    if not docs:
        pytest.skip(f"no {language} texts")
    gold = tmp_path / f"gold-{language}.json"
    gold.write_text(json.dumps({"about": "", "documents": docs}, ensure_ascii=False), "utf-8")
    code = run(["intake", "eval", str(gold), str(TEXTS)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"intake eval: {len(docs)} documents" in out
    for field in ("trade_figures", "regions", "people", "enterprises"):
        assert field in out


def test_the_figure_model_names_the_corpus_articles_it_was_trained_on() -> None:
    """`intake eval` tells a reader which scores are not of unseen articles: the weights file
    lists the corpus ids that trained it, all of them labelled for trade figures."""
    from coopatlas.intake.figures import model_trained_on

    trained = model_trained_on()
    labelled = {d["id"] for d in _docs() if "trade_figures" in d.get("labelled", ["trade_figures"])}
    assert len(trained) >= 150 and trained <= labelled
