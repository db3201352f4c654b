"""Planning inputs: an instance from the database or a folder of CSVs, checked, then arrays.

:class:`PlanInstance` holds the registry tables the planner reads (regions, enterprises,
capabilities, demands, expansion and plant options) as DataFrames in the import formats.
:func:`check_instance` finds what would make the plan meaningless before any solver runs
(negative capacities, unknown regions, a demand nobody can ever supply) and names the rows.
:func:`to_problem` selects candidate suppliers per demand (same HS6, or the same HS4 heading;
at most K cheapest by unit + transport cost, plus the two cheapest of each kind so that every
stage stays reachable) and returns the :class:`~coopatlas.plan.model.Problem` arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from coopatlas.errors import ImportRejected, UserError
from coopatlas.match.capacity import backlog_committed as backlog_committed  # defined there
from coopatlas.match.capacity import free_capacity as free_capacity
from coopatlas.match.serve import haversine_km as haversine_km  # re-export; defined there
from coopatlas.match.serve import hs4, serving_arcs
from coopatlas.plan.model import EXISTING, EXPANSION, NEVER, PLANT
from coopatlas.plan.model import Problem as MipProblem

TABLES = {
    "regions": "regions",
    "enterprises": "enterprises",
    "capabilities": "capabilities",
    "demands": "demands",
    "expansions": "expansion_options",
    "plants": "plant_options",
}
MARKED = ("capabilities", "demands", "expansions", "plants")  # kinds with a synthetic flag
COLUMNS = {
    "regions": ["code", "country", "name_en", "lat", "lon"],
    "enterprises": ["id", "name_en", "region", "sector"],
    "capabilities": ["enterprise", "hs", "capacity", "output", "unit_cost", "backlog_months"],
    "demands": [
        "id",
        "buyer_enterprise",
        "buyer_region",
        "hs",
        "quantity",
        "first_year",
        "foreign_source",
        "must_localize_from",
    ],
    "expansions": [
        "id",
        "enterprise",
        "hs",
        "added_capacity",
        "capital_cost",
        "lead_time_years",
        "unit_cost",
    ],
    "plants": [
        "id",
        "region",
        "hs",
        "capacity",
        "capital_cost",
        "lead_time_years",
        "unit_cost",
        "sponsor",
    ],
}


class PlanInputError(UserError):
    """The planning data cannot give a meaningful plan; every problem is listed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:50]
        more = [f"... and {len(problems) - 50} more"] if len(problems) > 50 else []
        super().__init__("\n".join(["plan input rejected before solving:", *shown, *more]))


@dataclass
class PlanInstance:
    """The registry tables a plan reads, in the import formats' column names."""

    regions: pd.DataFrame
    enterprises: pd.DataFrame
    capabilities: pd.DataFrame
    demands: pd.DataFrame
    expansions: pd.DataFrame = field(default_factory=lambda: _empty("expansions"))
    plants: pd.DataFrame = field(default_factory=lambda: _empty("plants"))
    source: str = "memory"
    # kind -> (rows marked synthetic, rows), where the input says which rows are generated
    synthetic: dict[str, tuple[int, int]] = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}


def _empty(kind: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS[kind]})


def _normalise(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in COLUMNS[kind]:
        if column not in frame.columns:
            frame[column] = None
    numeric = {
        "capacity",
        "output",
        "unit_cost",
        "backlog_months",
        "quantity",
        "added_capacity",
        "capital_cost",
        "lat",
        "lon",
        "import_unit_cost",
    }
    for column in frame.columns:
        if column in numeric:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        elif column in ("first_year", "must_localize_from", "lead_time_years"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
        elif column in ("hs", "region", "buyer_region", "enterprise", "id", "code"):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
            frame[column] = frame[column].map(lambda v: None if v is None else str(v).strip())
    if kind == "expansions":
        frame["lead_time_years"] = frame["lead_time_years"].fillna(1)
    if kind == "plants":
        frame["lead_time_years"] = frame["lead_time_years"].fillna(3)
    if kind == "capabilities":
        frame["backlog_months"] = frame["backlog_months"].fillna(0.0)
    return frame


def make_instance(
    frames: dict[str, pd.DataFrame], regions: pd.DataFrame | None = None, source: str = "memory"
) -> PlanInstance:
    """An instance from frames in the import formats; regions default to the reference list."""
    reg = regions if regions is not None else frames.get("regions")
    if reg is None:
        reg = reference_regions()
    parts = {k: _normalise(k, frames[k]) if k in frames else _empty(k) for k in TABLES}
    parts["regions"] = _normalise("regions", reg)
    dem = parts["demands"]
    if dem["buyer_region"].isna().any():
        where = dict(zip(parts["enterprises"]["id"], parts["enterprises"]["region"], strict=True))
        dem["buyer_region"] = dem["buyer_region"].fillna(dem["buyer_enterprise"].map(where))
    marked = {
        kind: (int(frame["synthetic"].fillna(False).astype(bool).sum()), len(frame))
        for kind, frame in frames.items()
        if kind in MARKED and "synthetic" in frame.columns
    }
    return PlanInstance(source=source, synthetic=marked, **parts)


def reference_regions() -> pd.DataFrame:
    path = resources.files("coopatlas") / "data" / "reference" / "regions.csv"
    return pd.read_csv(str(path), keep_default_na=False, na_values=[""])


def load_from_db(engine: Engine) -> PlanInstance:
    """Read the planner's tables from the registry database."""
    from coopatlas.registry import require_schema

    require_schema(engine)
    frames = {}
    with engine.connect() as connection:
        for kind, table in TABLES.items():
            columns = ", ".join(COLUMNS[kind] + (["synthetic"] if kind in MARKED else []))
            frames[kind] = pd.read_sql_query(f"SELECT {columns} FROM {table}", connection)
    url = engine.url.render_as_string(hide_password=True)
    return make_instance(frames, source=url)


def load_from_dir(folder: Path) -> PlanInstance:
    """Read capabilities.csv, demands.csv, enterprises.csv and, when present, expansions.csv,
    plants.csv (and regions.csv) from *folder*, validated as the importer validates them."""
    from coopatlas.registry.formats import read_table
    from coopatlas.registry.reference import products_frame
    from coopatlas.registry.validate import Context, validate

    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder")
    regions = (
        pd.read_csv(folder / "regions.csv", keep_default_na=False, na_values=[""])
        if (folder / "regions.csv").exists()
        else reference_regions()
    )
    context = Context(regions=set(regions["code"]), products=set(products_frame()["code"].dropna()))
    frames: dict[str, pd.DataFrame] = {}
    for kind in ("enterprises", "capabilities", "demands", "expansions", "plants"):
        path = folder / f"{kind}.csv"
        if not path.exists():
            if kind in ("expansions", "plants"):
                continue
            raise UserError(f"{path}: missing (a plan folder needs {kind}.csv)")
        checked = validate(kind, read_table(path), context)
        if checked.problems:
            raise ImportRejected(str(path), checked.problems, checked.bad_rows)
        frames[kind] = checked.frame
        if kind == "enterprises":
            context.enterprise_regions = dict(
                zip(checked.frame["id"], checked.frame["region"], strict=True)
            )
    return make_instance(frames, regions, source=str(folder))


def focus(
    instance: PlanInstance,
    hs: list[str] | None = None,
    sector: str | None = None,
    buyer_region: list[str] | None = None,
) -> PlanInstance:
    """The instance with only the demands in focus: HS code prefixes (any of them), the
    buyer's sector (text it contains, any case) and buyer regions. Every supplier and option
    stays, as any of them may serve the demands kept."""
    dem = instance.demands
    keep = pd.Series(True, index=dem.index)
    said = []
    if hs:
        prefixes = tuple(h.strip().replace(".", "") for h in hs)
        keep &= dem["hs"].astype(str).str.startswith(prefixes)
        said.append(f"--hs {' '.join(prefixes)}")
    if sector:
        sectors = instance.enterprises.set_index("id")["sector"].astype(str)
        theirs = dem["buyer_enterprise"].map(sectors).fillna("")
        keep &= theirs.str.contains(sector, case=False, regex=False)
        said.append(f"--sector {sector!r}")
    if buyer_region:
        keep &= dem["buyer_region"].isin(buyer_region)
        said.append(f"--buyer-region {' '.join(buyer_region)}")
    if not said:
        return instance
    if not keep.any():
        raise UserError(
            f"no demand matches {' '.join(said)} (of {len(dem):,} in {instance.source})"
        )
    return replace(instance, demands=dem[keep].reset_index(drop=True))


# -- checks -------------------------------------------------------------------------------


_hs4 = hs4


def check_instance(
    instance: PlanInstance,
    first_year: int,
    last_year: int,
    cutoff: dict[str, int] | None = None,
    *,
    strict: bool = True,
) -> None:
    """Raise :class:`PlanInputError` listing every problem found (nothing is solved).

    A demand nobody in the Union State can make, whose imports stop within the horizon, is a
    problem only when every demand must be met (*strict*); otherwise the plan reports it as
    unmet, with the reason.
    """
    if instance.demands.empty:
        where = instance.source
        raise UserError(
            f"{where}: the registry is empty, nothing to plan (coopatlas import enterprises, "
            "capabilities and demands FILEs; or coopatlas demo for the default dataset)"
            if instance.enterprises.empty and instance.capabilities.empty
            else f"{where}: no demands to plan; the registry has "
            f"{len(instance.enterprises):,} enterprises and {len(instance.capabilities):,} "
            "capabilities but no demand (import demands.csv)"
        )
    found: list[str] = []
    known = set(instance.regions["code"])
    for kind, column, noun in (
        ("capabilities", "capacity", "capacity"),
        ("capabilities", "output", "output"),
        ("expansions", "added_capacity", "added capacity"),
        ("plants", "capacity", "capacity"),
        ("demands", "quantity", "quantity"),
        ("expansions", "capital_cost", "capital cost"),
        ("plants", "capital_cost", "capital cost"),
    ):
        frame = getattr(instance, kind)
        bad = frame[frame[column] < 0] if column != "quantity" else frame[~(frame[column] > 0)]
        label = "id" if "id" in frame.columns else "enterprise"
        for i, row in bad.head(20).iterrows():
            name = row[label] if label == "id" else f"{row['enterprise']}/{row['hs']}"
            found.append(
                f"{kind} row {int(i) + 2} ({name}): {noun} {row[column]} must be "  # type: ignore[call-overload]
                + ("greater than zero" if column == "quantity" else "zero or more")
            )
    for kind, column in (
        ("enterprises", "region"),
        ("demands", "buyer_region"),
        ("plants", "region"),
    ):
        frame = getattr(instance, kind)
        bad = frame[~frame[column].isin(known)]
        label = "id"
        for i, row in bad.head(20).iterrows():
            found.append(
                f"{kind} row {int(i) + 2} ({row[label]}): unknown region {row[column]!r}"  # type: ignore[call-overload]
            )
    ent = set(instance.enterprises["id"])
    for kind in ("capabilities", "expansions"):
        frame = getattr(instance, kind)
        bad = frame[~frame["enterprise"].isin(ent)]
        for i, row in bad.head(20).iterrows():
            found.append(
                f"{kind} row {int(i) + 2}: unknown enterprise {row['enterprise']!r}"  # type: ignore[call-overload]
            )
    coords = instance.regions.set_index("code")[["lat", "lon"]]
    used = (
        set(instance.demands["buyer_region"])
        | set(instance.plants["region"])
        | set(instance.enterprises["region"])
    )
    missing = sorted(r for r in used & known if coords.loc[r].isna().any())
    found += [f"region {r}: no administrative-centre coordinates (lat, lon)" for r in missing]
    # a demand nobody can ever supply, and whose imports stop within the horizon
    dem = instance.demands
    supply = pd.concat(
        [
            instance.capabilities.loc[
                instance.capabilities["capacity"] > instance.capabilities["output"].fillna(0), "hs"
            ],
            instance.expansions["hs"],
            instance.plants["hs"],
        ]
    )
    makeable = set(_hs4(supply))
    stop = _import_stop(dem, cutoff)
    never = ~_hs4(dem["hs"]).isin(makeable) & (stop <= last_year) & strict
    for i, row in dem[never].head(50).iterrows():
        found.append(
            f"demands row {int(i) + 2} ({row['id']}): nobody in the Union State can make HS "  # type: ignore[call-overload]
            f"{row['hs']} (no capability with spare capacity, expansion or plant option for "
            f"heading {str(row['hs'])[:4]}), and imports are forbidden from {int(stop[i])}"
        )
    if found:
        raise PlanInputError(found)


def _import_stop(demands: pd.DataFrame, cutoff: dict[str, int] | None) -> pd.Series:
    """First year imports are forbidden for each demand (NEVER when they never are)."""
    stop = demands["must_localize_from"].astype("Float64").fillna(NEVER).astype(float)
    if cutoff:
        cut = demands["foreign_source"].map(cutoff).astype(float).fillna(NEVER)
        stop = np.minimum(stop, cut)
    return stop.astype(np.int64)


# -- candidates and arrays ----------------------------------------------------------------


def sources_frame(instance: PlanInstance) -> pd.DataFrame:
    """Existing capabilities (spare capacity), expansion and plant options, one row each."""
    region_of = dict(zip(instance.enterprises["id"], instance.enterprises["region"], strict=True))
    caps = instance.capabilities
    spare = free_capacity(caps)
    cost_of = caps.set_index(["enterprise", "hs"])["unit_cost"]
    median_cost = float(np.nanmedian(caps["unit_cost"])) if caps["unit_cost"].notna().any() else 1.0
    existing = pd.DataFrame(
        {
            "label": caps["enterprise"] + "/" + caps["hs"],
            "kind": EXISTING,
            "hs": caps["hs"],
            "region": caps["enterprise"].map(region_of),
            "enterprise": caps["enterprise"],
            "capacity": spare,
            "unit_cost": caps["unit_cost"].fillna(median_cost),
            "capex": 0.0,
            "lead": 0,
            "backlog_months": caps["backlog_months"],
            "total_capacity": caps["capacity"],
        }
    )
    exp = instance.expansions
    exp_cost = exp["unit_cost"].copy()
    if len(exp):
        key = pd.MultiIndex.from_arrays([exp["enterprise"], exp["hs"]])
        exp_cost = exp_cost.fillna(pd.Series(cost_of.reindex(key).to_numpy(), index=exp.index))
    expansions = pd.DataFrame(
        {
            "label": exp["id"],
            "kind": EXPANSION,
            "hs": exp["hs"],
            "region": exp["enterprise"].map(region_of),
            "enterprise": exp["enterprise"],
            "capacity": exp["added_capacity"],
            "unit_cost": exp_cost.fillna(median_cost),
            "capex": exp["capital_cost"],
            "lead": exp["lead_time_years"].astype(np.int64),
            "backlog_months": 0.0,
            "total_capacity": exp["added_capacity"],
        }
    )
    pl = instance.plants
    plants = pd.DataFrame(
        {
            "label": pl["id"],
            "kind": PLANT,
            "hs": pl["hs"],
            "region": pl["region"],
            "enterprise": pl["sponsor"],
            "capacity": pl["capacity"],
            "unit_cost": pl["unit_cost"].fillna(median_cost),
            "capex": pl["capital_cost"],
            "lead": pl["lead_time_years"].astype(np.int64),
            "backlog_months": 0.0,
            "total_capacity": pl["capacity"],
        }
    )
    for frame, given in ((existing, caps), (expansions, exp), (plants, pl)):
        frame["synthetic"] = _marked(given)
    frames = [f for f in (existing, expansions, plants) if len(f)]
    out = pd.concat(frames, ignore_index=True) if frames else existing
    out["product"] = out["hs"].astype(str).str.slice(0, 6)
    return out


def _marked(frame: pd.DataFrame) -> np.ndarray:  # type: ignore[type-arg]
    """Which rows the input marks synthetic (none where it has no such column)."""
    if "synthetic" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return np.asarray(frame["synthetic"].fillna(False).astype(bool).to_numpy(), dtype=bool)


@dataclass
class Candidates:
    """The arcs kept for the model, with their distance and cost parts."""

    sources: pd.DataFrame
    demands: pd.DataFrame
    arcs: pd.DataFrame  # source, demand, km, unit_cost, transport, cost, match


def candidates(
    instance: PlanInstance,
    k: int = 20,
    transport_per_km: float = 0.0005,
    per_kind: int = 2,
    extra_plants: pd.DataFrame | None = None,
) -> Candidates:
    """Candidate (source, demand) arcs by HS code: who can serve whom, in one definition.

    A source matches a demand with the same HS6 code (match 6) or the same HS4 heading
    (match 4). Kept per demand: the *k* cheapest by unit + transport cost, the *per_kind*
    cheapest of each kind (existing, expansion, plant) so that every stage stays reachable.
    Where the cut dropped an arc of an existing maker,
    its product's makers are pooled: one more source per product whose capacity is all its
    makers' spare, shared with them (a member's own arcs and the pool's draw on the same
    total, ``pool_of``), with an arc to every demand of the heading at the capacity-weighted
    mean of the makers' delivered costs. Every unit of existing capacity can thus reach every
    demand that could use it, which the no-parallel rule needs, at a fraction of the full arc
    set; where the makers of a product deliver at one cost, the pooled plan is the full one.
    *extra_plants* (rows in :func:`sources_frame`'s columns) are hypothetical plants added as
    sources, as ``plan check-parallel`` asks about one.
    """
    src = sources_frame(instance)
    if extra_plants is not None and len(extra_plants):
        src = pd.concat([src, extra_plants[src.columns]], ignore_index=True)
    src["pool"] = None
    dem = instance.demands.reset_index(drop=True)
    arcs = _all_arcs(src, dem, instance.regions, transport_per_km)
    kept = serving_arcs(
        src, dem, instance.regions, k=k, per_kind=per_kind, transport_per_km=transport_per_km
    )
    pair = pd.MultiIndex.from_arrays([arcs["source"], arcs["demand"]])
    keep = pair.isin(pd.MultiIndex.from_arrays([kept["source"], kept["demand"]]))
    dropped = arcs.loc[~keep & (arcs["kind"] == EXISTING).to_numpy(), "source"].to_numpy()
    product = src["product"].to_numpy()
    pooled_products = np.unique(product[dropped].astype(str))
    outside = (
        (src["kind"].to_numpy() == EXISTING)
        & (src["capacity"].to_numpy() > 0)
        & np.isin(product.astype(str), pooled_products)
    )
    columns = ["source", "demand", "km", "unit_cost", "transport", "cost", "match", "kind"]
    if outside.any():
        src, pooled = _pool(src, arcs[outside[arcs["source"].to_numpy()]], outside)
        kept = pd.concat([kept[columns], pooled[columns]], ignore_index=True)
        kept = kept.sort_values(["demand", "cost"], kind="stable", ignore_index=True)
    return Candidates(src, dem, kept[columns].reset_index(drop=True))


def _all_arcs(
    src: pd.DataFrame, dem: pd.DataFrame, regions: pd.DataFrame, transport_per_km: float
) -> pd.DataFrame:
    """Every (source with capacity, demand of its heading) pair with its delivered cost: the
    rule of :func:`coopatlas.match.serve.serving_arcs` with no cut."""
    everything = len(src) + 1
    return serving_arcs(
        src, dem, regions, k=everything, per_kind=everything, transport_per_km=transport_per_km
    )


def _pool(
    src: pd.DataFrame,
    arcs: pd.DataFrame,
    outside: np.ndarray,  # type: ignore[type-arg]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One pooled source per product for the makers marked *outside*, and its arcs."""
    members = src[outside]
    weight = members["capacity"]
    grouped = members.assign(w=weight, wc=weight * members["unit_cost"]).groupby("product")
    largest = members.sort_values("capacity", ascending=False).drop_duplicates("product")
    largest = largest.set_index("product")
    pools = pd.DataFrame(
        {
            "product": grouped["w"].sum().index,
            "capacity": grouped["w"].sum().to_numpy(),
            "unit_cost": (grouped["wc"].sum() / grouped["w"].sum()).to_numpy(),
            "count": grouped.size().to_numpy(),
        }
    )
    pools["label"] = "pool/" + pools["product"]
    pools["kind"] = EXISTING
    pools["hs"] = pools["product"]
    pools["region"] = largest["region"].reindex(pools["product"]).to_numpy()
    pools["enterprise"] = None
    pools["capex"] = 0.0
    pools["lead"] = 0
    pools["backlog_months"] = 0.0
    pools["total_capacity"] = pools["capacity"]
    pools["synthetic"] = grouped["synthetic"].any().to_numpy()  # any member's figures
    pools["pool"] = None
    first = len(src)
    index = pd.Series(np.arange(first, first + len(pools)), index=pools["product"].to_numpy())
    src = src.copy()
    src.loc[outside, "pool"] = "pool/" + src.loc[outside, "product"]
    src = pd.concat([src, pools[src.columns]], ignore_index=True)
    cap = src["capacity"].to_numpy()[arcs["source"].to_numpy()]
    a = arcs.assign(
        product=src["product"].to_numpy()[arcs["source"].to_numpy()],
        w=cap,
        wkm=cap * arcs["km"],
        wu=cap * arcs["unit_cost"],
        wt=cap * arcs["transport"],
    )
    g = a.groupby(["demand", "product"], sort=False)
    agg = g[["w", "wkm", "wu", "wt"]].sum()
    out = pd.DataFrame(
        {
            "demand": agg.index.get_level_values(0),
            "source": index.reindex(agg.index.get_level_values(1)).to_numpy(),
            "km": (agg["wkm"] / agg["w"]).to_numpy(),
            "unit_cost": (agg["wu"] / agg["w"]).to_numpy(),
            "transport": (agg["wt"] / agg["w"]).to_numpy(),
            "match": g["match"].max().to_numpy(),
            "kind": EXISTING,
        }
    )
    out["cost"] = out["unit_cost"] + out["transport"]
    return src, out


def import_prices(instance: PlanInstance, cand: Candidates, markup: float = 1.25) -> np.ndarray:  # type: ignore[type-arg]
    """Import unit price per demand: an explicit ``import_unit_cost``, else *markup* times the
    median unit cost of Union State makers of the same heading (chapter, then all)."""
    dem = cand.demands
    src = cand.sources
    by4 = src.groupby(_hs4(src["hs"]))["unit_cost"].median()
    by2 = src.groupby(src["hs"].astype(str).str.slice(0, 2))["unit_cost"].median()
    overall = float(src["unit_cost"].median()) if len(src) else 1.0
    price = _hs4(dem["hs"]).map(by4)
    price = price.fillna(dem["hs"].astype(str).str.slice(0, 2).map(by2)).fillna(overall)
    price = price * markup
    if "import_unit_cost" in dem.columns:
        price = dem["import_unit_cost"].astype(float).fillna(price)
    return np.asarray(price.to_numpy(dtype=np.float64), dtype=np.float64)


def to_problem(
    instance: PlanInstance,
    years: np.ndarray,  # type: ignore[type-arg]
    *,
    k: int = 20,
    transport_per_km: float = 0.0005,
    import_markup: float = 1.25,
    import_penalty: float = 0.15,
    discount_rate: float = 0.08,
    budget: float | None = None,
    cutoff: dict[str, int] | None = None,
    demand_multiplier: float = 1.0,
) -> tuple[MipProblem, Candidates]:
    """The model's arrays for *instance* over *years*."""
    cand = candidates(instance, k, transport_per_km)
    src, dem, arcs = cand.sources, cand.demands, cand.arcs
    price = import_prices(instance, cand, import_markup)
    first = dem["first_year"].astype("Float64").fillna(int(years[0])).astype(np.int64)
    qty = dem["quantity"].to_numpy(dtype=np.float64) * demand_multiplier
    problem = MipProblem(
        years=np.asarray(years, dtype=np.int64),
        demand_label=dem["id"].to_numpy(dtype=object),
        demand_qty=qty,
        demand_first=np.maximum(first.to_numpy(), int(years[0])),
        demand_import_cost=price * (1.0 + import_penalty),
        demand_import_from=_import_stop(dem, cutoff).to_numpy(),
        source_label=src["label"].to_numpy(dtype=object),
        source_kind=src["kind"].to_numpy(dtype=np.int64),
        source_product=src["product"].to_numpy(dtype=object),
        source_capacity=src["capacity"].to_numpy(dtype=np.float64),
        source_capex=src["capex"].to_numpy(dtype=np.float64),
        source_lead=src["lead"].to_numpy(dtype=np.int64),
        arc_source=arcs["source"].to_numpy(dtype=np.int64),
        arc_demand=arcs["demand"].to_numpy(dtype=np.int64),
        arc_cost=arcs["cost"].to_numpy(dtype=np.float64),
        discount_rate=discount_rate,
        budget=None if budget is None else np.full(len(years), float(budget)),
        demand_product=dem["hs"].astype(str).str.slice(0, 6).to_numpy(dtype=object),
        source_pool=_pool_index(src),
        source_parallel=plant_verdicts(cand, years, qty),
    )
    return problem, cand


def _pool_index(src: pd.DataFrame) -> np.ndarray:  # type: ignore[type-arg]
    """Index of the pooled source each maker belongs to, -1 for none."""
    where = pd.Series(np.arange(len(src)), index=src["label"].to_numpy())
    pool = src["pool"].map(where) if "pool" in src else pd.Series(np.nan, index=src.index)
    return np.asarray(pool.fillna(-1).to_numpy(dtype=np.int64))


def plant_verdicts(
    cand: Candidates,
    years: np.ndarray,  # type: ignore[type-arg]
    qty: np.ndarray,  # type: ignore[type-arg]
) -> np.ndarray:  # type: ignore[type-arg]
    """(source, year) -> the plant's parallel-production verdict is "parallel" (the same
    verdict ``plan check-parallel`` gives); False for every other source."""
    from coopatlas.plan.parallel import verdict_table

    out = np.zeros((len(cand.sources), len(years)), dtype=bool)
    plants = np.flatnonzero(cand.sources["kind"].to_numpy() == PLANT).astype(np.int64)
    if len(plants) == 0:
        return out
    table = verdict_table(cand, plants, np.asarray(years, dtype=np.int64), qty)
    out[plants] = table["parallel"].to_numpy().reshape(len(plants), len(years))
    return out
