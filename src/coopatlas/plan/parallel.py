"""The parallel-production verdict: one function for `plan check-parallel` and the plan.

Would a new plant for a product duplicate capacity that already exists in the Union State?
The plant can reach the demands that would have it among their candidate suppliers
(:func:`coopatlas.plan.data.candidates`: same product or heading, cheapest delivered first,
so its region and transport cost decide which). Those demands' products and the plant's own
product are the products concerned; their free capacity (spare, less what order backlogs
have already claimed) and the expansions of them that can be producing by the year (lead
times from the horizon's first year; those among some demand's candidates) are what exists.
When that covers every Union State
demand for those products in the year, the plant is a parallel production; otherwise it is
not, and the remainder it could take is shown.

The plan calls :func:`verdict_table` for every plant option and year and lets a plant deliver
only in the years its verdict is "not parallel"; the plant notes of the plan and this command
therefore give the same verdict on the same plant.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coopatlas.errors import UserError
from coopatlas.plan.data import Candidates, PlanInstance, backlog_committed, candidates
from coopatlas.plan.model import EXISTING, EXPANSION, PLANT

NEARBY_KM = 600.0  # "near the plant": within a day's lorry drive


def verdict_table(
    cand: Candidates,
    plants: npt.NDArray[np.int64],
    years: npt.NDArray[np.int64],
    qty: npt.NDArray[np.float64] | None = None,
) -> pd.DataFrame:
    """The verdict figures for each plant source in *plants* and year in *years*.

    Columns: plant (source index), year, reach (demand of the plant's candidate demands),
    demand (all Union State demand for the products concerned), existing (their free
    capacity), expandable (their expansions producing by the year), remaining
    (demand - existing - expandable, >= 0), parallel (bool).
    """
    src, dem, arcs = cand.sources, cand.demands, cand.arcs
    years = np.asarray(years, dtype=np.int64)
    q = dem["quantity"].to_numpy(dtype=np.float64) if qty is None else qty
    first = dem["first_year"].astype("Float64").fillna(int(years[0])).to_numpy(dtype=np.float64)
    d_prod = dem["hs"].astype(str).str.slice(0, 6).to_numpy(dtype=object)
    nt = len(years)
    # per product and year: demand, free existing capacity, expansions ready
    products = pd.Index(
        sorted(set(d_prod.tolist()) | set(src["product"].astype(str).tolist())), dtype=object
    )
    p_of_d = products.get_indexer(d_prod)
    need = np.zeros((len(products), nt))
    np.add.at(need, p_of_d, q[:, None] * (first[:, None] <= years[None, :]))
    kind = src["kind"].to_numpy()
    p_of_s = products.get_indexer(src["product"].astype(str).to_numpy(dtype=object))
    is_pool = src["label"].astype(str).str.startswith("pool/").to_numpy()
    cap = src["capacity"].to_numpy(dtype=np.float64)
    existing = np.zeros(len(products))
    old = (kind == EXISTING) & ~is_pool
    np.add.at(existing, p_of_s[old], cap[old])
    on_arc = np.zeros(len(src), dtype=bool)
    on_arc[arcs["source"].to_numpy()] = True
    exp = (kind == EXPANSION) & on_arc  # an expansion no demand can use cannot cover any
    ready = (years[0] + src["lead"].to_numpy(dtype=np.int64))[:, None] <= years[None, :]
    expandable = np.zeros((len(products), nt))
    np.add.at(expandable, p_of_s[exp], cap[exp, None] * ready[exp])
    # products concerned per plant: its own and those of the demands it can reach
    a_src, a_dem = arcs["source"].to_numpy(), arcs["demand"].to_numpy()
    mine = np.isin(a_src, plants)
    pairs = pd.DataFrame(
        {
            "plant": np.concatenate([a_src[mine], plants]),
            "product": np.concatenate([p_of_d[a_dem[mine]], p_of_s[plants]]),
        }
    ).drop_duplicates()
    row = pd.Index(plants).get_indexer(pairs["plant"].to_numpy())
    demand = np.zeros((len(plants), nt))
    have = np.zeros((len(plants), nt))
    extra = np.zeros((len(plants), nt))
    pp = pairs["product"].to_numpy()
    np.add.at(demand, row, need[pp])
    np.add.at(have, row, np.repeat(existing[pp, None], nt, axis=1))
    np.add.at(extra, row, expandable[pp])
    reach = np.zeros((len(plants), nt))
    reach_row = pd.Index(plants).get_indexer(a_src[mine])
    np.add.at(reach, reach_row, q[a_dem[mine], None] * (first[a_dem[mine], None] <= years[None, :]))
    remaining = np.maximum(demand - have - extra, 0.0)
    out = pd.DataFrame(
        {
            "plant": np.repeat(plants, nt),
            "year": np.tile(years, len(plants)),
            "reach": reach.ravel(),
            "demand": demand.ravel(),
            "existing": have.ravel(),
            "expandable": extra.ravel(),
            "remaining": remaining.ravel(),
        }
    )
    out["parallel"] = (out["remaining"] <= 1e-6) | (out["reach"] <= 1e-6)
    return out


@dataclass
class ParallelCheck:
    hs: str
    region: str
    capacity: float
    year: int
    products: list[str]  # the plant's product and those of the demands it can reach
    reach: float  # demand of the demands that would have the plant as a candidate
    demands: int  # how many such demands
    demand: float  # all Union State demand for the products concerned, in the year
    existing_capacity: float
    existing_output: float
    backlog_months: float  # output-weighted mean
    backlog_committed: float  # spare capacity already owed to the backlog, per year
    spare: float  # free capacity: spare less the backlog's claim
    nearby: float  # free capacity within NEARBY_KM of the plant's region
    expandable: float  # expansions of the products concerned producing by the year
    remaining: float
    plant_utilisation: float
    mean_km: float
    transport: float  # mean transport cost per unit to the demands it can reach
    idle_makers: list[str]
    verdict: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _plant_row(instance: PlanInstance, hs: str, region: str, capacity: float) -> pd.DataFrame:
    """A hypothetical plant option: the instance's own option at that place, else a new one."""
    from coopatlas.plan.data import sources_frame

    src = sources_frame(instance)
    plants = src[src["kind"] == PLANT]
    same = plants[(plants["product"] == hs[:6]) & (plants["region"] == region)]
    cost = (
        float(same["unit_cost"].iloc[0])
        if len(same)
        else float(
            plants.loc[plants["product"] == hs[:6], "unit_cost"].median()
            if (plants["product"] == hs[:6]).any()
            else src.loc[src["product"].str.startswith(hs[:4]), "unit_cost"].median()
            if src["product"].str.startswith(hs[:4]).any()
            else 1.0
        )
    )
    row = {
        "label": "proposed",
        "kind": PLANT,
        "hs": hs[:6],
        "region": region,
        "enterprise": None,
        "capacity": capacity,
        "unit_cost": cost,
        "capex": 0.0,
        "lead": 0,
        "backlog_months": 0.0,
        "total_capacity": capacity,
        "synthetic": False,  # the user's own question
        "product": hs[:6],
    }
    return pd.DataFrame([row])


def check_parallel(
    instance: PlanInstance,
    hs: str,
    region: str,
    capacity: float,
    year: int = 2030,
    *,
    first_year: int = 2024,
    k: int = 20,
    transport_per_km: float = 0.0005,
    cand: Candidates | None = None,
    plant: int | None = None,
    qty: npt.NDArray[np.float64] | None = None,
) -> ParallelCheck:
    """The verdict on a plant of *capacity* a year for *hs* in *region*, producing in *year*.

    Without *cand*, the plant is added to the instance's candidates as it would be to a plan
    (the plan's own option for that product and region when there is one, same unit cost);
    the plan passes its candidates and the plant's source index instead.
    """
    hs = hs.strip().replace(".", "")
    if not hs.isdigit() or len(hs) != 6:
        raise UserError(f"HS code {hs!r}: give the 6-digit product code (e.g. 732510)")
    if region not in set(instance.regions["code"]):
        raise UserError(f"unknown region {region!r} (use an ISO 3166-2 code such as RU-VLG)")
    if capacity <= 0:
        raise UserError(f"capacity {capacity} must be greater than zero")
    if year < first_year:
        raise UserError(f"year {year} is before the horizon's first year {first_year}")
    if cand is None or plant is None:
        cand = candidates(
            instance, k, transport_per_km, extra_plants=_plant_row(instance, hs, region, capacity)
        )
        plant = int(np.flatnonzero(cand.sources["label"].to_numpy() == "proposed")[0])
    years = np.arange(first_year, max(year, first_year) + 1)
    table = verdict_table(cand, np.array([plant], dtype=np.int64), years, qty)
    v = table.iloc[-1]
    src, dem, arcs = cand.sources, cand.demands, cand.arcs
    arcs_p = arcs[arcs["source"] == plant]
    reached = dem.iloc[arcs_p["demand"].to_numpy()]
    reached_now = reached["first_year"].fillna(first_year).to_numpy() <= year
    products = sorted({hs[:6], *reached["hs"].astype(str).str.slice(0, 6).tolist()})
    caps = instance.capabilities
    concerned = caps[caps["hs"].astype(str).str.slice(0, 6).isin(products)]
    output = concerned["output"].fillna(0.0)
    weights = output.to_numpy()
    backlog = (
        float(np.average(concerned["backlog_months"].fillna(0), weights=weights))
        if weights.sum() > 0
        else 0.0
    )
    committed = float(backlog_committed(concerned).sum()) if len(concerned) else 0.0
    makers = src[
        (src["kind"] == EXISTING)
        & src["product"].isin(products)
        & ~src["label"].astype(str).str.startswith("pool/")
        & (src["capacity"] > 0)
    ]
    nearby = float(makers.loc[_within(instance, makers["region"], region), "capacity"].sum())
    names = dict(zip(instance.enterprises["id"], instance.enterprises["name_en"], strict=True))
    top = makers.sort_values("capacity", ascending=False).head(5)
    idle = [
        f"{names.get(e, e)} ({r}, HS {p}): {c:,.0f}/yr free"
        for e, r, p, c in zip(
            top["enterprise"], top["region"], top["product"], top["capacity"], strict=True
        )
    ]
    usable = np.zeros(len(src), dtype=bool)
    usable[arcs["source"].to_numpy()] = True
    options = src[
        (src["kind"] == EXPANSION)
        & usable
        & src["product"].isin(products)
        & (first_year + src["lead"] <= year)
    ].sort_values("capacity", ascending=False)
    idle += [
        f"expansion of {names.get(e, e)} ({r}, HS {p}): +{c:,.0f}/yr from {first_year + lead}"
        for e, r, p, c, lead in zip(
            options["enterprise"],
            options["region"],
            options["product"],
            options["capacity"],
            options["lead"],
            strict=True,
        )
    ][: max(5 - len(idle), 2)]
    mean_km = float(arcs_p["km"].mean()) if len(arcs_p) else 0.0
    transport = float(arcs_p["transport"].mean()) if len(arcs_p) else 0.0
    reach, demand = float(v["reach"]), float(v["demand"])
    spare, expandable, remaining = (
        float(v["existing"]),
        float(v["expandable"]),
        float(v["remaining"]),
    )
    takes = min(remaining, reach)
    use = min(takes / capacity, 1.0)
    what = f"HS {', '.join(products)}"
    exist = (
        f"{spare:,.0f}/yr of free capacity"
        + (
            f" ({committed:,.0f}/yr more is owed to order backlogs of {backlog:.1f} months)"
            if committed > 0
            else ""
        )
        + f" and {expandable:,.0f}/yr of expansions producing by {year}"
    )
    if reach <= 1e-6:
        verdict = "no demand"
        message = (
            f"no demand within reach: in {year} no Union State demand of HS {hs[:6]} or its "
            f"heading would have a plant in {region} among its candidate suppliers; a "
            f"{capacity:,.0f}/yr plant would serve nobody listed in the registry"
        )
    elif remaining <= 1e-6:
        verdict = "parallel"
        message = (
            f"parallel: in {year} the Union State needs {demand:,.0f}/yr of {what}, and "
            f"{exist} cover it ({(spare + expandable) / max(demand, 1e-9):.0%}); "
            f"{spare + expandable - demand:,.0f}/yr would stand idle beside the plant"
            + (f"; idle or ready to expand: {'; '.join(idle)}" if idle else "")
        )
    else:
        verdict = "not parallel"
        message = (
            f"not parallel: in {year} the Union State needs {demand:,.0f}/yr of {what}; "
            f"{exist} leave {remaining:,.0f}/yr uncovered, {takes:,.0f}/yr of it among the "
            f"{int(reached_now.sum())} demands the plant can reach ({reach:,.0f}/yr, "
            f"{mean_km:,.0f} km away on average): a {capacity:,.0f}/yr plant would run at "
            f"{use:.0%}"
        )
    return ParallelCheck(
        hs[:6],
        region,
        capacity,
        year,
        products,
        reach,
        int(reached_now.sum()),
        demand,
        float(concerned["capacity"].sum()),
        float(output.sum()),
        backlog,
        committed,
        spare,
        nearby,
        expandable,
        remaining,
        use,
        mean_km,
        transport,
        idle,
        verdict,
        message,
    )


def _within(instance: PlanInstance, regions: pd.Series, region: str) -> npt.NDArray[np.bool_]:
    from coopatlas.plan.data import haversine_km

    coords = instance.regions.set_index("code")[["lat", "lon"]].astype(float)
    here = coords.loc[region]
    there = coords.reindex(regions.to_numpy())
    km = haversine_km(
        np.full(len(there), here["lat"]),
        np.full(len(there), here["lon"]),
        there["lat"].to_numpy(),
        there["lon"].to_numpy(),
    )
    return np.asarray(np.nan_to_num(km, nan=np.inf) <= NEARBY_KM)
