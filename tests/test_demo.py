"""The default dataset and `coopatlas demo`: real facts in place, synthetic data marked."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from coopatlas import registry
from coopatlas.cli import run
from coopatlas.demo import run_demo
from tests.conftest import SHARED

REAL_HOMES = {
    "maz": "BY-HM",
    "mtz": "BY-HM",
    "mzor": "BY-HM",
    "belaz": "BY-MI",
    "kamaz": "RU-TA",
    "severstal": "RU-VLG",
    "chlmz": "RU-VLG",
    "nlmk": "RU-LIP",
    "ltz": "RU-LIP",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, str]]:
    out = tmp_path_factory.mktemp("demo")
    return out, run_demo(out)


def test_demo_writes_its_outputs(demo: tuple[Path, dict[Path, str]]) -> None:
    out, written = demo
    assert out / "coopatlas.db" in written
    for path in written:
        assert path.exists() and path.stat().st_size > 0


def test_demo_database_opens_with_the_cli(
    demo: tuple[Path, dict[Path, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = demo
    assert run(["--db", f"sqlite:///{out}/coopatlas.db", "export", "enterprises", "-"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("id")
    for enterprise, region in REAL_HOMES.items():
        assert frame.loc[enterprise, "region"] == region, enterprise
        assert not frame.loc[enterprise, "synthetic"]
    assert frame["synthetic"].sum() == 400


def test_quantities_without_a_public_source_are_marked_synthetic(
    demo: tuple[Path, dict[Path, str]],
) -> None:
    engine = registry.connect(f"sqlite:///{demo[0]}/coopatlas.db")
    for kind in ("capabilities", "demands"):
        frame = registry.export_frame(engine, kind)
        assert len(frame) > 100 and frame["synthetic"].all(), kind
    trade = registry.export_frame(engine, "trade")
    documents = registry.export_frame(engine, "documents")
    assert not trade["synthetic"].any()
    assert trade["source"].isin(documents["url"]).all()
    assert trade["partner"].nunique() >= 15


def test_summary_balance_with_lipetsk(demo: tuple[Path, dict[Path, str]]) -> None:
    data = json.loads((demo[0] / "summary.json").read_text("utf-8"))
    trade = {row["period"]: row for row in data["trade"]}
    assert trade["2021"]["import_usd"] == 245_000_000
    assert "import_usd" in trade["2021"]["derived"]
    assert trade["2021"]["balance_usd"] == -175_000_000
    assert trade["2022"]["approximate"]
    text = (demo[0] / "summary.md").read_text("utf-8")
    assert "about −$152.0 m*" in text and "Lipetsk Oblast" in text


def _musd(cell: str) -> float | None:
    """The amount a summary cell prints, in million USD ("about −$1.18 bn*" → −1180)."""
    found = re.search(r"(−?)\$([\d,.]+) (m|bn)", cell)
    if found is None:
        return None
    value = float(found[2].replace(",", "")) * (1000 if found[3] == "bn" else 1)
    return -value if found[1] else value


@pytest.mark.parametrize("region", ["RU-LIP", "RU-VLG", "RU-CHE"])
def test_summary_gives_the_trade_monitors_figures(
    demo: tuple[Path, dict[Path, str]], capsys: pytest.CaptureFixture[str], region: str
) -> None:
    """One answer to "trade with this region": `summary` prints what `trade show` gives,
    period by period, each flow once, with the same sources."""
    db = f"sqlite:///{demo[0]}/coopatlas.db"
    assert run(["--db", db, "trade", "show", region, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert run(["--db", db, "summary", "--region", region]) == 0
    text = capsys.readouterr().out
    table = [line.split("|")[1:-1] for line in text.splitlines() if re.match(r"\| \d{4}", line)]
    assert [cells[0].strip() for cells in table] == [r["period"] for r in shown]
    for cells, row in zip(table, shown, strict=True):
        for cell, flow in zip(cells[1:5], ("turnover", "export", "import", "balance"), strict=True):
            value = row[f"{flow}_usd"]
            printed = _musd(cell)
            if value is None:
                assert printed is None, (row["period"], flow, cell)
            else:
                assert printed == pytest.approx(value / 1e6, abs=0.051 if abs(value) < 1e9 else 5.1)
                assert cell.strip().endswith("*") == (f"{flow}_usd" in row["derived"])
        notes = [int(n) for n in re.findall(r"\d+", cells[-1])]
        assert len(notes) == len(row["sources"])
        for n, source in zip(notes, row["sources"], strict=True):
            listed = re.search(rf"^{n}\. (.*)$", text, re.M)
            assert listed is not None and (source["address"] or source["title"]) in listed[1]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside the checkout")
def test_lipetsk_figures_match_the_seed_gold(demo: tuple[Path, dict[Path, str]]) -> None:
    gold = json.loads((SHARED / "corpus" / "seeds-expected.json").read_text("utf-8"))
    figures = [f for d in gold["documents"] for f in d["trade_figures"]]
    trade = registry.export_frame(registry.connect(f"sqlite:///{demo[0]}/coopatlas.db"), "trade")
    # The dataset holds Lipetsk figures of several articles; the seed's are those of its URL.
    engine = registry.connect(f"sqlite:///{demo[0]}/coopatlas.db")
    documents = registry.export_frame(engine, "documents").set_index("id")
    seed_url = documents.loc["seed-2023-06-01-lipetsk", "url"]
    lipetsk = trade[(trade["partner"] == "RU-LIP") & (trade["source"] == seed_url)]
    for f in figures:
        match = lipetsk[
            (lipetsk["flow"] == f["indicator"])
            & (lipetsk["period_start"].astype(str) == f["period_start"])
            & (lipetsk["period_end"].astype(str) == f["period_end"])
        ]
        assert len(match) == 1, f
        assert match["value_usd"].iloc[0] == pytest.approx(f["value_usd"], rel=0.005)
        assert match["qualifier"].iloc[0] == f["qualifier"]


def test_demo_includes_a_readable_plan(demo: tuple[Path, dict[Path, str]]) -> None:
    plan = demo[0] / "plan"
    roadmap = pd.read_csv(plan / "roadmap.csv")
    assert len(roadmap) > 300  # 300 drawn at random, the rest from the articles' stories
    assert {"1 existing capacity", "2 expansion", "import"} <= set(roadmap["stage_name"])
    investments = pd.read_csv(plan / "investments.csv")
    plants = investments[investments["kind"] == "plant"]
    assert plants["parallel_note"].str.startswith("not parallel: in ").all()
    assert plants["parallel_note"].str.contains("are fully used").all()
    report = (plan / "report.html").read_text("utf-8")
    assert "<svg" in report and "http" not in report.split("<body", 1)[1].replace(
        "http://www.w3.org", ""
    )


def test_demo_plan_says_which_inputs_are_synthetic(demo: tuple[Path, dict[Path, str]]) -> None:
    report = (demo[0] / "plan" / "report.html").read_text("utf-8")
    n = len(pd.read_csv(demo[0] / "plan" / "roadmap.csv"))
    assert "Synthetic inputs" in report and f"{n} of {n} demands" in report


def test_plan_solve_with_db_after_the_sub_command(
    demo: tuple[Path, dict[Path, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the README says: add `--db demo-out/coopatlas.db` to the commands (a bare path,
    after the sub-command)."""
    out, _ = demo
    code = run(["plan", "solve", "--db", str(out / "coopatlas.db"), "--out", str(tmp_path / "p"),
                "--format", "json", "--quiet"])  # fmt: skip
    printed, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(printed)["status"] in ("optimal", "time_limit")
    assert (tmp_path / "p" / "report.html").exists()


REAL_LINES = {
    "kamaz": ("8704", "8408", "8708"), "maz": ("8704", "8702", "8701", "8716", "8708"),
    "mtz": ("8701", "8708"), "belaz": ("870410",), "severstal": ("72",), "nlmk": ("72",),
    "chlmz": ("7325", "8701", "8429"), "integral": ("8541", "8542"), "mzor": ("845", "846"),
}  # fmt: skip


def test_real_enterprises_make_only_their_product_lines(
    demo: tuple[Path, dict[Path, str]],
) -> None:
    engine = registry.connect(f"sqlite:///{demo[0]}/coopatlas.db")
    caps = registry.export_frame(engine, "capabilities")
    demands = registry.export_frame(engine, "demands")
    for firm, prefixes in REAL_LINES.items():
        made = caps.loc[caps["enterprise"] == firm, "hs"].astype(str)
        assert len(made) > 0, firm
        assert made.str.startswith(prefixes).all(), (firm, sorted(made))
    steel = caps[caps["hs"].astype(str).str.startswith("72")]
    assert (steel["unit"] == "t").all() and (caps.loc[caps["enterprise"] == "kamaz", "unit"]
                                             == "pcs").all()  # fmt: skip
    assert caps["synthetic"].all()
    # the stories: castings for Belarusian machine builders, aircraft parts, microelectronics
    castings = demands[demands["hs"].astype(str).str.startswith("7325")]
    assert castings["buyer_enterprise"].isin(["mtz", "maz", "gomselmash", "amkodor"]).any()
    assert demands["hs"].astype(str).eq("880730").any()
    assert demands.loc[demands["buyer_enterprise"] == "kamaz", "hs"].astype(str).str.startswith(
        ("8708", "8716", "8542", "8408", "4011")).all()  # fmt: skip


def test_readme_castings_example_answers_with_the_market(
    demo: tuple[Path, dict[Path, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{demo[0]}/coopatlas.db"
    code = run(["--db", db, "plan", "check-parallel", "--hs", "732510", "--region", "RU-VLG",
                "--capacity", "20000", "--format", "json"])  # fmt: skip
    check = json.loads(capsys.readouterr().out)
    assert code == 0
    assert check["demand"] > 0 and check["existing_capacity"] > 0 and check["backlog_months"] > 0
    assert any("Cherepovets" in m for m in check["idle_makers"])


def test_demo_matches_hold_every_plan_supplier(demo: tuple[Path, dict[Path, str]]) -> None:
    """The plan's flows and the matches file come from one rule of who can serve whom."""
    out, _ = demo
    matches = pd.read_csv(out / "matches.csv", dtype=str)
    flows = pd.read_csv(out / "plan" / "flows.csv", dtype=str)
    assert {"demand", "supplier", "explanation"} <= set(matches.columns)
    pairs = set(zip(matches["demand"], matches["source"], strict=True))
    flows = flows[~flows["source"].str.startswith("pool/")]  # other makers, pooled (planner.md)
    used = set(zip(flows["demand"], flows["source"], strict=True))
    assert used and used <= pairs


def test_demo_writes_the_lipetsk_briefings(demo: tuple[Path, dict[Path, str]]) -> None:
    brief = demo[0] / "brief"
    en = (brief / "brief-RU-LIP-en.html").read_text("utf-8")
    ru = (brief / "brief-RU-LIP-ru.html").read_text("utf-8")
    assert "Briefing: Lipetsk Oblast" in en and "about 334.0" in en
    assert "Справка: Липецкая область" in ru and "около 334,0" in ru
    for lang in ("en", "ru"):
        assert (brief / f"brief-RU-LIP-{lang}.pdf").read_bytes().startswith(b"%PDF")


def test_demo_leaves_the_first_find_nothing_to_build(demo: tuple[Path, dict[Path, str]]) -> None:
    """A user's first `find` after `demo` loads the name index the demo stored beside the
    database: its names are the database's (no 2 s build on that query; later tests here
    store plans, which changes the file but not its names)."""
    from coopatlas.match import name_cache

    out, _ = demo
    db = out / "coopatlas.db"
    for kinds in (("enterprise", "region"), ("enterprise",)):
        entry = name_cache._load(name_cache.cache_file(db, kinds))
        assert entry is not None, kinds
        assert entry["content"] == name_cache.content_digest(db, kinds), kinds
