"""Ranked suppliers for a demand, and demands for a supplier, each with its reasons.

The arcs come from :func:`coopatlas.match.serve.serving_arcs`, the same rule the planner
uses, so a supplier listed here is one the plan could choose. Each arc gets its reasons as
numbers: HS match level, free capacity (capacity − current output − what the backlog and,
in ``match all``, earlier demands commit: :mod:`coopatlas.match.capacity`), backlog, great-circle
distance and the road distance it suggests (× :data:`ROAD_FACTOR`), the transport cost, the
supplier's country, existing ties (shared projects with the buyer or its region) and unit
cost. The rank orders by delivered cost, made a little worse by backlog and by too little
free capacity, a little better by ties, and each row says so in one line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from coopatlas.errors import UserError
from coopatlas.match.capacity import run_order, taken_in_order
from coopatlas.match.serve import SourceArrays, arcs_of, could_rank, hs_numbers, region_coords
from coopatlas.plan.data import PlanInstance, load_from_db, sources_frame

ROAD_FACTOR = 1.3  # road km per great-circle km, a common planning rule of thumb
KIND_NAMES = {0: "existing", 1: "expansion", 2: "new plant"}
RESULT_COLUMNS = [
    "demand", "rank", "supplier", "source", "kind", "hs", "match", "country", "region",
    "free_capacity", "committed", "taken_earlier", "backlog_months", "km", "road_km",
    "transport", "unit_cost", "cost", "ties", "score", "synthetic", "explanation",
]  # fmt: skip


@dataclass
class World:
    """What matching reads: the planner's instance, its sources, and ties between parties."""

    instance: PlanInstance
    sources: pd.DataFrame
    countries: pd.Series  # region code -> BY/RU
    names: pd.Series  # enterprise id -> English name
    ties: pd.DataFrame  # a, b: enterprises sharing a project (both directions)
    region_ties: pd.DataFrame  # enterprise, region: a project of the enterprise in the region
    heading_slices: dict[str, tuple[int, int]]  # hs4 -> rows of sources (sorted by hs4)
    arrays: SourceArrays  # the rule's columns of sources, as arrays
    coords: tuple[pd.Index, np.ndarray, np.ndarray]  # type: ignore[type-arg]

    @cached_property
    def columns(self) -> dict[str, np.ndarray]:  # type: ignore[type-arg]
        """Columns of the sorted sources as plain arrays (strings as Python objects)."""
        out = {}
        for name in ("label", "hs", "region", "enterprise"):
            col = self.sources[name].astype(object)
            out[name] = np.where(col.isna(), "", col.astype(str)).astype(object)
        for name in ("capacity", "backlog_months", "total_capacity"):
            out[name] = np.nan_to_num(self.sources[name].to_numpy(dtype=float))
        out["synthetic"] = self.sources["synthetic"].to_numpy(dtype=bool)
        return out

    @cached_property
    def tie_index(self) -> pd.Series:
        """'supplier\x1fbuyer' -> shared projects."""
        t = self.ties
        return pd.Series(t["n"].to_numpy(), index=t["enterprise_a"] + "\x1f" + t["enterprise_b"])

    @cached_property
    def region_tie_index(self) -> pd.Series:
        t = self.region_ties
        return pd.Series(t["n"].to_numpy(), index=t["enterprise"] + "\x1f" + t["region"])

    def country_of(self, regions: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
        pos = self.countries.index.get_indexer(pd.Index(regions))
        known = self.countries.to_numpy(dtype=object)[np.maximum(pos, 0)]
        return np.where(pos >= 0, known, "third")

    @classmethod
    def from_instance(
        cls, instance: PlanInstance, parties: pd.DataFrame | None = None,
        regions: pd.DataFrame | None = None,
    ) -> World:  # fmt: skip
        src = sources_frame(instance)
        keep = ["label", "kind", "hs", "region", "enterprise", "capacity", "unit_cost",
                "backlog_months", "product", "total_capacity", "synthetic"]  # fmt: skip
        src = src[keep].copy()
        for column in ("label", "hs", "region", "enterprise", "product"):
            # plain object columns: slicing and indexing them is cheaper than Arrow strings
            src[column] = src[column].astype(object).to_numpy(dtype=object)
        src["hs4"] = [str(h)[:4] for h in src["hs"].to_numpy()]
        src = src.sort_values("hs4", kind="stable", ignore_index=True)
        starts = src.groupby("hs4").indices
        slices = {h: (int(ix[0]), int(ix[-1]) + 1) for h, ix in starts.items()}
        parties = (
            parties if parties is not None else pd.DataFrame(columns=["project", "enterprise"])
        )
        regions = regions if regions is not None else pd.DataFrame(columns=["project", "region"])
        pairs = parties.merge(parties, on="project", suffixes=("_a", "_b"))
        pairs = pairs[pairs["enterprise_a"] != pairs["enterprise_b"]]
        ties = pairs.groupby(["enterprise_a", "enterprise_b"]).size().rename("n").reset_index()
        rties = parties.merge(regions, on="project").groupby(["enterprise", "region"]).size()
        ent = instance.enterprises
        return cls(
            instance=instance,
            sources=src,
            countries=instance.regions.set_index("code")["country"],
            names=pd.Series(ent["name_en"].to_numpy(), index=ent["id"]).astype(str),
            ties=ties,
            region_ties=rties.rename("n").reset_index(),
            heading_slices=slices,
            arrays=SourceArrays.of(src, region_coords(instance.regions)[0]),
            coords=region_coords(instance.regions),
        )

    def rows_for(self, heads: pd.Series) -> np.ndarray:  # type: ignore[type-arg]
        """Rows of the sorted sources in the given HS4 headings (slices, no scan)."""
        spans = [ab for h in pd.unique(heads) if (ab := self.heading_slices.get(h))]
        if not spans:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([np.arange(a, b) for a, b in spans])

    def ranking_rows(self, k: int, per_kind: int, rate: float) -> np.ndarray:  # type: ignore[type-arg]
        """Mask of the sources :func:`could_rank` keeps for these parameters (cached)."""
        key = (k, per_kind, rate)
        cache = self.__dict__.setdefault("_ranking", {})
        if key not in cache:
            a = self.arrays
            alive = np.flatnonzero(a.capacity > 0)
            mask = np.zeros(len(a.capacity), dtype=bool)
            _, lat, lon = self.coords
            mask[alive[could_rank(a, alive, lat, lon, k, per_kind, rate)]] = True
            cache[key] = mask
        return cache[key]  # type: ignore[no-any-return]


def load_world(engine: Engine) -> World:
    instance = load_from_db(engine)
    parties = pd.read_sql_query("SELECT project, enterprise FROM project_parties", engine)
    regions = pd.read_sql_query("SELECT project, region FROM project_regions", engine)
    return World.from_instance(instance, parties, regions)


def _fmt(values: np.ndarray, spec: str) -> np.ndarray:  # type: ignore[type-arg]
    return np.array([format(v, spec) for v in values.tolist()], dtype=object)


def _lookup(keys: np.ndarray, table: pd.Series) -> np.ndarray:  # type: ignore[type-arg]
    """table[key] for each key, 0 where the key is not in the table."""
    if table.empty or not len(keys):
        return np.zeros(len(keys), dtype=np.int64)
    pos = table.index.get_indexer(pd.Index(keys))
    return np.where(pos >= 0, table.to_numpy()[np.maximum(pos, 0)], 0).astype(np.int64)


def rank_arcs(
    world: World, demands: pd.DataFrame, *, k: int = 20, per_kind: int = 2,
    transport_per_km: float = 0.0005, explain: bool = True,
) -> pd.DataFrame:  # fmt: skip
    """Ranked suppliers with reasons for each row of *demands* (id, buyer_region, hs, ...);
    without *explain* the explanation is left empty (``match all`` writes it once, after
    the run's commitments)."""
    dem = demands.reset_index(drop=True)
    heads = dem["hs"].astype(str).str[:4]
    rows = world.rows_for(heads)
    rows = rows[world.ranking_rows(k, per_kind, transport_per_km)[rows]]
    where, lat, lon = world.coords
    d_head, d_six = hs_numbers(dem["hs"])
    d_region = where.get_indexer(pd.Index(dem["buyer_region"].astype(object)))
    fields = SourceArrays.__dataclass_fields__
    arrays = SourceArrays(*(getattr(world.arrays, f)[rows] for f in fields))
    arcs = arcs_of(arrays, d_head, d_six, d_region, lat, lon, k=k, per_kind=per_kind,
                   transport_per_km=transport_per_km, pruned=True)  # fmt: skip
    if not len(arcs["source"]):
        return pd.DataFrame(columns=RESULT_COLUMNS)
    si, di = arcs["source"], arcs["demand"]
    col, at = world.columns, rows[si]
    supplier, region = col["enterprise"][at], col["region"][at]
    demand_id = dem["id"].astype(str).to_numpy(dtype=object)[di]
    buyer_col = dem["buyer_enterprise"] if "buyer_enterprise" in dem.columns else None
    buyer = (
        np.where(pd.isna(b := buyer_col.astype(object).to_numpy()[di]), "", b).astype(object)
        if buyer_col is not None
        else np.full(len(di), "", dtype=object)
    )
    buyer_region = dem["buyer_region"].astype(object).to_numpy()[di]
    free, backlog = col["capacity"][at], col["backlog_months"][at]
    km, cost, match = arcs["km"], arcs["cost"], arcs["match"]
    ties = _lookup(supplier + "\x1f" + buyer, world.tie_index) + _lookup(
        supplier + "\x1f" + buyer_region, world.region_tie_index
    )
    qty = (
        pd.to_numeric(dem["quantity"], errors="coerce").to_numpy(dtype=float)[di]
        if "quantity" in dem.columns
        else np.full(len(di), np.nan)
    )
    short = free < qty  # NaN quantity: never short
    score = _score(cost, backlog, short, ties, match)
    order = np.lexsort((score, di))  # demands in their given order, best first
    rank = _ranks(di, order)
    columns = {
        "demand": demand_id,
        "rank": rank + 1,
        "supplier": supplier,
        "source": col["label"][at],
        "kind": np.array([KIND_NAMES.get(int(x), "other") for x in arcs["kind"]], dtype=object),
        "hs": col["hs"][at],
        "match": match,
        "country": world.country_of(region),
        "region": region,
        "free_capacity": free,
        "committed": np.maximum(col["total_capacity"][at] - free, 0.0),
        "taken_earlier": np.zeros(len(di)),
        "backlog_months": backlog,
        "km": np.round(km, 0),
        "road_km": np.round(km * ROAD_FACTOR, 0),
        "transport": arcs["transport"],
        "unit_cost": arcs["unit_cost"],
        "cost": cost,
        "ties": ties,
        "score": score,
        "synthetic": col["synthetic"][at],
    }
    out = pd.DataFrame({name: np.asarray(v)[order] for name, v in columns.items()})
    out["explanation"] = _explain(out, world.names, qty[order], short[order]) if explain else ""
    return out[RESULT_COLUMNS].reset_index(drop=True)


def _score(
    cost: np.ndarray,
    backlog: np.ndarray,
    short: np.ndarray,
    ties: np.ndarray,  # type: ignore[type-arg]
    match: np.ndarray,  # type: ignore[type-arg]
) -> np.ndarray:  # type: ignore[type-arg]
    """Delivered cost, a little worse with backlog, too little free capacity or a heading-only
    match, a little better with ties: the order of a demand's suppliers."""
    score = cost * (1 + 0.02 * np.minimum(backlog, 24))
    score = score * np.where(short, 1.10, 1.0) * np.where(ties > 0, 0.95, 1.0)
    return np.asarray(np.round(score * np.where(match == 6, 1.0, 1.03), 4))


def _ranks(di: np.ndarray, order: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    """1-based rank within each demand, for rows sorted by (demand, score) in *order*."""
    rank = np.empty(len(order), dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(di[order])) + 1]
    rank[order] = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return rank


def _explain(
    out: pd.DataFrame,
    names: pd.Series,
    need: np.ndarray,
    short: np.ndarray,  # type: ignore[type-arg]
) -> np.ndarray:  # type: ignore[type-arg]
    """One line per arc that a cooperation manager reads without the columns."""
    sup = out["supplier"].to_numpy(dtype=object)
    pos = names.index.get_indexer(pd.Index(sup))
    who = np.where(pos >= 0, names.to_numpy(dtype=object)[np.maximum(pos, 0)], sup)
    who = np.where(who == "", "a new plant", who)
    level = np.where(out["match"].to_numpy() == 6, "makes the same HS6 product",
                     "makes a product of the same heading")  # fmt: skip
    country = np.vectorize({"BY": "Belarus", "RU": "Russia"}.get, otypes=[object])(
        out["country"].to_numpy(dtype=object), "a third country"
    )
    free = _fmt(out["free_capacity"].to_numpy(), ",.0f")
    needed = np.array(["?" if np.isnan(q) else format(q, ",.0f") for q in need], dtype=object)
    cap = np.where(short, "free capacity " + free + " is short of the " + needed + " needed",
                   "free capacity " + free)  # fmt: skip
    held = out["committed"].to_numpy()
    cap = cap + np.where(held > 0, " (output and backlog hold " + _fmt(held, ",.0f") + ")", "")
    taken = out["taken_earlier"].to_numpy()
    cap = cap + np.where(taken > 0, ", after " + _fmt(taken, ",.0f")
                         + " taken by earlier demands of this run", "")  # fmt: skip
    backlog = out["backlog_months"].to_numpy()
    back = np.where(backlog > 0, ", backlog " + _fmt(backlog, ".0f") + " months", "")
    ties = out["ties"].to_numpy()
    tie = np.where(ties > 0, ", already works with the buyer (" + ties.astype(str).astype(object)
                   + " projects)", "")  # fmt: skip
    line = (
        who + " (" + country + ", " + out["kind"].to_numpy(dtype=object) + ") " + level + "; "
        + cap + back + "; ~" + _fmt(out["road_km"].to_numpy(), ",.0f")
        + " km by road, delivered cost " + _fmt(out["cost"].to_numpy(), ",.2f") + " (unit "
        + _fmt(out["unit_cost"].to_numpy(), ",.2f") + " + transport "
        + _fmt(out["transport"].to_numpy(), ",.2f") + ")" + tie
        + np.where(out["synthetic"].to_numpy(dtype=bool),
                   " [synthetic data]", "")
    )  # fmt: skip
    return np.asarray(line, dtype=object)


def match_demand(world: World, demand_id: str, top: int = 10) -> pd.DataFrame:
    dem = world.instance.demands
    row = dem[dem["id"].astype(str) == demand_id]
    if row.empty:
        raise UserError(f"unknown demand {demand_id!r} (see `coopatlas export demands`)")
    return rank_arcs(world, row, k=top, per_kind=0).head(top)


def match_product(
    world: World, hs: str, region: str, quantity: float | None = None, top: int = 10
) -> pd.DataFrame:
    if region not in world.countries.index:
        raise UserError(f"unknown region {region!r} (an ISO 3166-2 code such as RU-LIP or BY-MI)")
    if not (hs.isdigit() and len(hs) in (4, 6)):
        raise UserError(f"HS code {hs!r} must be 4 or 6 digits")
    dem = pd.DataFrame({"id": ["query"], "buyer_region": [region], "hs": [hs],
                        "quantity": [quantity], "buyer_enterprise": [None]})  # fmt: skip
    return rank_arcs(world, dem, k=top, per_kind=0).head(top)


def match_supplier(world: World, enterprise: str, top: int = 20) -> pd.DataFrame:
    """The demands *enterprise* could serve, best first, with its rank among their suppliers."""
    mine = world.sources[world.sources["enterprise"] == enterprise]
    if mine.empty:
        return pd.DataFrame(columns=[*RESULT_COLUMNS, "buyer_region"])
    dem = world.instance.demands
    dem = dem[dem["hs"].astype(str).str[:4].isin(set(mine["hs4"]))]
    ranked = rank_arcs(world, dem, k=10**9, per_kind=0)
    out = ranked[ranked["supplier"] == enterprise].drop_duplicates("demand")
    out = out.merge(dem[["id", "buyer_region"]].rename(columns={"id": "demand"}), on="demand")
    return out.sort_values(["rank", "score"], kind="stable", ignore_index=True).head(top)


def match_all(
    world: World, *, k: int = 20, per_kind: int = 2, chunk: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Every demand's candidates, in the planner's definition (k cheapest + per kind)."""
    dem = world.instance.demands.reset_index(drop=True)
    parts = []
    for start in range(0, len(dem), chunk):
        part = dem.iloc[start : start + chunk]
        parts.append(rank_arcs(world, part, k=k, per_kind=per_kind, explain=False))
        if progress:
            progress(min(start + chunk, len(dem)), len(dem))
    if not parts:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    return commit_in_order(world, pd.concat(parts, ignore_index=True), dem)


def commit_in_order(world: World, ranked: pd.DataFrame, demands: pd.DataFrame) -> pd.DataFrame:
    """*ranked* (every demand's candidates) with what earlier demands of the run commit.

    Demands go in :func:`~coopatlas.match.capacity.run_order` (priority, then first year);
    each commits its quantity to its first-ranked source, and a later demand sees that
    source's free capacity less what was taken before it: the capacity shown, the "short"
    penalty, the ranks and the explanations follow. The set of (demand, source) pairs is
    not cut: it stays the planner's candidate set, whose optimisation shares capacity out
    between demands itself; an exhausted supplier only moves down a later demand's list.
    """
    if ranked.empty:
        return ranked
    ids = demands["id"].astype(str)
    pos = pd.Index(ids).get_indexer(pd.Index(ranked["demand"].astype(str)))
    place = run_order(demands)[pos]
    qty = pd.to_numeric(demands["quantity"], errors="coerce").to_numpy(dtype=float)[pos]
    first = ranked["rank"].to_numpy() == 1
    free0 = ranked["free_capacity"].to_numpy(dtype=float)
    taken = np.minimum(taken_in_order(ranked["source"].to_numpy(), place, first, qty), free0)
    free = free0 - taken
    short = free < qty
    score = _score(ranked["cost"].to_numpy(dtype=float),
                   ranked["backlog_months"].to_numpy(dtype=float), short,
                   ranked["ties"].to_numpy(), ranked["match"].to_numpy())  # fmt: skip
    out = ranked.assign(free_capacity=free, taken_earlier=taken, score=score)
    di = pos.astype(np.int64)
    order = np.lexsort((ranked["rank"].to_numpy(), score, di))
    out["rank"] = _ranks(di, order) + 1
    out = out.iloc[order].reset_index(drop=True)
    out["explanation"] = _explain(out, world.names, qty[order], short[order])
    return out[RESULT_COLUMNS]


def heading_for_text(world: World, text: str, top: int = 5) -> tuple[str, list[str]]:
    """The HS code to match for a free-text product: the best of the top suggestions that
    some Union State source makes (its best subheading when it has one), and the headings
    considered."""
    from coopatlas.match.hs import hs_index

    found = hs_index().suggest(text, top=top)
    if not found:
        raise UserError(f"no HS heading found for {text!r}; give --hs CODE")
    for s in found:
        if s.hs in world.heading_slices:
            return (s.subheading or s.hs), [x.hs for x in found]
    return found[0].hs, [x.hs for x in found]
