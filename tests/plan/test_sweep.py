"""Scenario sweeps: spec parsing, local processes, and Ray giving the same results."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coopatlas.cli import run
from coopatlas.errors import UserError
from coopatlas.plan.data import load_from_dir
from coopatlas.plan.sweep import load_spec, run_sweep
from tests.conftest import write
from tests.plan.test_cli_plan import plan_dir

SPEC = """
years: 2024-2028
gap: 0.0
base: {discount_rate: 0.05}
scenarios:
  - {name: base}
  - {name: tight-budget, budget: 25000}
  - {name: no-german-imports, import_cutoff: {DE: 2026}, unmet_penalty: 10}
grid: {demand_multiplier: [1.0, 1.5]}
"""
COLUMNS = ["scenario", "status", "objective", "localization_last", "capital", "unmet_units"]


def test_spec_expands_grid(tmp_path: Path) -> None:
    scenarios = load_spec(write(tmp_path / "s.yaml", SPEC))
    assert len(scenarios) == 6
    assert scenarios[0]["name"] == "base|demand_multiplier=1.0"
    assert scenarios[0]["first_year"] == 2024 and scenarios[0]["last_year"] == 2028
    assert scenarios[5]["import_cutoff"] == {"DE": 2026}
    with pytest.raises(UserError, match="unknown setting"):
        load_spec(write(tmp_path / "bad.yaml", "scenarios: [{name: x, budgett: 5}]"))


def test_local_processes_match_sequential(tmp_path: Path) -> None:
    instance = load_from_dir(plan_dir(tmp_path))
    scenarios = load_spec(write(tmp_path / "s.yaml", SPEC))
    one = run_sweep(instance, scenarios, workers=1)
    two = run_sweep(instance, scenarios, workers=2)
    pd.testing.assert_frame_equal(one[COLUMNS], two[COLUMNS])
    assert (one["status"] == "optimal").all()
    rows = one.set_index("scenario")
    # a cut-off of German supply from 2026: MAZ's gearbox (from DE) can no longer be imported
    cut = rows.loc["no-german-imports|demand_multiplier=1.0"]
    base = rows.loc["base|demand_multiplier=1.0"]
    assert cut["objective"] > base["objective"]
    assert cut["localization_last"] >= base["localization_last"]
    # the two demands from Germany: each is either localized or unmet, and says which
    assert cut["cut_off_demands"] == 2
    assert cut["cut_off_unmet"] + cut["cut_off_localized"] == 2
    assert cut["cut_off_unmet"] == len(str(cut["unmet_demands"] or "").split())
    assert pd.isna(base["cut_off_demands"])


def test_ray_matches_local(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    instance = load_from_dir(plan_dir(tmp_path))
    scenarios = load_spec(write(tmp_path / "s.yaml", SPEC))[:4]
    local = run_sweep(instance, scenarios, workers=1)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = run_sweep(instance, scenarios, ray_address="auto")
    finally:
        ray.shutdown()
    pd.testing.assert_frame_equal(local[COLUMNS], remote[COLUMNS])


def test_sweep_cli_writes_table_and_chart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = write(
        tmp_path / "s.yaml", "years: 2024-2026\nscenarios: [{name: a}, {name: b, budget: 0}]\n"
    )
    code = run(["plan", "sweep", str(spec), "--dir", str(plan_dir(tmp_path)), "--workers", "1",
                "--out", str(tmp_path / "sw")])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 0, err
    table = pd.read_csv(tmp_path / "sw" / "sweep.csv")
    assert list(table["scenario"]) == ["a", "b"]
    assert table.loc[1, "capital"] == 0
    page = (tmp_path / "sw" / "sweep.html").read_text()
    assert page.count("<svg") == 4 and "<script" not in page and "href=" not in page
    assert ">b</text>" in page  # scenario names label the bars


def test_example_spec_loads() -> None:
    example = Path(__file__).parents[2] / "examples" / "scenarios.yaml"
    scenarios = load_spec(example)
    assert len(scenarios) == 12
    cut = [s for s in scenarios if str(s["name"]).startswith("no-DE-2026-CN-2027")]
    assert len(cut) == 2 and all(s["import_cutoff"] == {"DE": 2026, "CN": 2027} for s in cut)
