"""The default dataset and `coopatlas demo`: real facts in place, synthetic data marked."""

from __future__ import annotations

import io
import json
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
    balance = {row["period_start"][:4]: row for row in data["balance"]}
    assert balance["2021"]["imports"] == 245_000_000 and balance["2021"]["derived"]
    assert balance["2021"]["balance"] == -175_000_000
    assert balance["2022"]["approx"]
    text = (demo[0] / "summary.md").read_text("utf-8")
    assert "about −$152.0 m" in text and "Lipetsk Oblast" in text


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
    assert len(roadmap) == 300
    assert {"1 existing capacity", "2 expansion", "import"} <= set(roadmap["stage_name"])
    investments = pd.read_csv(plan / "investments.csv")
    plants = investments[investments["kind"] == "plant"]
    assert plants["parallel_note"].str.contains("remained|no other capacity").all()
    assert plants["parallel_note"].str.contains("are fully used").any()
    report = (plan / "report.html").read_text("utf-8")
    assert "<svg" in report and "http" not in report.split("<body", 1)[1].replace(
        "http://www.w3.org", ""
    )


def test_demo_plan_says_which_inputs_are_synthetic(demo: tuple[Path, dict[Path, str]]) -> None:
    report = (demo[0] / "plan" / "report.html").read_text("utf-8")
    assert "Synthetic inputs" in report and "300 of 300 demands" in report
