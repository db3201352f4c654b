"""The parallel-production check for a proposed plant (`coopatlas plan check-parallel`).

Would a new plant for a product duplicate capacity that already exists in the Union State?
Compare the Union State demand for the product with existing spare capacity and the
expansions on offer: when they cover the demand, the plant is a parallel production.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from coopatlas.errors import UserError
from coopatlas.plan.data import PlanInstance


@dataclass
class ParallelCheck:
    hs: str
    region: str
    capacity: float
    year: int
    demand: float  # Union State demand for the product in the year
    demands: int
    existing_capacity: float
    existing_output: float
    spare: float
    utilisation: float
    backlog_months: float  # output-weighted mean
    expandable: float
    covered_share: float  # (spare + expandable) / demand
    remaining: float  # demand left after spare and expansions
    plant_utilisation: float  # remaining / capacity, at most 1
    verdict: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _match(codes: Any, hs: str) -> Any:
    """Same HS6 code (or, for a 4-digit query, the same heading)."""
    key = hs[:6]
    return codes.fillna("").astype(str).str.startswith(key)


def check_parallel(
    instance: PlanInstance, hs: str, region: str, capacity: float, year: int = 2030
) -> ParallelCheck:
    """Demand, existing and expandable capacity for *hs*, and a verdict with the numbers."""
    hs = hs.strip().replace(".", "")
    if not hs.isdigit() or len(hs) < 4:
        raise UserError(f"HS code {hs!r}: give 4 or 6 digits (e.g. 7325 or 732510)")
    if region not in set(instance.regions["code"]):
        raise UserError(f"unknown region {region!r} (use an ISO 3166-2 code such as RU-VLG)")
    if capacity <= 0:
        raise UserError(f"capacity {capacity} must be greater than zero")
    dem = instance.demands
    mine = dem[_match(dem["hs"], hs) & (dem["first_year"].fillna(0) <= year)]
    demand = float(mine["quantity"].sum())
    caps = instance.capabilities[_match(instance.capabilities["hs"], hs)]
    total = float(caps["capacity"].sum())
    output = float(caps["output"].fillna(0).sum())
    spare = max(total - output, 0.0)
    weights = caps["output"].fillna(0).to_numpy()
    backlog = (
        float(np.average(caps["backlog_months"].fillna(0), weights=weights))
        if weights.sum() > 0
        else 0.0
    )
    exp = instance.expansions[_match(instance.expansions["hs"], hs)]
    expandable = float(exp["added_capacity"].sum())
    covered = spare + expandable
    share = covered / demand if demand > 0 else (1.0 if covered > 0 else 0.0)
    remaining = max(demand - covered, 0.0)
    plant_use = min(remaining / capacity, 1.0)
    if demand == 0:
        verdict = "no demand"
        message = (
            f"no Union State demand for HS {hs} by {year}: a plant of {capacity:,.0f}/yr "
            "would serve nobody listed in the registry"
        )
    elif remaining <= 0:
        verdict = "parallel"
        message = (
            f"parallel: existing capacity covers {share:.0%} of the demand it "
            f"would serve ({spare:,.0f} spare + {expandable:,.0f} expandable vs "
            f"{demand:,.0f}/yr)"
        )
    elif remaining < 0.5 * capacity:
        verdict = "partly parallel"
        message = (
            f"partly parallel: existing and expandable capacity cover {share:.0%} of "
            f"{demand:,.0f}/yr; {remaining:,.0f}/yr remains, so a {capacity:,.0f}/yr "
            f"plant would run at {plant_use:.0%}"
        )
    else:
        verdict = "not parallel"
        message = (
            f"not parallel: existing and expandable capacity cover only {share:.0%} of "
            f"{demand:,.0f}/yr; {remaining:,.0f}/yr remains for the plant "
            f"({plant_use:.0%} of its capacity)"
        )
    if total > 0 and output / total >= 0.95 and backlog >= 6 and verdict != "not parallel":
        message += (
            f"; existing plants run at {output / total:.0%} with {backlog:.1f} months of backlog"
        )
    return ParallelCheck(
        hs,
        region,
        capacity,
        year,
        demand,
        len(mine),
        total,
        output,
        spare,
        output / total if total > 0 else 0.0,
        backlog,
        expandable,
        share,
        remaining,
        plant_use,
        verdict,
        message,
    )
