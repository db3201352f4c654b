"""The demo plan against the articles' questions, checked from its output files and the database.

The checks read only ``flows.csv``, ``investments.csv``, ``roadmap.csv``, ``summary.txt``,
``report.html`` and the registry tables, and restate the rule from its documentation: in a year
a plant delivers, every existing maker and built expansion of its product and of the products
of the demands it serves delivers all its free capacity (spare less what the order backlog
has claimed: output x backlog months / 12).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from coopatlas import registry
from coopatlas.cli import run
from coopatlas.demo import run_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-plan")
    run_demo(out)
    return out


def _read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "plan" / name, dtype={"hs": str, "option": str, "source": str})


def _table(out: Path, sql: str) -> pd.DataFrame:
    engine = registry.connect(f"sqlite:///{out / 'coopatlas.db'}")
    with engine.connect() as connection:
        frame = pd.read_sql_query(text(sql), connection)
    engine.dispose()
    return frame


def test_no_plant_delivers_while_capacity_of_its_products_stands_idle(demo: Path) -> None:
    flows, inv = _read(demo, "flows.csv"), _read(demo, "investments.csv")
    caps = _table(demo, "SELECT enterprise, hs, capacity, output, backlog_months FROM capabilities")
    spare = (caps["capacity"] - caps["output"].fillna(0)).clip(lower=0)
    owed = np.minimum(caps["output"].fillna(0) * caps["backlog_months"].fillna(0) / 12, spare)
    caps["free"] = spare - owed
    caps["product"] = caps["hs"].astype(str).str.slice(0, 6)
    free = caps.groupby("product")["free"].sum()
    expansions = inv[inv["kind"] == "expansion"].assign(product=lambda f: f["hs"].str[:6])
    product_of = pd.Series(expansions["product"].to_numpy(), index=expansions["option"])
    flows["product"] = flows["source"].map(product_of)
    existing = flows["kind"] == "existing"
    flows.loc[existing, "product"] = flows.loc[existing, "source"].str.split("/").str[-1]
    flows["demand_product"] = flows["hs"].str.slice(0, 6)
    plants = inv[inv["kind"] == "plant"]
    assert len(plants) > 0
    checked = 0
    for plant in plants.itertuples():
        mine = flows[flows["source"] == plant.option]
        for year, served in mine.groupby("year"):
            products = {plant.hs[:6], *served["demand_product"]}
            for product in products:
                ready = expansions[(expansions["product"] == product)
                                   & (expansions["producing_from"] <= year)]  # fmt: skip
                capacity = float(free.get(product, 0.0)) + float(ready["capacity"].sum())
                delivered = flows[(flows["year"] == year) & (flows["kind"] != "plant")
                                  & (flows["product"] == product)]["quantity"].sum()  # fmt: skip
                assert delivered >= capacity - 1e-3 * max(capacity, 1.0), (
                    plant.option, year, product, delivered, capacity)  # fmt: skip
                checked += 1
    assert checked >= len(plants)


def test_every_plant_of_the_plan_passes_check_parallel(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows, inv = _read(demo, "flows.csv"), _read(demo, "investments.csv")
    url = f"sqlite:///{demo / 'coopatlas.db'}"
    plants = inv[inv["kind"] == "plant"]
    for plant in plants.itertuples():
        year = int(flows.loc[flows["source"] == plant.option, "year"].min())
        code = run(["--db", url, "plan", "check-parallel", "--hs", plant.hs, "--region",
                    plant.region, "--capacity", str(plant.capacity), "--year", str(year),
                    "--format", "json"])  # fmt: skip
        out = capsys.readouterr().out
        assert code == 0
        check = json.loads(out)
        assert check["verdict"] == "not parallel", (plant.option, check["message"])
        assert plant.parallel_note.startswith(check["message"]), plant.option


def test_a_plant_the_rule_forbids_is_parallel_with_the_idle_capacity_named(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coopatlas.plan.data import candidates, load_from_db, plant_verdicts

    engine = registry.connect(f"sqlite:///{demo / 'coopatlas.db'}")
    instance = load_from_db(engine)
    engine.dispose()
    cand = candidates(instance)
    qty = cand.demands["quantity"].to_numpy(dtype=np.float64)
    verdict = plant_verdicts(cand, np.arange(2024, 2031), qty)
    src = cand.sources
    forbidden = np.flatnonzero((src["kind"].to_numpy() == 2) & verdict[:, -1])
    reached = np.isin(forbidden, cand.arcs["source"].to_numpy())
    assert reached.any(), "the demo has no plant option the rule forbids in 2030"
    row = src.iloc[int(forbidden[reached][0])]
    code = run(["--db", f"sqlite:///{demo / 'coopatlas.db'}", "plan", "check-parallel", "--hs",
                str(row["product"]), "--region", str(row["region"]), "--capacity",
                str(row["capacity"]), "--year", "2030"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "verdict: parallel: in 2030" in out and "would stand idle" in out
    assert "idle or ready to expand:" in out and "idle or expandable" in out


def test_stage_counts_agree_in_sentences_tables_and_cards(demo: Path) -> None:
    road, flows, inv = _read(demo, "roadmap.csv"), _read(demo, "flows.csv"), _read(
        demo, "investments.csv")  # fmt: skip
    served_by_plant = set(flows.loc[flows["kind"] == "plant", "demand"])
    assert set(road.loc[road["stage"] == 3, "demand"]) == served_by_plant
    local = set(flows["demand"])
    assert not (set(road.loc[road["stage"].isin([4, 5]), "demand"]) & local)
    summary = (demo / "plan" / "summary.txt").read_text("utf-8")
    for stage, words in ((1, "stage 1"), (2, "stage 2"), (3, "stage 3")):
        n = int((road["stage"] == stage).sum())
        assert f"{n:,} " in summary.split(f"({words})")[0][-60:], (stage, summary)
    plants = int((inv["kind"] == "plant").sum())
    assert f"{plants:,} new plants serving the {len(served_by_plant):,} stage-3 demands" in summary
    report = (demo / "plan" / "report.html").read_text("utf-8")
    for stage in (1, 2, 3):
        n = int((road["stage"] == stage).sum())
        if n:
            assert re.search(rf"<h3>Stage {stage}: [^<]* \({n:,}\)</h3>", report), stage
    cards = [int(x.replace(",", "")) for x in re.findall(r"to ([\d,]+) demands</div>", report)]
    per_plant = flows[flows["kind"] == "plant"].groupby("source")["demand"].nunique()
    assert sorted(cards) == sorted(per_plant.reindex(inv.loc[inv["kind"] == "plant", "option"])
                                   .fillna(0).astype(int).tolist())  # fmt: skip
    importing = road["still"].fillna("").str.contains("still imports").sum()
    if importing:
        assert f"{importing:,} of the localized demands still import" in summary


def test_localization_share_is_by_value(demo: Path) -> None:
    loc = _read(demo, "localization.csv")
    assert {"demand_value", "local_value", "import_value", "share"} <= set(loc.columns)
    assert "demand" not in loc.columns and "local" not in loc.columns
    share = loc["local_value"] / loc["demand_value"]
    assert np.allclose(share, loc["share"])
    report = (demo / "plan" / "report.html").read_text("utf-8")
    assert "by value at import prices" in report
