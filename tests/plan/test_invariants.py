"""Invariants of a solved synthetic plan: lead times, no parallel production, balances."""

from __future__ import annotations

import numpy as np
import pytest

from coopatlas.plan.data import make_instance
from coopatlas.plan.solve import PlanOptions, PlanResult, solve_plan
from coopatlas.registry.synth import SynthSpec, synth_frames
from coopatlas.registry.synth_options import synth_options


@pytest.fixture(scope="module")
def plan() -> tuple[PlanResult, PlanResult]:
    frames = synth_frames(SynthSpec(enterprises=80, demands=150, seed=11))
    frames.update(synth_options(frames, seed=11))
    instance = make_instance(frames)
    options = {"unmet_penalty": 10.0, "gap": 0.001, "threads": 1, "candidates": 10}
    return (
        solve_plan(instance, PlanOptions(**options)),
        solve_plan(instance, PlanOptions(allow_parallel=True, **options)),
    )


def test_balances_and_lead_times(plan: tuple[PlanResult, PlanResult]) -> None:
    result = plan[0]
    assert result.status == "optimal" and len(result.investments) > 0
    r = result.roadmap
    years = result.years
    local = r[[f"local_{y}" for y in years]].to_numpy()
    imported = r[[f"import_{y}" for y in years]].to_numpy()
    unmet = r[[c for c in r.columns if c.startswith("unmet_")]].to_numpy()
    supplied = local + imported + (unmet if unmet.size else 0.0)
    active = np.array(years)[None, :] >= r["first_year"].to_numpy()[:, None]
    expected = np.where(active, r["quantity"].to_numpy()[:, None], 0.0)
    assert np.allclose(supplied, expected, atol=1e-3)
    start = result.investments.set_index("option")["producing_from"]
    options = result.flows[result.flows["kind"] != "existing"]
    assert (options["year"].to_numpy() >= start.reindex(options["source"]).to_numpy()).all()


def test_no_plant_produces_beside_free_capacity(plan: tuple[PlanResult, PlanResult]) -> None:
    strict, relaxed = plan
    inv = strict.investments
    notes = inv.loc[(inv["kind"] == "plant") & (inv["delivered_total"] > 0), "parallel_note"]
    assert len(notes) > 0
    # a plant produces only where other capacity is fully used, or where there is none
    assert all(
        ("fully used" in n and "NOT fully used" not in n) or "no other capacity" in n for n in notes
    )
    assert any("are fully used" in n for n in notes)
    # allowing parallel production can only make the plan cheaper
    assert relaxed.objective is not None and strict.objective is not None
    assert relaxed.objective <= strict.objective * (1 + 2e-3)
