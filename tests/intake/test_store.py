"""`intake add` on SQLite and PostgreSQL: provenance, no-op re-adds, duplicates, conflicts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from coopatlas.intake.store import add_files, conflicts, document_sentences, minhash, similarity
from coopatlas.registry import export_frame, import_file
from tests.conftest import write
from tests.intake.helpers import ARTICLES, SEEDS, need_seeds

pytestmark = pytest.mark.store


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as c:
        return int(c.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_add_twice_stores_nothing_new(engine: sa.Engine) -> None:
    first = add_files(engine, [ARTICLES])
    n = len(list(ARTICLES.glob("*.txt")))
    assert [r.status for r in first] == ["added"] * n
    counts = {t: _count(engine, t) for t in ("documents", "facts", "trade_flows")}
    # 32 figures; two are also given in rubles for a period with a USD figure: one flow each
    assert counts["trade_flows"] == 30
    second = add_files(engine, [ARTICLES])
    assert [r.status for r in second] == ["unchanged"] * n
    assert {t: _count(engine, t) for t in counts} == counts


def test_trade_flows_keep_their_sentence(engine: sa.Engine) -> None:
    [result] = add_files(engine, [ARTICLES / "en_01_smolensk.txt"])
    trade = export_frame(engine, "trade")
    row = trade[(trade["partner"] == "RU-SMO") & (trade["period_end"].astype(str) == "2024-02-29")]
    assert len(row) == 1
    source = row["source"].iloc[0]
    assert source == f"doc:{result.document}"
    assert row["value_usd"].iloc[0] == 176_500_000 and row["growth_pct"].iloc[0] == 3.1
    sentences = document_sentences(engine, source)
    assert any("$176.5 million" in s for s in sentences)
    with engine.connect() as c:
        facts = c.execute(
            sa.text("SELECT kind, payload, span_start, span_end FROM facts WHERE document = :d"),
            {"d": result.document},
        ).all()
    text = (ARTICLES / "en_01_smolensk.txt").read_text(encoding="utf-8")
    figures = [f for f in facts if f.kind == "trade_figure"]
    assert len(figures) == 4
    assert all(
        text[f.span_start : f.span_end] in json.loads(f.payload)["sentence"] for f in figures
    )
    assert {f.kind for f in facts} >= {"region", "person", "enterprise", "project", "fingerprint"}


def test_facts_say_when_a_period_was_inferred(engine: sa.Engine) -> None:
    """The Tomsk article shows no date: "в прошлом году" is dated from its file name."""
    dated, undated = add_files(
        engine, [ARTICLES / "en_01_smolensk.txt", ARTICLES / "ru_03_tomsk_2023-10-05.txt"]
    )
    with engine.connect() as c:
        rows = c.execute(
            sa.text("SELECT document, payload FROM facts WHERE kind = 'trade_figure'")
        ).all()
    inferred = {
        (r.document, json.loads(r.payload)["period_end"]): json.loads(r.payload)["period_inferred"]
        for r in rows
    }
    assert not any(v for (d, _), v in inferred.items() if d == dated.document)
    assert inferred[(undated.document, "2022-12-31")] is True  # "в прошлом году"
    assert inferred[(undated.document, "2019-12-31")] is False  # "(как в 2019 году)"


def _reword(text: str) -> str:
    """A machine-spun copy: some words swapped for synonyms, as in seed 004."""
    swaps = {
        "said": "stated",
        "intend": "plan",
        "discussed": "talked about",
        "ready": "prepared",
        "key": "main",
        "new": "fresh",
        "expand": "widen",
        "made the statement": "noted this",
    }
    for a, b in swaps.items():
        text = re.sub(rf"\b{a}\b", b, text)
    return text


def test_reworded_copy_is_a_linked_duplicate_not_new_evidence(
    engine: sa.Engine, tmp_path: Path
) -> None:
    original = ARTICLES / "en_01_smolensk.txt"
    copy = write(tmp_path / "copy.txt", _reword(original.read_text(encoding="utf-8")))
    flows_before = _count(engine, "trade_flows")
    first, second = add_files(engine, [original, copy])
    assert first.status == "added" and second.status == "duplicate"
    assert second.duplicate_of == first.document
    assert _count(engine, "trade_flows") == flows_before + 4
    with engine.connect() as c:
        linked = c.execute(
            sa.text("SELECT duplicate_of FROM documents WHERE id = :d"), {"d": second.document}
        ).scalar_one()
    assert linked == first.document


def test_different_articles_are_not_duplicates() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    signatures = [minhash(t) for t in texts]
    matrix = np.array(signatures)
    for i, s in enumerate(signatures):
        scores = similarity(s, matrix)
        scores[i] = 0
        assert scores.max() < 0.1


def test_conflicting_figures_are_flagged(engine: sa.Engine, tmp_path: Path) -> None:
    add_files(engine, [ARTICLES / "en_01_smolensk.txt"])
    other = write(
        tmp_path / "other.txt",
        "20 March 2024\n\nSmolensk Oblast governor meets Belarusian delegation\n\n"
        "The governor said that in 2023 Smolensk Oblast's trade with Belarus amounted to "
        "$1.25 billion. Belarus' export to Smolensk Oblast reached $781 million in 2023.",
    )
    [result] = add_files(engine, [other])
    assert result.status == "added"
    found = conflicts(engine)
    assert [(c["partner"], c["flow"], c["value_a"], c["value_b"]) for c in found] == [
        ("RU-SMO", "turnover", 1_200_000_000.0, 1_250_000_000.0)
    ] or [(c["partner"], c["flow"], c["value_b"], c["value_a"]) for c in found] == [
        ("RU-SMO", "turnover", 1_200_000_000.0, 1_250_000_000.0)
    ]
    assert len(result.conflicts) == 1  # the $781m export is within 1% of $780m


def test_bad_files_fail_alone(engine: sa.Engine, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ARTICLES / "en_02_kaluga.txt", folder / "a.txt")
    (folder / "b.txt").write_bytes("Товарооборот 68 млн долларов".encode("cp1251"))
    (folder / "c.txt").write_bytes(b"")
    results = add_files(engine, [folder])
    assert [r.status for r in results] == ["added", "failed", "failed"]
    assert "cp1251" in (results[1].error or "") and "empty" in (results[2].error or "")


def test_seeds_lipetsk_figures_become_trade_flows(engine: sa.Engine) -> None:
    need_seeds()
    results = add_files(engine, [SEEDS])
    assert [r.status for r in results] == ["added"] * 5
    trade = export_frame(engine, "trade")
    lipetsk = trade[trade["partner"] == "RU-LIP"]
    assert sorted(lipetsk["value_usd"]) == [68e6, 70e6, 91e6, 315e6, 334e6]
    sentences = document_sentences(engine, lipetsk["source"].iloc[0])
    assert any("$68 million" in s for s in sentences)


def test_a_figure_in_dollars_and_rubles_is_one_flow_with_both(engine: sa.Engine) -> None:
    add_files(engine, [ARTICLES / "en_02_kaluga.txt"])
    trade = export_frame(engine, "trade")
    year = trade[(trade["partner"] == "RU-KLU") & (trade["period_end"].astype(str) == "2022-12-31")
                 & (trade["flow"] == "turnover")]  # fmt: skip
    assert len(year) == 1
    row = year.iloc[0]
    # "close to $654 million last year" and "48.6 billion Russian rubles in 2022"
    assert row["value_usd"] == 654_000_000 and row["qualifier"] == "approx"
    assert (row["value"], row["currency"]) == (48.6e9, "RUB")


def test_article_listed_by_the_registry_gets_its_facts(engine: sa.Engine, tmp_path: Path) -> None:
    """A saved page whose address the registry lists (a dataset row) fills that row in."""
    url = "https://example.org/news/belarus-lipetsk-2023"
    listed = write(tmp_path / "documents.csv",
                   f"id,kind,title,url,published\nlip-2023,article,Belarus and Lipetsk,{url},"
                   "2024-02-01\n")  # fmt: skip
    import_file(engine, "documents", listed)
    body = " ".join(["Belarus' trade with Lipetsk Oblast totaled $68 million in 2023."] * 4)
    page = write(tmp_path / "page.html",
                 f"<html><head><title>Belarus and Lipetsk</title><link rel='canonical' "
                 f"href='{url}'></head><body><article><h1>Belarus and Lipetsk</h1><p>{body}</p>"
                 "</article></body></html>")  # fmt: skip
    [result] = add_files(engine, [page])
    assert result.status == "added" and result.document == "lip-2023"
    docs = export_frame(engine, "documents")
    assert list(docs["id"]) == ["lip-2023"]  # no second row for the same article
    row = docs.iloc[0]
    assert row["sha256"] and str(row["published"]) == "2024-02-01"  # the registry's date kept
    trade = export_frame(engine, "trade")
    assert (trade["source"] == url).all() and len(trade) == 1
    assert add_files(engine, [page])[0].status == "unchanged"
