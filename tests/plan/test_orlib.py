"""`plan orlib` against an independent formulation, on instances written in Beasley's format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from coopatlas.errors import UserError
from coopatlas.plan.orlib import solve_orlib


def write_orlib(path: Path, capacity: list[str], fixed: list[float], demand: list[int],
                cost: np.ndarray) -> Path:  # type: ignore[type-arg]  # fmt: skip
    """Beasley's layout: warehouses, then each customer's demand and its cost rows of seven."""
    lines = [f" {len(fixed)} {len(demand)}"]
    lines += [f" {c} {f:.1f}" for c, f in zip(capacity, fixed, strict=True)]
    for j, d in enumerate(demand):
        lines.append(f" {d}")
        row = [f"{v:.5f}" for v in cost[:, j]]
        lines += [" " + " ".join(row[k : k + 7]) for k in range(0, len(row), 7)]
    path.write_text("\n".join(lines) + "\n")
    return path


def reference_optimum(capacity: np.ndarray, fixed: np.ndarray, demand: np.ndarray,
                      cost: np.ndarray) -> float:  # type: ignore[type-arg]  # fmt: skip
    """min sum f_i y_i + sum c_ij x_ij, sum_i x_ij = 1, sum_j d_j x_ij <= s_i y_i (scipy milp)."""
    m, n = cost.shape
    c = np.concatenate([fixed, cost.reshape(-1)])  # y, then x[i, j] row-major
    assign = np.zeros((n, m + m * n))
    for j in range(n):
        assign[j, m + np.arange(m) * n + j] = 1.0
    cap = np.zeros((m, m + m * n))
    for i in range(m):
        cap[i, i] = -capacity[i]
        cap[i, m + i * n : m + (i + 1) * n] = demand
    result = milp(
        c,
        constraints=[LinearConstraint(assign, 1, 1), LinearConstraint(cap, -np.inf, 0)],
        integrality=np.concatenate([np.ones(m), np.zeros(m * n)]),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 1e-9},
    )
    assert result.status == 0
    return float(result.fun)


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    m=st.integers(2, 7),
    n=st.integers(2, 12),
    seed=st.integers(0, 10_000),
    tight=st.floats(1.1, 3.0),
)
def test_orlib_matches_an_independent_formulation(
    tmp_path: Path, m: int, n: int, seed: int, tight: float
) -> None:
    rng = np.random.default_rng(seed)
    demand = rng.integers(1, 100, n)
    # capacities so that the warehouses together hold `tight` times the demand
    capacity = np.full(m, int(np.ceil(tight * demand.sum() / m)) + int(demand.max()))
    fixed = rng.integers(0, 5000, m).astype(float)
    cost = np.round(rng.uniform(0, 50, (m, n)) * demand, 5)  # cost of the whole demand
    path = write_orlib(tmp_path / "inst.txt", [str(c) for c in capacity], list(fixed),
                       list(demand), cost)  # fmt: skip
    result = solve_orlib(path)
    assert result["status"] == "optimal"
    expected = reference_optimum(capacity.astype(float), fixed, demand.astype(float), cost)
    assert result["objective"] == pytest.approx(expected, rel=1e-6, abs=1e-6)
    opened = np.zeros(m, dtype=bool)
    opened[np.array(result["open"], dtype=int) - 1] = True
    assert capacity[opened].sum() >= demand.sum()


def test_capacity_word_needs_a_value(tmp_path: Path) -> None:
    cost = np.array([[10.0, 20.0], [30.0, 5.0]])
    path = write_orlib(tmp_path / "capa.txt", ["capacity", "capacity"], [100.0, 100.0],
                       [10, 10], cost)  # fmt: skip
    with pytest.raises(UserError, match="--capacity"):
        solve_orlib(path)
    # capacity 10: each warehouse holds one customer, both open; 20: one warehouse suffices
    assert solve_orlib(path, capacity=10)["objective"] == pytest.approx(215.0)
    assert solve_orlib(path, capacity=20)["objective"] == pytest.approx(100 + 30.0)
