"""Solving part by part gives what solving the whole model gives."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from coopatlas.plan.data import make_instance, to_problem
from coopatlas.plan.highs import SolveOptions, solve_model, split
from coopatlas.plan.model import Built, ModelOptions, build_model
from coopatlas.plan.start import greedy_start, repair_budget
from coopatlas.registry.synth import SynthSpec, synth_frames
from coopatlas.registry.synth_options import synth_options

YEARS = np.arange(2024, 2029)


def synthetic(
    seed: int, budget: float | None = None, strict: bool = False, cut: bool = False
) -> Built:
    frames = synth_frames(SynthSpec(enterprises=40, demands=120, seed=seed))
    frames.update(synth_options(frames, seed=seed))
    # cut: every foreign supplier stops in the first year
    cutoff = dict.fromkeys(frames["demands"]["foreign_source"].dropna(), 2024) if cut else None
    problem, _ = to_problem(make_instance(frames), YEARS, k=8, budget=budget, cutoff=cutoff)
    return build_model(problem, ModelOptions(unmet_penalty=None if strict else 10.0))


def feasible(built: Built, x: np.ndarray) -> bool:  # type: ignore[type-arg]
    m = built.model
    activity = m.matrix @ x
    tol = 1e-6 * (1 + np.abs(activity))
    rows_ok = (activity >= m.row_lower - tol).all() and (activity <= m.row_upper + tol).all()
    integer = x[m.integrality]
    return bool(rows_ok and np.allclose(integer, np.round(integer), atol=1e-6))


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_parts_give_the_whole_models_optimum(seed: int) -> None:
    built = synthetic(seed)
    parts = split(built.model)
    assert parts.count > 1
    # every row and column belongs to exactly one part
    assert sorted(parts.row_order.tolist()) == list(range(built.model.n_rows))
    assert sorted(parts.col_order.tolist()) == list(range(built.model.n_cols))
    whole = solve_model(built.model, SolveOptions(gap=1e-7, split=False))
    split_ = solve_model(built.model, SolveOptions(gap=1e-7, threads=2))
    assert (whole.status, split_.status) == ("optimal", "optimal")
    assert split_.parts == parts.count
    assert split_.objective == pytest.approx(whole.objective, rel=1e-6)
    assert split_.x is not None and feasible(built, split_.x)
    assert built.model.cost @ split_.x == pytest.approx(split_.objective, rel=1e-9)
    assert split_.bound is not None and split_.bound <= split_.objective * (1 + 1e-9)


def test_parts_share_no_row() -> None:
    built = synthetic(3)
    parts = split(built.model)
    part_of_col = np.empty(built.model.n_cols, dtype=np.int64)
    for k in range(parts.count):
        part_of_col[parts.col_order[parts.col_cut[k] : parts.col_cut[k + 1]]] = k
    a = built.model.matrix.tocoo()
    part_of_row = np.empty(built.model.n_rows, dtype=np.int64)
    part_of_row[a.row] = part_of_col[a.col]
    assert (part_of_row[a.row] == part_of_col[a.col]).all()


def test_budget_ties_every_option_into_one_part() -> None:
    free, tied = split(synthetic(1).model), split(synthetic(1, budget=1e12).model)
    options = synthetic(1, budget=1e12)
    build = options.model.variables["Build"]
    part_of_col = np.empty(options.model.n_cols, dtype=np.int64)
    for k in range(tied.count):
        part_of_col[tied.col_order[tied.col_cut[k] : tied.col_cut[k + 1]]] = k
    assert len(set(part_of_col[build.start : build.stop].tolist())) == 1
    assert tied.count < free.count


@pytest.mark.parametrize("budget", [1e12, 2e6])
def test_budget_is_relaxed_first_and_kept(budget: float) -> None:
    """A generous budget: the parts' answer keeps it and stands; a tight one: the whole model."""
    built = synthetic(1, budget=budget)
    link = SolveOptions(gap=1e-7, threads=2, linking=("Budget-year",))
    relaxed_first = solve_model(built.model, link)
    whole = solve_model(built.model, SolveOptions(gap=1e-7, split=False))
    assert relaxed_first.status == whole.status == "optimal"
    assert relaxed_first.objective == pytest.approx(whole.objective, rel=1e-6)
    assert relaxed_first.x is not None and feasible(built, relaxed_first.x)
    free = solve_model(synthetic(1).model, SolveOptions(gap=1e-7))
    if budget > 1e9:
        assert relaxed_first.parts > 1
        assert relaxed_first.objective == pytest.approx(free.objective, rel=1e-9)
    else:  # the budget binds: it costs more than the plan without it
        assert relaxed_first.parts == 1
        assert relaxed_first.objective > free.objective * (1 + 1e-6)


def test_answer_does_not_depend_on_the_number_of_workers() -> None:
    built = synthetic(4)
    start = greedy_start(built)
    one = solve_model(built.model, SolveOptions(threads=1, start=start))
    two = solve_model(built.model, SolveOptions(threads=2, start=start))
    assert one.x is not None and two.x is not None
    assert one.objective == two.objective
    assert np.array_equal(one.x, two.x)


def test_progress_counts_the_parts() -> None:
    built = synthetic(1)
    seen: list[dict[str, float]] = []
    solution = solve_model(built.model, SolveOptions(threads=2, progress=seen.append))
    assert seen and seen[-1]["parts_done"] == seen[-1]["parts"] == solution.parts
    assert all(a["parts_done"] <= b["parts_done"] for a, b in itertools.pairwise(seen))


def test_an_infeasible_part_makes_the_whole_infeasible() -> None:
    # no imports from the first year and nothing may go unmet: some demands cannot be covered
    built = synthetic(2, strict=True, cut=True)
    assert split(built.model).count > 1
    solution = solve_model(built.model, SolveOptions(threads=2))
    assert solution.status == "infeasible"
    assert solution.x is None and solution.objective is None
    assert solve_model(built.model, SolveOptions(split=False)).status == "infeasible"


def test_time_limit_keeps_a_feasible_plan_from_the_start() -> None:
    built = synthetic(5)
    start = greedy_start(built)
    assert start is not None
    solution = solve_model(built.model, SolveOptions(threads=2, time_limit=1e-4, start=start))
    assert solution.status == "time_limit"
    assert solution.x is not None and feasible(built, solution.x)
    assert solution.objective is not None
    assert solution.objective <= built.model.cost @ start * (1 + 1e-9)
    assert solution.bound is not None and solution.bound <= solution.objective


def test_repair_turns_an_overspending_plan_into_a_feasible_start() -> None:
    built = synthetic(1, budget=2e6)
    unbudgeted = solve_model(synthetic(1).model, SolveOptions(gap=1e-6))  # same columns
    assert unbudgeted.x is not None and not feasible(built, unbudgeted.x)  # it overspends
    repaired = repair_budget(built, unbudgeted.x)
    assert repaired is not None and feasible(built, repaired)
    best = solve_model(built.model, SolveOptions(gap=1e-6, split=False))
    assert best.objective is not None and unbudgeted.objective is not None
    # a feasible plan of the budgeted model: no cheaper than its optimum, dearer than no budget
    cost = built.model.cost @ repaired
    assert best.objective * (1 - 1e-6) <= cost
    assert unbudgeted.objective < cost


def test_thread_counts_can_change_between_solves() -> None:
    """HiGHS keeps a scheduler per calling thread; whole and split solves may alternate."""
    built = synthetic(1, budget=2e6)  # one part: whole solves in this thread
    objectives = {
        solve_model(built.model, options).objective
        for options in (
            SolveOptions(split=False, gap=1e-6),
            SolveOptions(split=False, threads=1, gap=1e-6),
            SolveOptions(threads=2, gap=1e-6, linking=("Budget-year",)),
            SolveOptions(split=False, threads=2, gap=1e-6),
            SolveOptions(split=False, threads=1, gap=1e-6),
        )
    }
    assert len({round(o or 0.0, 2) for o in objectives}) == 1 and None not in objectives
