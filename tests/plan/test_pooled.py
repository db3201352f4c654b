"""Pooled makers against the full formulation: the same plan where pooling is exact.

The pooled formulation keeps each demand's cheapest few makers as arcs and pools the rest of a
product's makers into one source at their capacity-weighted delivered cost. Where a product's
makers deliver at the same cost (here: one unit cost per product, transport off), that pooling
loses nothing, so the optimum must equal the one of the full formulation (every maker an arc
of every demand of its heading), with the no-parallel rule on: the rule's counting of idle
capacity is the same in both.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from coopatlas.plan.data import candidates
from coopatlas.plan.solve import solve_plan
from tests.plan.conftest import ENTERPRISES, demand, instance, options

HEADINGS = {"8708": ("870840", "870850"), "7325": ("732510", "732599")}


def random_instance(seed: int) -> Any:
    rng = np.random.default_rng(seed)
    products = [p for pair in HEADINGS.values() for p in pair]
    cost = {p: float(rng.integers(20, 60)) for p in products}
    caps = []
    for firm in ENTERPRISES["id"]:
        for p in rng.choice(products, size=3, replace=False):
            capacity = float(rng.integers(50, 400))
            caps.append({"enterprise": firm, "hs": p, "capacity": capacity,
                         "output": float(rng.integers(0, capacity)), "unit_cost": cost[p],
                         "backlog_months": float(rng.choice([0.0, 0.0, 3.0, 9.0]))})  # fmt: skip
    demands = [
        demand(f"d{i}", str(rng.choice(products)), float(rng.integers(100, 900)),
               first=int(rng.choice([2024, 2025])), import_unit_cost=float(rng.integers(70, 120)))
        for i in range(6)
    ]  # fmt: skip
    # one plant option per heading: every demand keeps it (two of each kind are kept), so
    # only the existing makers' arcs differ between the two formulations
    plants = [
        {"id": f"p{h}", "region": "BY-MI", "hs": str(rng.choice(pair)),
         "capacity": float(rng.integers(200, 1500)),
         "capital_cost": float(rng.integers(1, 20)) * 1e3,
         "lead_time_years": int(rng.choice([0, 1])), "unit_cost": float(rng.integers(5, 30))}
        for h, pair in HEADINGS.items()
    ]  # fmt: skip
    expansions = [
        {"id": "x1", "enterprise": "kamaz", "hs": caps[0]["hs"], "added_capacity": 300.0,
         "capital_cost": 2000.0, "lead_time_years": 1, "unit_cost": cost[caps[0]["hs"]]}
    ]  # fmt: skip
    return instance(caps, demands, expansions, plants)


@pytest.mark.parametrize("seed", range(12))
def test_pooled_equals_full_formulation(seed: int) -> None:
    inst = random_instance(seed)
    pooled = candidates(inst, k=1, transport_per_km=0.0, per_kind=1)
    assert pooled.sources["label"].str.startswith("pool/").any()  # the pool is exercised
    full = candidates(inst, k=10_000, transport_per_km=0.0)
    assert not full.sources["label"].str.startswith("pool/").any()
    a = solve_plan(inst, options(candidates=1, unmet_penalty=10.0))
    b = solve_plan(inst, options(candidates=10_000, unmet_penalty=10.0))
    assert a.status == b.status == "optimal"
    assert a.objective == pytest.approx(b.objective, rel=1e-7)
    assert a.model["columns"] < b.model["columns"] or len(inst.capabilities) <= 4
