"""OR-Library capacitated warehouse location (Beasley's cap41...cap134) on the planner's core.

A file becomes a single-year :class:`~coopatlas.plan.model.Problem`: warehouses are plant
options (capacity, opening cost as capital cost, no lead time), customers are demands that
must be met without imports, and every (warehouse, customer) pair is an arc whose unit cost is
the cost of serving the whole demand divided by the demand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from coopatlas.errors import UserError
from coopatlas.plan.highs import SolveOptions, solve_model
from coopatlas.plan.model import (
    NEVER,
    PLANT,
    ModelOptions,
    Problem,
    build_model,
)


def read_orlib(path: Path, capacity: float | None = None) -> Problem:
    """Parse an OR-Library capacitated warehouse location file.

    The large instances (capa, capb, capc) write the word ``capacity`` where each warehouse's
    capacity goes, and OR-Library gives the values to use separately: pass one as *capacity*.
    """
    try:
        tokens = path.read_text("utf-8").split()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path}: a binary file, not an OR-Library text file (bad byte at offset {exc.start})"
        ) from exc
    placeholder = [i for i, t in enumerate(tokens) if t.lower() == "capacity"]
    if placeholder and capacity is None:
        raise UserError(
            f"{path}: the file gives warehouse capacities as the word 'capacity' (an OR-Library "
            "capa/capb/capc instance): pass the capacity to use with --capacity"
        )
    for i in placeholder:
        tokens[i] = str(capacity)
    try:
        values = np.array([float(t) for t in tokens])
        m, n = int(values[0]), int(values[1])
        fac = values[2 : 2 + 2 * m].reshape(m, 2)
        cust = values[2 + 2 * m : 2 + 2 * m + n * (m + 1)].reshape(n, m + 1)
    except (ValueError, IndexError) as exc:
        raise UserError(f"{path}: not an OR-Library capacitated location file ({exc})") from exc
    demand = cust[:, 0]
    cost = cust[:, 1:] / np.where(demand > 0, demand, 1.0)[:, None]  # per unit
    arc_source = np.tile(np.arange(m), n)
    arc_demand = np.repeat(np.arange(n), m)
    return Problem(
        years=np.array([0]),
        demand_label=np.array([f"c{j + 1}" for j in range(n)], dtype=object),
        demand_qty=demand,
        demand_first=np.zeros(n, dtype=np.int64),
        demand_import_cost=np.zeros(n),
        demand_import_from=np.full(n, NEVER, dtype=np.int64),
        source_label=np.array([f"w{i + 1}" for i in range(m)], dtype=object),
        source_kind=np.full(m, PLANT, dtype=np.int64),
        source_product=np.full(m, "warehouse", dtype=object),
        source_capacity=fac[:, 0].copy(),
        source_capex=fac[:, 1].copy(),
        source_lead=np.zeros(m, dtype=np.int64),
        arc_source=arc_source,
        arc_demand=arc_demand,
        arc_cost=cost.reshape(-1),
        allow_import=False,
    )


def solve_orlib(
    path: Path, gap: float = 1e-9, time_limit: float | None = None, capacity: float | None = None
) -> dict[str, Any]:
    """Solve to optimality; return objective, status, the open warehouses (1-based)."""
    problem = read_orlib(path, capacity)
    built = build_model(problem, ModelOptions(no_parallel=False, link=True))
    solution = solve_model(built.model, SolveOptions(gap=gap, time_limit=time_limit))
    opened: list[int] = []
    if solution.x is not None:
        b = built.model.variables["Build"]
        values = solution.x[b.start : b.stop]
        opened = sorted(int(built.build_option[i]) + 1 for i in np.flatnonzero(values > 0.5))
    return {
        "objective": round(solution.objective, 6) if solution.objective is not None else None,
        "status": solution.status,
        "open": opened,
        "bound": solution.bound,
        "seconds": round(solution.seconds, 3),
        "model": built.model.summary(),
    }
