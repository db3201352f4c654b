"""`solve_plan(instance, options) -> PlanResult`: build, solve, explain, and read the plan.

The CLI (`coopatlas plan solve`) and the demo call this one function. A result holds the
roadmap (each demand's stage, suppliers and quantities by year), the investments with a
parallel-production note for every plant, localization share by year, the trade between
Belarus and each Russian region that the plan implies, the cost breakdown, and the solver's
status, objective, best bound and gap; when the hard constraints conflict, an explanation
instead (the constraint blocks and demands an elastic relaxation had to stretch).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coopatlas.plan.data import Candidates, PlanInstance, check_instance, to_problem
from coopatlas.plan.highs import SolveOptions, solve_model
from coopatlas.plan.model import (
    EXISTING,
    EXPANSION,
    KIND_NAMES,
    PLANT,
    Built,
    ModelOptions,
    Problem,
    build_model,
    relax,
)
from coopatlas.plan.names import add_names
from coopatlas.plan.start import greedy_start, repair_budget

EPS = 1e-6
STAGE_NAMES = {
    0: "after the horizon",
    1: "1 existing capacity",
    2: "2 expansion",
    3: "3 new plant",
    4: "import",
    5: "unmet",
}


@dataclass
class PlanOptions:
    """What to plan and how: horizon, solver limits, economics, scenario knobs."""

    first_year: int = 2024
    last_year: int = 2030
    gap: float = 0.01
    time_limit: float | None = None
    threads: int | None = None
    budget: float | None = None  # capital per year, USD
    allow_parallel: bool = False
    discount_rate: float = 0.08
    transport_per_km: float = 0.0005  # USD per unit and km
    import_markup: float = 1.25  # import price over the Union State median unit cost
    import_penalty: float = 0.15  # dependence penalty, share of the import price
    candidates: int = 20
    demand_multiplier: float = 1.0
    import_cutoff: dict[str, int] = field(default_factory=dict)  # foreign source -> year
    unmet_penalty: float | None = None  # x import price per unit short; None: must be met
    link: bool = False  # Expansion-link / Plant-link rows: no better root bound, slower LP
    explain: bool = True
    progress: Callable[[dict[str, float]], None] | None = None

    @property
    def years(self) -> np.ndarray:  # type: ignore[type-arg]
        return np.arange(self.first_year, self.last_year + 1)


@dataclass
class PlanResult:
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds_build: float
    seconds_solve: float
    model: dict[str, Any]
    years: list[int]
    roadmap: pd.DataFrame
    flows: pd.DataFrame
    investments: pd.DataFrame
    localization: pd.DataFrame
    trade: pd.DataFrame
    costs: dict[str, float]
    stages: dict[str, int]
    explanation: list[str] = field(default_factory=list)
    stretched: pd.DataFrame = field(default_factory=pd.DataFrame)
    options: dict[str, Any] = field(default_factory=dict)
    synthetic: dict[str, tuple[int, int]] = field(default_factory=dict)  # see PlanInstance
    region_names: dict[str, str] = field(default_factory=dict)  # code -> name, for reports

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "time_limit", "gap_limit") and not self.roadmap.empty

    def summary(self) -> dict[str, Any]:
        share = self.localization.set_index("year")["share"] if len(self.localization) else None
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds_build": round(self.seconds_build, 3),
            "seconds_solve": round(self.seconds_solve, 3),
            "stages": self.stages,
            "investments": len(self.investments),
            "capital": float(self.investments["capital_cost"].sum())
            if len(self.investments)
            else 0.0,
            "localization_share": {int(k): round(float(v), 4) for k, v in share.items()}
            if share is not None
            else {},
            "costs": self.costs,
            "explanation": self.explanation,
        }


def solve_plan(instance: PlanInstance, options: PlanOptions | None = None) -> PlanResult:
    """Check the instance, build the MIP, solve it with HiGHS and read the plan."""
    options = options or PlanOptions()
    years = options.years
    check_instance(
        instance,
        int(years[0]),
        int(years[-1]),
        options.import_cutoff,
        strict=options.unmet_penalty is None,
    )
    start = time.perf_counter()
    problem, cand = to_problem(
        instance,
        years,
        k=options.candidates,
        transport_per_km=options.transport_per_km,
        import_markup=options.import_markup,
        import_penalty=options.import_penalty,
        discount_rate=options.discount_rate,
        budget=options.budget,
        cutoff=options.import_cutoff,
        demand_multiplier=options.demand_multiplier,
    )
    mopts = ModelOptions(
        no_parallel=not options.allow_parallel,
        link=options.link,
        unmet_penalty=options.unmet_penalty,
    )
    built = build_model(problem, mopts)
    summary = built.model.summary()
    build_seconds = time.perf_counter() - start
    solution = solve_model(
        built.model,
        SolveOptions(
            gap=options.gap,
            time_limit=options.time_limit,
            threads=options.threads,
            progress=options.progress,
            start=greedy_start(built),
            linking=("Budget-year",),
            repair=lambda x: repair_budget(built, x),
        ),
    )
    summary["parts"] = solution.parts
    opts = {k: v for k, v in options.__dict__.items() if k != "progress"}
    if solution.x is None:
        explanation: list[str] = []
        stretched = pd.DataFrame()
        if solution.status == "infeasible" and options.explain:
            explanation, stretched = explain_infeasible(built, cand)
        elif solution.status == "time_limit":
            explanation = ["the time limit was reached before HiGHS found a feasible plan"]
        return PlanResult(
            solution.status,
            None,
            solution.bound,
            None,
            build_seconds,
            solution.seconds,
            summary,
            [int(y) for y in years],
            pd.DataFrame(),
            pd.DataFrame(),
            pd.DataFrame(),
            pd.DataFrame(),
            pd.DataFrame(),
            {},
            {},
            explanation,
            stretched,
            opts,
        )
    roadmap, flows, investments, localization, trade, costs, stages = read_plan(
        built, cand, instance, solution.x
    )
    add_names(roadmap, investments, flows, cand.sources, instance)
    roadmap["note"] = demand_notes(roadmap, built.problem)
    return PlanResult(
        solution.status,
        solution.objective,
        solution.bound,
        solution.gap,
        build_seconds,
        solution.seconds,
        summary,
        [int(y) for y in years],
        roadmap,
        flows,
        investments,
        localization,
        trade,
        costs,
        stages,
        options=opts,
        synthetic=instance.synthetic,
        region_names=dict(
            zip(instance.regions["code"], instance.regions["name_en"].astype(str), strict=True)
        ),
    )


def demand_notes(roadmap: pd.DataFrame, problem: Problem) -> pd.Series:
    """Why a demand is still imported, or goes unmet, in words (unmet says more)."""
    notes = _import_notes(roadmap, problem)
    unmet = _unmet_notes(roadmap, problem)
    return unmet.where(unmet != "", notes)


def _unmet_notes(roadmap: pd.DataFrame, problem: Problem) -> pd.Series:
    """For a demand short in some year: when imports stop and what local supply delivers."""
    notes = pd.Series("", index=roadmap.index, dtype=object)
    unmet_cols = [c for c in roadmap.columns if c.startswith("unmet_")]
    if not unmet_cols:
        return notes
    short = roadmap[unmet_cols].to_numpy()
    rows = np.flatnonzero((short > EPS).any(axis=1))
    reachable = np.zeros(len(roadmap), dtype=bool)
    reachable[problem.arc_demand] = True
    for i in rows.tolist():
        t = int(np.argmax(short[i] > EPS))
        year = int(unmet_cols[t].removeprefix("unmet_"))
        stop = int(problem.demand_import_from[i])
        local = float(roadmap.iloc[i][f"local_{year}"])
        if not reachable[i]:
            hs = str(roadmap.iloc[i]["hs"])
            notes.iloc[i] = (
                f"imports stop in {stop} (must localize, or a cut-off), and nobody in the "
                f"Union State can make HS {hs}: no capability with free capacity, expansion "
                f"or plant option of heading {hs[:4]}; {short[i, t]:,.0f} short from {year}"
            )
            continue
        notes.iloc[i] = (
            f"imports stop in {stop} (must localize, or a cut-off); in {year} Union State "
            f"suppliers deliver {local:,.0f} of {roadmap.iloc[i]['quantity']:,.0f} a year, "
            f"{short[i, t]:,.0f} short: among its candidate suppliers and options none has "
            "capacity left by then at a cost below the shortfall penalty"
        )
    return notes


def _import_notes(roadmap: pd.DataFrame, problem: Problem) -> pd.Series:
    """For a demand imported in some year: the cheapest local candidate against the import."""
    notes = pd.Series("", index=roadmap.index, dtype=object)
    import_cols = [c for c in roadmap.columns if c.startswith("import_")]
    imported = roadmap[import_cols].to_numpy() > EPS
    # the cheapest candidate making the demand's own HS6 product, else any of its heading
    product = roadmap["hs"].astype(str).str.slice(0, 6).to_numpy()
    own = problem.source_product[problem.arc_source] == product[problem.arc_demand]
    cheapest, any_kind = np.full(len(roadmap), np.inf), np.full(len(roadmap), np.inf)
    np.minimum.at(cheapest, problem.arc_demand[own], problem.arc_cost[own])
    np.minimum.at(any_kind, problem.arc_demand, problem.arc_cost)
    cheapest = np.where(np.isfinite(cheapest), cheapest, any_kind)
    price = problem.demand_import_cost
    for i in np.flatnonzero(imported.any(axis=1)).tolist():
        years = ", ".join(c.removeprefix("import_") for c in np.array(import_cols)[imported[i]])
        if not np.isfinite(cheapest[i]):
            why = "no Union State maker of its heading is a candidate supplier"
        elif cheapest[i] >= price[i]:
            why = (
                f"the cheapest Union State candidate delivers at {cheapest[i]:,.2f} USD a unit, "
                f"the import costs {price[i]:,.2f} (dependence penalty included)"
            )
        else:
            why = (
                f"Union State candidates deliver from {cheapest[i]:,.2f} USD a unit against "
                f"{price[i]:,.2f} imported, but their capacity is taken, not ready yet (lead "
                "times), or would not repay its capital in the horizon"
            )
        notes.iloc[i] = f"imported in {years}: {why}"
    return notes


# -- reading the solution -----------------------------------------------------------------


def read_plan(
    built: Built,
    cand: Candidates,
    instance: PlanInstance,
    x: np.ndarray,  # type: ignore[type-arg]
) -> tuple[
    pd.DataFrame,
    pd.DataFrame,
    pd.DataFrame,
    pd.DataFrame,
    pd.DataFrame,
    dict[str, float],
    dict[str, int],
]:
    p, m = built.problem, built.model
    years = p.years
    src, dem, arcs = cand.sources, cand.demands, cand.arcs
    country = instance.regions.set_index("code")["country"]
    # flows
    fb = m.variables["Flow"]
    fx = x[fb.start : fb.stop]
    on = fx > EPS
    fa = built.flow_arc[on]
    si = p.arc_source[fa]
    di = p.arc_demand[fa]
    flows = pd.DataFrame(
        {
            "demand": p.demand_label[di],
            "source": p.source_label[si],
            "kind": np.array(KIND_NAMES, dtype=object)[p.source_kind[si]],
            "year": years[built.flow_year[on]],
            "quantity": fx[on],
            "unit_cost": arcs["unit_cost"].to_numpy()[fa],
            "transport": arcs["transport"].to_numpy()[fa],
            "km": arcs["km"].to_numpy()[fa],
            "supplier_region": src["region"].to_numpy()[si],
            "buyer_region": dem["buyer_region"].to_numpy()[di],
            "hs": dem["hs"].to_numpy()[di],
        }
    )
    flows["value"] = flows["quantity"] * flows["unit_cost"]
    # imports and unmet
    nt, nd = len(years), p.n_demands
    imp = np.zeros((nd, nt))
    if "Import" in m.variables:
        ib = m.variables["Import"]
        np.add.at(imp, (built.import_demand, built.import_year), x[ib.start : ib.stop])
    unmet = np.zeros((nd, nt))
    if "Unmet" in m.variables:
        ub = m.variables["Unmet"]
        np.add.at(unmet, (built.unmet_demand, built.unmet_year), x[ub.start : ub.stop])
    local = np.zeros((nd, nt))
    np.add.at(local, (di, built.flow_year[on]), fx[on])
    need = np.zeros((nd, nt))
    start = np.searchsorted(years, p.demand_first)
    need[np.arange(nt)[None, :] >= start[:, None]] = 1.0
    need *= p.demand_qty[:, None]
    # stages
    kind_used = np.zeros((nd, 3), dtype=bool)
    kind_used[di, p.source_kind[si]] = True
    local_stage = np.where(kind_used[:, PLANT], 3, np.where(kind_used[:, EXPANSION], 2, 1))
    local_stage = np.where(kind_used.any(axis=1), local_stage, 0)
    # a demand's stage is the highest it uses in any year; import / unmet only with no local
    # supply at all (the roadmap says what a localized demand still imports in the last year)
    nothing_local = local_stage == 0
    stage = np.where(nothing_local & (imp > EPS).any(axis=1), 4, local_stage)
    stage = np.where(nothing_local & (unmet > EPS).any(axis=1), 5, stage)
    stage = np.where(need.sum(axis=1) > 0, stage, 0)  # first needed after the horizon
    suppliers = flows.groupby("demand")["source"].agg(lambda s: "; ".join(sorted(set(s))))
    roadmap = pd.DataFrame(
        {
            "demand": p.demand_label,
            "hs": dem["hs"].to_numpy(),
            "buyer_region": dem["buyer_region"].to_numpy(),
            "quantity": p.demand_qty,
            "first_year": p.demand_first,
            "stage": stage,
            "stage_name": [STAGE_NAMES[int(s)] for s in stage],
        }
    )
    named = roadmap["demand"].map(suppliers).astype(object)
    roadmap["suppliers"] = named.where(named.notna(), "")
    # the stage the local supply needs, also for demands still imported in some year
    roadmap["local_stage"] = local_stage
    first_local = np.where((local > EPS).any(axis=1), years[np.argmax(local > EPS, axis=1)], 0)
    roadmap["localized_from"] = pd.Series(first_local).replace(0, pd.NA).astype("Int64")
    for t, year in enumerate(years):
        roadmap[f"local_{year}"] = local[:, t].round(3)
    for t, year in enumerate(years):
        roadmap[f"import_{year}"] = imp[:, t].round(3)
    if unmet.any():
        for t, year in enumerate(years):
            roadmap[f"unmet_{year}"] = unmet[:, t].round(3)
    roadmap["still"] = _still(stage, imp[:, -1], unmet[:, -1], int(years[-1]))
    # localization share by year, by value at import prices: units of different products
    # (pieces of radios, pieces of machine tools, tonnes of steel) are never added up
    price = p.demand_import_cost[:, None]
    localization = pd.DataFrame(
        {
            "year": years,
            "demand_value": (need * price).sum(axis=0),
            "local_value": (local * price).sum(axis=0),
            "import_value": (imp * price).sum(axis=0),
            "unmet_value": (unmet * price).sum(axis=0),
        }
    )
    localization["share"] = np.where(
        localization["demand_value"] > 0,
        localization["local_value"] / localization["demand_value"],
        0.0,
    )
    localization["demands_importing"] = (imp > EPS).sum(axis=0)
    localization["demands_short"] = (unmet > EPS).sum(axis=0)
    # investments
    bb = m.variables["Build"]
    bx = x[bb.start : bb.stop] > 0.5
    opt = built.build_option[bx]
    decided = years[built.build_year[bx]]
    investments = pd.DataFrame(
        {
            "option": p.source_label[opt],
            "kind": np.array(KIND_NAMES, dtype=object)[p.source_kind[opt]],
            "enterprise": src["enterprise"].to_numpy()[opt],
            "region": src["region"].to_numpy()[opt],
            "hs": src["hs"].to_numpy()[opt],
            "capacity": p.source_capacity[opt],
            "decided": decided,
            "producing_from": decided + p.source_lead[opt],
            "capital_cost": p.source_capex[opt],
            "unit_cost": src["unit_cost"].to_numpy()[opt],
        }
    )
    delivered = flows.groupby("source")["quantity"].sum()
    investments["delivered_total"] = investments["option"].map(delivered).fillna(0.0)
    investments["parallel_note"] = _parallel_notes(built, cand, instance, investments, flows)
    # trade between Belarus and Russian regions implied by the plan
    trade = _trade(flows, country)
    # costs (undiscounted sums over the horizon) and the discounted objective
    capital = float(investments["capital_cost"].sum())
    costs = {
        "production": float((flows["quantity"] * flows["unit_cost"]).sum()),
        "transport": float((flows["quantity"] * flows["transport"]).sum()),
        "imports": float((imp * p.demand_import_cost[:, None]).sum()),
        "capital": capital,
        "unmet_penalty": float(
            (unmet * p.demand_import_cost[:, None]).sum() * (built.options.unmet_penalty or 0.0)
        ),
    }
    costs["total_undiscounted"] = float(sum(costs.values()))
    stages = {STAGE_NAMES[s]: int((stage == s).sum()) for s in STAGE_NAMES if (stage == s).any()}
    return roadmap, flows, investments, localization, trade, costs, stages


def _parallel_notes(
    built: Built,
    cand: Candidates,
    instance: PlanInstance,
    investments: pd.DataFrame,
    flows: pd.DataFrame,
) -> list[str]:
    """For each plant: the parallel-production verdict ``plan check-parallel`` gives on it in
    the first year it delivers, and what the plan made of the capacity the verdict counted."""
    from coopatlas.plan.parallel import check_parallel

    p = built.problem
    years = p.years
    notes: list[str] = []
    for row in investments.itertuples():
        if row.kind != "plant":
            notes.append("")
            continue
        sid = int(np.flatnonzero(p.source_label == row.option)[0])
        if int(row.producing_from) > int(years[-1]):
            notes.append("produces after the horizon")
            continue
        mine = flows.loc[flows["source"] == row.option]
        year = int(mine["year"].min()) if len(mine) else int(row.producing_from)
        check = check_parallel(
            instance,
            str(p.source_product[sid]),
            str(row.region),
            float(row.capacity),
            year,
            first_year=int(years[0]),
            cand=cand,
            plant=sid,
            qty=p.demand_qty,
        )
        # the products the rule saturates: the plant's own and those of the demands it serves
        served = mine.loc[mine["year"] == year, "hs"].astype(str).str.slice(0, 6)
        products = sorted({str(p.source_product[sid]), *served})
        same = np.isin(p.source_product, products) & (p.source_kind != PLANT)
        yearly = flows[(flows["year"] == year) & (flows["kind"] != "plant")]
        used = float(yearly.loc[yearly["source"].isin(p.source_label[same]), "quantity"].sum())
        built_exp = investments[
            (investments["kind"] == "expansion")
            & investments["hs"].astype(str).str.slice(0, 6).isin(products)
            & (investments["producing_from"] <= year)
        ]
        old = same & (p.source_kind == EXISTING)
        if p.source_pool is not None:
            old &= p.source_pool < 0  # a pool's capacity is its members'
        free = float(p.source_capacity[old].sum()) + float(built_exp["capacity"].sum())
        from_plant = float(mine.loc[mine["year"] == year, "quantity"].sum())
        state = "fully used" if used >= free - 1e-6 else "NOT fully used"
        if state != "fully used" and not built.options.no_parallel:
            state += ": a parallel production, allowed by --allow-parallel"
        notes.append(
            f"{check.message}. In the plan's {year}, the free capacity of HS "
            f"{', '.join(products)} (its own and its buyers' products) and its built "
            f"expansions ({free:,.0f}/yr) deliver "
            f"{used:,.0f} and are {state}; the plant supplies {from_plant:,.0f}"
        )
    return notes


def _still(
    stage: np.ndarray,  # type: ignore[type-arg]
    imported: np.ndarray,  # type: ignore[type-arg]
    short: np.ndarray,  # type: ignore[type-arg]
    last: int,
) -> list[str]:
    """'still imports N units in 2030' (or 'N short') for localized demands, else ''."""
    out = []
    for s_, i_, u_ in zip(stage.tolist(), imported.tolist(), short.tolist(), strict=True):
        parts = []
        if s_ in (1, 2, 3) and i_ > EPS:
            parts.append(f"still imports {i_:,.0f} units in {last}")
        if s_ in (1, 2, 3) and u_ > EPS:
            parts.append(f"{u_:,.0f} units short in {last}")
        out.append("; ".join(parts))
    return out


def _trade(flows: pd.DataFrame, country: pd.Series) -> pd.DataFrame:
    """Value of plan flows across the Belarus-Russia border, per Russian region and year."""
    cols = ["region", "year", "by_exports_usd", "by_imports_usd", "balance_change_usd"]
    if flows.empty:
        return pd.DataFrame(columns=cols)
    sc = flows["supplier_region"].map(country)
    bc = flows["buyer_region"].map(country)
    out_ = flows[(sc == "BY") & (bc == "RU")].assign(region=lambda f: f["buyer_region"])
    in_ = flows[(sc == "RU") & (bc == "BY")].assign(region=lambda f: f["supplier_region"])
    exp = out_.groupby(["region", "year"])["value"].sum().rename("by_exports_usd")
    imp = in_.groupby(["region", "year"])["value"].sum().rename("by_imports_usd")
    trade = pd.concat([exp, imp], axis=1).fillna(0.0).reset_index()
    if trade.empty:
        return pd.DataFrame(columns=cols)
    trade["balance_change_usd"] = trade["by_exports_usd"] - trade["by_imports_usd"]
    return trade[cols].sort_values(["region", "year"], ignore_index=True)


# -- infeasibility ------------------------------------------------------------------------

ELASTIC = ("Budget-year", "Import-cutoff", "Demand-balance")


def explain_infeasible(built: Built, cand: Candidates) -> tuple[list[str], pd.DataFrame]:
    """Name the constraint blocks and demands that conflict, in words.

    Elastic relaxations: slack columns on named blocks, minimised. With a budget, the first
    relaxation stretches Budget-year first (import cut-offs and demand balances only at a
    thousand times the price), which says how much more capital would make the plan
    feasible; the second keeps the budget hard and stretches Import-cutoff (then
    Demand-balance), which names the demands that cannot be localized in time.
    """
    m = built.model
    lines: list[str] = []
    frames = []
    passes = [False, True] if "Budget-year" in m.constraints else [True]
    for keep_budget in passes:
        weights = _weights(built, keep_budget)
        relaxed, slacks = relax(m, weights)
        sol = solve_model(relaxed, SolveOptions(gap=1e-6, time_limit=60))
        if sol.x is None:
            lines.append("even with the demand balances relaxed the model has no solution")
            break
        stretched = _stretched(relaxed, slacks, sol.x)
        stretched["relaxation"] = "budget kept" if keep_budget else "budget first"
        frames.append(stretched)
        lines += _describe(stretched, keep_budget and len(passes) > 1)
        if not keep_budget and "Budget-year" not in set(stretched["block"]):
            lines.append("Budget-year: the budget is not part of the conflict")
            break  # keeping it would name the same demands again
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return lines, table


def _weights(built: Built, keep_budget: bool) -> dict[str, np.ndarray]:  # type: ignore[type-arg]
    p, m = built.problem, built.model
    lower, upper = m.row_lower, m.row_upper
    qty = dict(zip(p.demand_label.tolist(), p.demand_qty.tolist(), strict=True))
    scale = 1.0 if keep_budget else 1e3
    out: dict[str, np.ndarray] = {}  # type: ignore[type-arg]
    for name in ELASTIC:
        block = m.constraints.get(name)
        if block is None or len(block) == 0 or (keep_budget and name == "Budget-year"):
            continue
        if name == "Budget-year":
            out[name] = 1.0 / np.maximum(upper[block.start : block.stop], 1.0)
        elif name == "Demand-balance":
            out[name] = 10.0 * scale / np.maximum(lower[block.start : block.stop], 1e-9)
        else:
            q = np.array([qty[d] for d in block.coords["demand"].tolist()])
            out[name] = scale / np.maximum(q, 1e-9)
    return out


def _stretched(relaxed: Any, slacks: dict[str, np.ndarray], x: np.ndarray) -> pd.DataFrame:  # type: ignore[type-arg]
    rows = []
    for block, cols in slacks.items():
        values = x[cols]
        hit = np.flatnonzero(values > 1e-6)
        var = relaxed.variables[f"Slack-{block}"]
        for i in hit:
            element = var.element(var.start + int(i))
            rows.append({"block": block, **element, "amount": float(values[i])})
    return pd.DataFrame(rows, columns=["block", "demand", "year", "amount"])


def _describe(stretched: pd.DataFrame, budget_kept: bool) -> list[str]:
    lines = []
    if stretched.empty:
        if budget_kept:
            return ["with the budget kept, no demand needs to be stretched"]
        return ["the elastic relaxation found nothing to stretch (numerical trouble?)"]
    for block, group in stretched.groupby("block", sort=False):
        years = ", ".join(str(int(y)) for y in sorted(group["year"].dropna().unique()))
        if block == "Budget-year":
            lines.append(
                f"Budget-year: the capital budget is too small; the plan needs "
                f"{group['amount'].sum():,.0f} USD more in {years}"
            )
        elif block == "Import-cutoff":
            demands = ", ".join(sorted(set(group["demand"].astype(str))))
            intro = "with the budget kept, " if budget_kept else ""
            lines.append(
                f"Import-cutoff: {intro}demands {demands} would still need imports in {years} "
                f"({group['amount'].sum():,.0f} units) after imports are forbidden "
                "(must_localize_from or an import cut-off)"
            )
        else:
            demands = ", ".join(sorted(set(group["demand"].astype(str))))
            intro = "with the budget kept, " if budget_kept else ""
            lines.append(
                f"Demand-balance: {intro}demands {demands} cannot be met in {years} "
                f"({group['amount'].sum():,.0f} units short)"
            )
    return lines
