"""Hand-checked optima: each stage reachable, lead times, no-parallel, budgets."""

from __future__ import annotations

import numpy as np
import pytest

from coopatlas.plan.data import make_instance, to_problem
from coopatlas.plan.model import ModelOptions, build_model
from coopatlas.plan.solve import solve_plan
from coopatlas.plan.start import greedy_start
from coopatlas.registry.synth import SynthSpec, synth_frames
from coopatlas.registry.synth_options import synth_options
from tests.plan.conftest import demand, instance, options


def cap(enterprise: str, hs: str, capacity: float, output: float, cost: float) -> dict[str, object]:
    return {"enterprise": enterprise, "hs": hs, "capacity": capacity, "output": output,
            "unit_cost": cost, "backlog_months": 0.0}  # fmt: skip


def test_stage_1_existing_spare_capacity() -> None:
    inst = instance([cap("kamaz", "730890", 500, 200, 10.0)], [demand("d1", "730890", 100)])
    r = solve_plan(inst, options())
    assert r.status == "optimal"
    assert r.objective == pytest.approx(100 * 10 * 3)
    assert r.roadmap.loc[0, "stage"] == 1
    assert r.roadmap.loc[0, "suppliers"] == "kamaz/730890"
    assert r.investments.empty
    assert list(r.localization["share"]) == [1.0, 1.0, 1.0]
    assert r.roadmap.loc[0, "still"] == ""


def test_stage_2_expansion_with_lead_time() -> None:
    inst = instance(
        [cap("kamaz", "840810", 50, 50, 12.0)],  # fully used: no spare capacity
        [demand("d2", "840810", 100, first=2025)],
        expansions=[{"id": "kamaz-x", "enterprise": "kamaz", "hs": "840810",
                     "added_capacity": 200, "capital_cost": 100, "lead_time_years": 1,
                     "unit_cost": 10.0}],
    )  # fmt: skip
    r = solve_plan(inst, options())
    assert r.objective == pytest.approx(100 + 100 * 10 * 2)
    assert r.roadmap.loc[0, "stage"] == 2
    inv = r.investments.iloc[0]
    assert (inv["option"], inv["decided"], inv["producing_from"]) == ("kamaz-x", 2024, 2025)


def test_lead_time_respected_imports_until_capacity_arrives() -> None:
    inst = instance(
        demands=[demand("d2", "840810", 100, first=2024)],
        expansions=[{"id": "maz-x", "enterprise": "maz", "hs": "840810", "added_capacity": 200,
                     "capital_cost": 100, "lead_time_years": 2, "unit_cost": 10.0}],
    )  # fmt: skip
    r = solve_plan(inst, options(last=2027))
    # import 2024 and 2025 (lead time 2), then the expansion for 2026 and 2027
    assert r.objective == pytest.approx(2 * 100 * 20 + 100 + 2 * 100 * 10)
    flows = r.flows
    assert flows["year"].min() == 2026
    # the highest stage used in any year: the expansion; nothing imported in 2027
    assert r.roadmap.loc[0, "stage_name"] == "2 expansion"
    assert r.roadmap.loc[0, "still"] == ""
    assert list(r.localization["share"]) == [0.0, 0.0, 1.0, 1.0]


def test_stage_3_new_plant() -> None:
    inst = instance(
        demands=[demand("d3", "850440", 100, first=2026)],
        plants=[{"id": "p-minsk", "region": "BY-MI", "hs": "850440", "capacity": 500,
                 "capital_cost": 1000, "lead_time_years": 2, "unit_cost": 5.0}],
    )  # fmt: skip
    r = solve_plan(inst, options(last=2028))
    assert r.objective == pytest.approx(1000 + 100 * 5 * 3)
    assert r.roadmap.loc[0, "stage"] == 3
    inv = r.investments.iloc[0]
    assert (inv["decided"], inv["producing_from"]) == (2024, 2026)
    # nothing else makes the product: all 100 remain for the plant
    assert inv["parallel_note"].startswith("not parallel: in 2026 the Union State needs 100/yr")
    assert "leave 100/yr uncovered" in inv["parallel_note"]


def test_import_when_nothing_local_pays() -> None:
    inst = instance(
        demands=[demand("d4", "940190", 10)],
        plants=[{"id": "p-sofa", "region": "BY-MI", "hs": "940190", "capacity": 500,
                 "capital_cost": 1e6, "lead_time_years": 0, "unit_cost": 5.0}],
    )  # fmt: skip
    r = solve_plan(inst, options())
    assert r.objective == pytest.approx(10 * 20 * 3)
    assert r.roadmap.loc[0, "stage_name"] == "import"
    assert r.investments.empty
    # the plant would deliver at 5 a unit against 20 imported, but not repay 1e6 of capital
    note = r.roadmap.loc[0, "note"]
    assert note.startswith("imported in 2024, 2025, 2026: Union State candidates deliver from")
    assert "5.00 USD a unit against 20.00 imported" in note and "repay its capital" in note


def test_import_note_when_the_import_is_cheaper() -> None:
    inst = instance([cap("kamaz", "940190", 100, 0, 30.0)], [demand("d5", "940190", 10)])
    r = solve_plan(inst, options())
    assert r.roadmap.loc[0, "stage_name"] == "import"
    assert "cheapest Union State candidate delivers at 30.00 USD a unit, the import costs " \
           "20.00" in r.roadmap.loc[0, "note"]  # fmt: skip


PARALLEL_PLANT = {"id": "p-cherepovets", "region": "RU-VLG", "hs": "870840", "capacity": 1000,
                  "capital_cost": 5000, "lead_time_years": 0, "unit_cost": 50.0}  # fmt: skip


@pytest.mark.parametrize(
    ("quantity", "allow", "expected"),
    [
        (250, True, 5000 + 250 * 50 * 2),  # the plant is cheaper: it takes everything
        (250, False, 250 * 100 * 2),  # existing spare 300 covers 250: no plant at all
        (400, True, 5000 + 400 * 50 * 2),
        (400, False, 5000 + 300 * 100 * 2 + 100 * 50 * 2),  # existing saturated, plant tops up
    ],
)
def test_no_parallel_rule(quantity: float, allow: bool, expected: float) -> None:
    inst = instance(
        [cap("kamaz", "870840", 1000, 700, 100.0)],
        [demand("d5", "870840", quantity, import_unit_cost=1000.0)],
        plants=[PARALLEL_PLANT],
    )
    r = solve_plan(inst, options(last=2025, allow_parallel=allow))
    assert r.objective == pytest.approx(expected)
    if not allow and quantity == 400:
        note = r.investments.iloc[0]["parallel_note"]
        assert "fully used" in note and "NOT" not in note
        assert "leave 100/yr uncovered" in note and "the plant supplies 100" in note


def test_budget_infeasibility_is_explained() -> None:
    inst = instance(
        demands=[demand("d6", "850440", 100, must_localize_from=2024)],
        plants=[{"id": "p-x", "region": "BY-MI", "hs": "850440", "capacity": 500,
                 "capital_cost": 1000, "lead_time_years": 0, "unit_cost": 5.0}],
    )  # fmt: skip
    r = solve_plan(inst, options(budget=400))
    assert r.status == "infeasible"
    text = "\n".join(r.explanation)
    assert "Budget-year" in text and "600" in text  # 1000 needed, 400 allowed
    assert "d6" in text and ("Import-cutoff" in text or "Demand-balance" in text)
    assert set(r.stretched["block"]) >= {"Budget-year"}


def test_budget_within_limit_is_feasible() -> None:
    inst = instance(
        demands=[demand("d6", "850440", 100, must_localize_from=2024)],
        plants=[{"id": "p-x", "region": "BY-MI", "hs": "850440", "capacity": 500,
                 "capital_cost": 1000, "lead_time_years": 0, "unit_cost": 5.0}],
    )  # fmt: skip
    r = solve_plan(inst, options(budget=1000))
    assert r.status == "optimal"
    assert r.objective == pytest.approx(1000 + 100 * 5 * 3)


def test_named_blocks_and_labels() -> None:
    inst = instance(
        [cap("kamaz", "870840", 1000, 700, 100.0)],
        [demand("d5", "870840", 400, import_unit_cost=1000.0, must_localize_from=2025)],
        expansions=[{"id": "kamaz-x", "enterprise": "kamaz", "hs": "870840",
                     "added_capacity": 100, "capital_cost": 10, "lead_time_years": 1,
                     "unit_cost": 90.0}],
        plants=[PARALLEL_PLANT],
    )  # fmt: skip
    problem, _ = to_problem(inst, np.arange(2024, 2027), budget=1e6)
    m = build_model(problem, ModelOptions()).model
    for name in ("Demand-balance", "Capability-capacity", "Expansion-capacity",
                 "Expansion-build-once", "Plant-capacity", "Plant-build-once", "Budget-year",
                 "Import-cutoff", "Plant-no-parallel", "Plant-saturation"):  # fmt: skip
        assert len(m.constraints[name]) > 0, name
    assert set(m.variables) == {"Flow", "Import", "Build", "Saturated"}
    block = m.constraints["Import-cutoff"]
    assert m.row_label(block.start) == "Import-cutoff[d5, 2025]"
    assert m.row_label(m.constraints["Budget-year"].start) == "Budget-year[2024]"
    assert m.matrix.shape == (m.n_rows, m.n_cols)


@pytest.mark.parametrize("budget", [None, 2e8])
def test_greedy_start_is_feasible(budget: float | None) -> None:
    frames = synth_frames(SynthSpec(enterprises=60, demands=300, seed=3))
    frames.update(synth_options(frames, seed=3))
    years = np.arange(2024, 2031)
    problem, _ = to_problem(make_instance(frames), years, k=20)
    if budget is not None:
        problem.budget = np.full(len(years), budget)
    for unmet in (10.0, None):
        built = build_model(problem, ModelOptions(unmet_penalty=unmet))
        x = greedy_start(built)
        if x is None:
            assert unmet is None
            continue
        m = built.model
        activity = m.matrix @ x
        assert (activity <= m.row_upper + 1e-6).all() and (activity >= m.row_lower - 1e-6).all()
        assert (x >= m.col_lower).all() and (x <= m.col_upper).all()
        assert np.array_equal(x[m.integrality], np.round(x[m.integrality]))
        assert (x[m.variables["Build"].start : m.variables["Build"].stop] > 0).any()


def test_unmet_demand_says_why() -> None:
    inst = instance(
        [cap("kamaz", "730890", 100, 40, 10.0)],  # 60 spare
        [demand("d1", "730890", 100, must_localize_from=2025)],
    )
    r = solve_plan(inst, options(unmet_penalty=10.0))
    row = r.roadmap.iloc[0]
    # the highest stage it uses: existing capacity, partly short in the last year
    assert row["stage_name"] == "1 existing capacity"
    assert row["still"] == "40 units short in 2026"
    assert (row["import_2024"], row["unmet_2024"]) == (40, 0)  # imports still allowed
    assert (row["local_2025"], row["unmet_2025"]) == (60, 40)
    assert row["note"].startswith("imports stop in 2025")
    assert "deliver 60 of 100 a year, 40 short" in row["note"]


def test_cheaper_plant_waits_for_a_dearer_idle_maker_outside_the_candidates() -> None:
    # two cheap makers of a heading-mate fill the demand's candidate slots for existing
    # capacity; the dear maker of the product itself (40 a unit, the plant 7) is nobody's
    # candidate, so it is pooled, and the plant may deliver only once it is full:
    # 843353 makers 100 at 5 and 6, BelAZ 30 at 40, the plant the remaining 170 at 7
    inst = instance(
        [cap("maz", "843353", 50, 0, 5.0), cap("kamaz", "843353", 50, 0, 6.0),
         cap("belaz", "843340", 30, 0, 40.0)],
        [demand("d1", "843340", 300, import_unit_cost=50.0)],
        plants=[{"id": "p1", "region": "BY-MI", "hs": "843340", "capacity": 400,
                 "capital_cost": 100, "lead_time_years": 0, "unit_cost": 7.0}],
    )  # fmt: skip
    r = solve_plan(inst, options(candidates=1, last=2024))
    by_source = r.flows.groupby("source")["quantity"].sum()
    assert by_source["pool/843340"] == pytest.approx(30)
    assert by_source["p1"] == pytest.approx(170)
    assert r.objective == pytest.approx(100 + 50 * 5 + 50 * 6 + 30 * 40 + 170 * 7)
    # with the rule off the plant takes BelAZ's share too
    free = solve_plan(inst, options(candidates=1, last=2024, allow_parallel=True))
    assert free.flows.groupby("source")["quantity"].sum()["p1"] == pytest.approx(200)


def test_substitution_within_a_heading_plant_waits_for_the_demands_own_product() -> None:
    # a plant for 721041 may serve the 721061 demand only once the 721061 maker is full;
    # demand 500, the 721061 maker has 300 spare at 30, the plant delivers at 10
    inst = instance(
        [cap("severstal", "721061", 400, 100, 30.0)],
        [demand("d1", "721061", 500, import_unit_cost=100.0)],
        plants=[{"id": "p41", "region": "RU-VLG", "hs": "721041", "capacity": 1000,
                 "capital_cost": 100, "lead_time_years": 0, "unit_cost": 10.0}],
    )  # fmt: skip
    r = solve_plan(inst, options(last=2024))
    by_source = r.flows.groupby("source")["quantity"].sum()
    assert by_source["severstal/721061"] == pytest.approx(300)
    assert by_source["p41"] == pytest.approx(200)
    assert r.objective == pytest.approx(100 + 300 * 30 + 200 * 10)
    # demand 250: the 721061 maker covers it, the plant is a parallel production
    small = instance(
        [cap("severstal", "721061", 400, 100, 30.0)],
        [demand("d1", "721061", 250, import_unit_cost=100.0)],
        plants=[{"id": "p41", "region": "RU-VLG", "hs": "721041", "capacity": 1000,
                 "capital_cost": 100, "lead_time_years": 0, "unit_cost": 10.0}],
    )  # fmt: skip
    r = solve_plan(small, options(last=2024))
    assert r.investments.empty and r.objective == pytest.approx(250 * 30)


def test_backlog_counts_as_used() -> None:
    # capacity 1000, output 600, 6 months of backlog: 300 of the 400 spare is owed to it,
    # so only 100 is free; a demand of 250 needs the plant for 150
    row = cap("kamaz", "870840", 1000, 600, 100.0) | {"backlog_months": 6.0}
    inst = instance([row], [demand("d1", "870840", 250, import_unit_cost=1000.0)],
                    plants=[PARALLEL_PLANT])  # fmt: skip
    r = solve_plan(inst, options(last=2024))
    by_source = r.flows.groupby("source")["quantity"].sum()
    assert by_source["kamaz/870840"] == pytest.approx(100)
    assert by_source["p-cherepovets"] == pytest.approx(150)
    note = r.investments.iloc[0]["parallel_note"]
    assert "300/yr more is owed to order backlogs of 6.0 months" in note


def test_budget_not_blamed_when_it_is_not_the_conflict() -> None:
    inst = instance(
        [cap("kamaz", "730890", 100, 40, 10.0)],  # 60 spare, nothing to build
        [demand("d1", "730890", 100, must_localize_from=2024)],
    )
    r = solve_plan(inst, options(budget=1e6))
    assert r.status == "infeasible"
    assert r.explanation[-1] == "Budget-year: the budget is not part of the conflict"
    cutoff = [line for line in r.explanation if line.startswith("Import-cutoff")]
    assert len(cutoff) == 1 and "d1" in cutoff[0] and "(120 units)" in cutoff[0]


def test_a_product_nobody_makes_is_unmet_with_the_reason() -> None:
    demands = [demand("d1", "730890", 50), demand("d2", "880330", 7, must_localize_from=2025)]
    inst = instance([cap("kamaz", "730890", 100, 40, 10.0)], demands)
    r = solve_plan(inst, options(unmet_penalty=10.0))
    row = r.roadmap.set_index("demand").loc["d2"]
    assert row["stage_name"] == "unmet" and row["unmet_2025"] == 7
    assert "nobody in the Union State can make HS 880330" in row["note"]
    # every demand must be met: the same instance is refused before solving, with the reason
    from coopatlas.plan.data import PlanInputError

    with pytest.raises(PlanInputError, match="nobody in the Union State can make HS 880330"):
        solve_plan(inst, options())


def test_no_demands_is_a_clear_message() -> None:
    from coopatlas.errors import UserError

    with pytest.raises(UserError, match="no demands to plan"):
        solve_plan(instance([cap("kamaz", "730890", 100, 40, 10.0)], []), options())
    with pytest.raises(UserError, match="the registry is empty"):
        solve_plan(make_instance({"enterprises": instance().enterprises.iloc[:0]}), options())
