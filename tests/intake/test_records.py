"""Projects and trends as records; figures the registry holds merge; provenance forms."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from coopatlas.errors import UserError
from coopatlas.intake.records import list_projects, list_trends
from coopatlas.intake.store import add_files, document_sentences
from coopatlas.intake.text import read_article
from coopatlas.registry import export_frame
from coopatlas.registry.dataset import load_default_dataset
from tests.conftest import write
from tests.intake.helpers import ARTICLES, SEEDS, need_seeds

pytestmark = pytest.mark.store


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as c:
        return int(c.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture
def demo(engine: sa.Engine) -> sa.Engine:
    """The default dataset, as `coopatlas demo` loads it."""
    load_default_dataset(engine)
    return engine


def test_seeds_into_the_demo_database_add_no_second_copy_of_a_figure(demo: sa.Engine) -> None:
    need_seeds()
    before = export_frame(demo, "trade")
    results = add_files(demo, [SEEDS])
    assert all(r.status == "added" for r in results)
    after = export_frame(demo, "trade")
    key = ["reporter", "partner", "period_start", "period_end", "flow", "hs"]
    # the dataset may hold one figure from several sources; the seeds add no row at all
    assert len(after) == len(before)
    assert after.groupby(key).size().equals(before.groupby(key).size())
    assert not after["source"].str.startswith("doc:").any()
    lipetsk = next(r for r in results if r.path.endswith("003_3bb6f82b45dc8d5f.txt"))
    assert lipetsk.merged == 5 and lipetsk.trade_flows == 0
    # the saved page without its address is recognised as the dataset's document by its figures
    assert lipetsk.document == "seed-2023-06-01-lipetsk"
    docs = export_frame(demo, "documents")
    url = docs.loc[docs["id"] == "seed-2023-06-01-lipetsk", "url"].iloc[0]
    assert url in set(after["source"])
    assert any("$68 million" in s for s in document_sentences(demo, url))


def test_lipetsk_tractor_plant_project_is_listed_with_its_status(demo: sa.Engine) -> None:
    need_seeds()
    projects_before = _count(demo, "projects")
    add_files(demo, [SEEDS])
    found = list_projects(demo, "RU-LIP")
    ltz = [p for p in found if "ltz" in p["parties"] and p["kind"] == "assembly"]
    assert len(ltz) == 1 and ltz[0]["status"] == "development"
    assert any("Lipetsk tractor plant" in e["sentence"] for e in ltz[0]["sentences"])
    # the seeds' projects merged with the dataset's rather than being added twice
    assert _count(demo, "projects") == projects_before


def test_three_stage_programme_has_its_stages_and_horizon(engine: sa.Engine) -> None:
    need_seeds()
    add_files(engine, sorted(SEEDS.glob("004_*.txt")))
    [programme] = [p for p in list_projects(engine) if p["stages"]]
    assert programme["horizon"] == 2030
    assert [s["stage"] for s in programme["stages"]] == [1, 2, 3]
    assert "3rd stage" in programme["stages"][2]["summary"]


def test_a_project_told_twice_is_one_record(demo: sa.Engine, tmp_path: Path) -> None:
    one = write(tmp_path / "a.txt", "12 May 2023\n\nThe project to assemble MAZ trucks in "
                "Lipetsk Oblast is underway, the governor of Lipetsk Oblast said.")  # fmt: skip
    two = write(tmp_path / "b.txt", "20 June 2024\n\nAssembly of MAZ trucks in Lipetsk Oblast "
                "is already operating, Lipetsk Oblast reported at the forum in Minsk.")  # fmt: skip
    add_files(demo, [one, two])
    found = [p for p in list_projects(demo, "RU-LIP") if "maz" in p["parties"]]
    assert len(found) == 1 and len(found[0]["sentences"]) == 2
    assert found[0]["status"] == "operating"  # the newer document's status


def test_trends_are_records_filtered_by_partner(engine: sa.Engine) -> None:
    need_seeds()
    add_files(engine, [SEEDS])
    lipetsk = list_trends(engine, "RU-LIP")
    assert {(t["indicator"], t["direction"]) for t in lipetsk} == {
        ("turnover", "rising"),
        ("balance", "negative"),
    }
    assert any(t["period"] == "since 2020" for t in lipetsk)
    assert {t["partner"] for t in list_trends(engine)} == {"RU-LIP", "RU-CHE"}


def test_url_option_line_and_every_id_form(engine: sa.Engine, tmp_path: Path) -> None:
    text = (ARTICLES / "en_01_smolensk.txt").read_text(encoding="utf-8")
    saved = write(tmp_path / "a.txt", "url: https://example.org/smolensk-1\n" + text)
    assert read_article(saved).url == "https://example.org/smolensk-1"
    assert read_article(saved).text == text  # the line is not part of the article
    with pytest.raises(UserError, match="one article"):
        add_files(engine, [saved, ARTICLES / "en_02_kaluga.txt"], url="https://example.org/x")
    [result] = add_files(engine, [ARTICLES / "en_02_kaluga.txt"], url="https://example.org/k")
    by_url = document_sentences(engine, "https://example.org/k")
    assert by_url == document_sentences(engine, result.document or "")
    assert by_url == document_sentences(engine, f"doc:{result.document}")
    kinds = {s[1 : s.index(" ")] for s in by_url}
    assert {"trade", "region", "person"} <= kinds
    assert all(s.startswith("[") and "] " in s for s in by_url)


def test_the_intake_names_enterprises_with_the_index_find_answers_from(demo: sa.Engine) -> None:
    """One definition of which enterprise a name means: a registry's gazetteer reads with the
    matching engine's own index (cached beside a SQLite file), and finds what an index built
    from the gazetteer's names finds."""
    from coopatlas.intake.gazetteer import database_gazetteer
    from coopatlas.intake.known import KnownEnterprises
    from coopatlas.match.name_cache import registry_index

    gaz = database_gazetteer(demo)
    url = demo.url.render_as_string(hide_password=False)
    assert gaz.known.index.names == registry_index(url, ("enterprise",)).names
    built = KnownEnterprises(gaz.known.names, gaz.enterprise_aliases)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt")))
    found = [(a, b, n.code) for a, b, n, _ in gaz.known.find(text)]
    assert {code for _, _, code in found} >= {"mtz", "maz", "gomselmash"}
    assert found == [(a, b, n.code) for a, b, n, _ in built.find(text)]
