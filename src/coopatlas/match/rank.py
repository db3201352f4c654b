"""Ranked suppliers for a demand, and demands for a supplier, each with its reasons.

The arcs come from :func:`coopatlas.match.serve.serving_arcs`, the same rule the planner
uses, so a supplier listed here is one the plan could choose. Each arc gets its reasons as
numbers: HS match level, free capacity (capacity − current output), backlog, great-circle
distance and the road distance it suggests (× :data:`ROAD_FACTOR`), the transport cost, the
supplier's country, existing ties (shared projects with the buyer or its region) and unit
cost. The rank orders by delivered cost, made a little worse by backlog and by too little
free capacity, a little better by ties, and each row says so in one line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from coopatlas.errors import UserError
from coopatlas.match.serve import serving_arcs
from coopatlas.plan.data import PlanInstance, load_from_db, sources_frame

ROAD_FACTOR = 1.3  # road km per great-circle km, a common planning rule of thumb
KIND_NAMES = {0: "existing", 1: "expansion", 2: "new plant"}
RESULT_COLUMNS = [
    "demand", "rank", "supplier", "source", "kind", "hs", "match", "country", "region",
    "free_capacity", "backlog_months", "km", "road_km", "transport", "unit_cost", "cost",
    "ties", "score", "explanation",
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

    @classmethod
    def from_instance(
        cls, instance: PlanInstance, parties: pd.DataFrame | None = None,
        regions: pd.DataFrame | None = None,
    ) -> World:  # fmt: skip
        src = sources_frame(instance)
        src["hs4"] = src["hs"].astype(str).str[:4]
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
        )

    def sources_for(self, heads: pd.Series) -> pd.DataFrame:
        """The sources of the given HS4 headings (slices of the sorted frame, no scan)."""
        parts = [
            self.sources.iloc[a:b]
            for h in pd.unique(heads)
            if (ab := self.heading_slices.get(h))
            for a, b in [ab]
        ]
        return pd.concat(parts) if parts else self.sources.iloc[:0]


def load_world(engine: Engine) -> World:
    instance = load_from_db(engine)
    parties = pd.read_sql_query("SELECT project, enterprise FROM project_parties", engine)
    regions = pd.read_sql_query("SELECT project, region FROM project_regions", engine)
    return World.from_instance(instance, parties, regions)


def rank_arcs(
    world: World, demands: pd.DataFrame, *, k: int = 20, per_kind: int = 2,
    transport_per_km: float = 0.0005,
) -> pd.DataFrame:  # fmt: skip
    """Ranked suppliers with reasons for each row of *demands* (id, buyer_region, hs, ...)."""
    dem = demands.reset_index(drop=True)
    heads = dem["hs"].astype(str).str[:4]
    src = world.sources_for(heads).reset_index(drop=True)
    arcs = serving_arcs(src, dem, world.instance.regions, k=k, per_kind=per_kind,
                        transport_per_km=transport_per_km)  # fmt: skip
    if arcs.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    s = src.iloc[arcs["source"].to_numpy()].reset_index(drop=True)
    d = dem.iloc[arcs["demand"].to_numpy()].reset_index(drop=True)
    out = pd.DataFrame(
        {
            "demand": d["id"].astype(str),
            "supplier": s["enterprise"].fillna("").astype(str),
            "source": s["label"].astype(str),
            "kind": arcs["kind"].map(KIND_NAMES).fillna("other"),
            "hs": s["hs"].astype(str),
            "match": arcs["match"].to_numpy(),
            "region": s["region"].astype(str),
            "free_capacity": s["capacity"].to_numpy(dtype=float),
            "backlog_months": s["backlog_months"].fillna(0.0).to_numpy(dtype=float),
            "km": arcs["km"].round(0).to_numpy(),
            "road_km": (arcs["km"] * ROAD_FACTOR).round(0).to_numpy(),
            "transport": arcs["transport"].to_numpy(),
            "unit_cost": arcs["unit_cost"].to_numpy(),
            "cost": arcs["cost"].to_numpy(),
        }
    )
    out["country"] = out["region"].map(world.countries).fillna("third")
    buyer = d.get("buyer_enterprise", pd.Series([None] * len(d))).fillna("").astype(str)
    ties = world.ties.rename(columns={"enterprise_a": "supplier", "enterprise_b": "buyer"})
    both = pd.DataFrame({"supplier": out["supplier"], "buyer": buyer.to_numpy()})
    direct = both.merge(ties, on=["supplier", "buyer"], how="left")["n"].fillna(0).to_numpy()
    rt = world.region_ties.rename(columns={"enterprise": "supplier", "region": "buyer_region"})
    local = pd.DataFrame(
        {"supplier": out["supplier"], "buyer_region": d["buyer_region"].to_numpy()}
    )
    regional = local.merge(rt, on=["supplier", "buyer_region"], how="left")["n"].fillna(0)
    out["ties"] = (direct + regional.to_numpy()).astype(int)
    qty = pd.to_numeric(d.get("quantity", pd.Series(np.nan, index=d.index)), errors="coerce")
    short = (out["free_capacity"] < qty.to_numpy()).to_numpy()
    score = out["cost"] * (1 + 0.02 * out["backlog_months"].clip(upper=24))
    score = score * np.where(short, 1.10, 1.0) * np.where(out["ties"] > 0, 0.95, 1.0)
    score = score * np.where(out["match"] == 6, 1.0, 1.03)
    out["score"] = score.round(4)
    out = out.sort_values(["demand", "score"], kind="stable", ignore_index=True)
    out["rank"] = out.groupby("demand").cumcount() + 1
    out["explanation"] = _explain(out, world.names, short_of=qty.to_numpy(), short=short)
    order = pd.Categorical(out["demand"], categories=pd.unique(dem["id"].astype(str)))
    out = out.assign(_o=order).sort_values(["_o", "rank"], kind="stable").drop(columns="_o")
    return out[RESULT_COLUMNS].reset_index(drop=True)


def _explain(
    out: pd.DataFrame, names: pd.Series, short_of: np.ndarray, short: np.ndarray
) -> pd.Series:  # type: ignore[type-arg]
    """One line per arc that a cooperation manager reads without the columns."""
    who = out["supplier"].map(names).fillna(out["supplier"]).replace("", "a new plant")
    level = np.where(
        out["match"] == 6, "makes the same HS6 product", "makes a product of the same heading"
    )
    country = out["country"].map({"BY": "Belarus", "RU": "Russia"}).fillna("a third country")
    cap = np.where(
        short,
        "free capacity "
        + out["free_capacity"].map("{:,.0f}".format)
        + " is short of the "
        + pd.Series(short_of).map(lambda q: "?" if pd.isna(q) else f"{q:,.0f}")
        + " needed",
        "free capacity " + out["free_capacity"].map("{:,.0f}".format),
    )
    backlog = np.where(
        out["backlog_months"] > 0,
        ", backlog " + out["backlog_months"].map("{:.0f}".format) + " months",
        "",
    )
    ties = np.where(
        out["ties"] > 0,
        ", already works with the buyer (" + out["ties"].astype(str) + " projects)",
        "",
    )
    return pd.Series(
        who + " (" + country + ", " + out["kind"] + ") " + level + "; " + cap + backlog + "; ~"
        + out["road_km"].map("{:,.0f}".format) + " km by road, delivered cost "
        + out["cost"].map("{:,.2f}".format) + " (unit " + out["unit_cost"].map("{:,.2f}".format)
        + " + transport " + out["transport"].map("{:,.2f}".format) + ")" + ties
    )  # fmt: skip


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
        parts.append(rank_arcs(world, dem.iloc[start : start + chunk], k=k, per_kind=per_kind))
        if progress:
            progress(min(start + chunk, len(dem)), len(dem))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=RESULT_COLUMNS)


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
