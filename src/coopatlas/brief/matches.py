"""The region's matching side for the briefing: who in Belarus can serve the region's open
demands, and which of the region's enterprises can serve Belarusian demands (for a
Belarusian region: Russian suppliers, and Russian demands).

Both come from the matcher (``match.rank.rank_arcs`` with the planner's candidate rule, the
same set as ``coopatlas match all``), each row with the numbers its reasons are written from
(``brief.texts.match_reasons``). Demands, capacities and costs of the default dataset are
synthetic; each row says whether it rests on synthetic quantities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine, select

from coopatlas.registry import models

if TYPE_CHECKING:
    from coopatlas.match.rank import World

TOP = 8  # rows per table: a briefing lists the best, `coopatlas match` gives the rest
KEEP = ["demand", "rank", "supplier", "kind", "hs", "match", "country", "region",
        "free_capacity", "backlog_months", "road_km", "transport", "unit_cost", "cost", "ties",
        "score"]  # fmt: skip


@dataclass
class RegionMatches:
    """Two short tables (columns of ``match.rank`` plus names, quantity, synthetic) and the
    counts behind them."""

    partner: str  # the other country: BY for a Russian region, RU for a Belarusian one
    suppliers: pd.DataFrame  # the partner country's suppliers for the region's demands
    buyers: pd.DataFrame  # the partner country's demands the region's enterprises can serve
    region_demands: int = 0  # the region's demands
    served_demands: int = 0  # of which some supplier of the partner country could serve
    partner_demands: int = 0  # the partner country's demands in the registry
    open_to_region: int = 0  # of which some enterprise of the region could serve


def _names(engine: Engine, ids: list[str]) -> pd.DataFrame:
    e = models.Enterprise
    with engine.connect() as c:
        rows = c.execute(select(e.id, e.name_en, e.name_ru).where(e.id.in_(ids))).all()
    return pd.DataFrame(rows, columns=["id", "name_en", "name_ru"])


def _products(engine: Engine, codes: list[str]) -> pd.DataFrame:
    p = models.Product
    with engine.connect() as c:
        rows = c.execute(select(p.code, p.name_en, p.name_ru).where(p.code.in_(codes))).all()
    return pd.DataFrame(rows, columns=["code", "name_en", "name_ru"])


def _best(ranked: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    """Each demand's best candidate among those *keep* allows, best demands first."""
    chosen = ranked[keep.to_numpy()].sort_values(["rank", "score"], kind="stable")
    return chosen.drop_duplicates("demand")


def _describe(engine: Engine, best: pd.DataFrame, world: World) -> pd.DataFrame:
    """Names in both languages, the demand's product, buyer and quantity, and whether the
    row rests on synthetic quantities (the demand's or the supplier's capability)."""
    if best.empty:
        return best.assign(synthetic=pd.Series(dtype=bool))
    inst = world.instance
    dem = inst.demands[["id", "buyer_enterprise", "buyer_region", "quantity", "synthetic"]]
    out = best.merge(
        dem.rename(columns={"id": "demand", "synthetic": "demand_synthetic"}).assign(
            demand=lambda d: d["demand"].astype(str)
        ),
        on="demand",
        how="left",
    )
    # the supply side: the capability (existing) or the expansion option the candidate is
    supply = pd.concat(
        [
            inst.capabilities[["enterprise", "hs", "synthetic"]].assign(kind="existing"),
            inst.expansions[["enterprise", "hs", "synthetic"]].assign(kind="expansion"),
        ],
        ignore_index=True,
    ).rename(columns={"enterprise": "supplier", "synthetic": "supply_synthetic"})
    supply["supply_synthetic"] = supply["supply_synthetic"].fillna(False).astype(bool)
    supply = supply.groupby(["supplier", "hs", "kind"], as_index=False)["supply_synthetic"].max()
    out = out.merge(supply, on=["supplier", "hs", "kind"], how="left")
    out["synthetic"] = (
        out["demand_synthetic"].fillna(False).astype(bool)
        | out["supply_synthetic"].fillna(True).astype(bool)  # not found: say synthetic
    )
    ids = sorted(set(out["supplier"]) | set(out["buyer_enterprise"].dropna().astype(str)))
    names = _names(engine, ids).set_index("id")
    for who in ("supplier", "buyer_enterprise"):
        for lang in ("en", "ru"):
            out[f"{who}_name_{lang}"] = out[who].map(names[f"name_{lang}"])
    hs = out["hs"].astype(str)
    codes = sorted(set(hs) | set(hs.str[:4]))
    products = _products(engine, codes).set_index("code")
    for lang in ("en", "ru"):  # the subheading's name, else its heading's (Russian: headings)
        names = products[f"name_{lang}"]
        out[f"product_{lang}"] = hs.map(names).fillna(hs.str[:4].map(names))
    return out.drop(columns=["demand_synthetic", "supply_synthetic"]).reset_index(drop=True)


def region_matches(engine: Engine, region: str, top: int = TOP) -> RegionMatches:
    """Suppliers of the partner country (Belarus for a Russian region) for *region*'s demands,
    and the region's enterprises for the partner country's demands: each demand once, with
    its best such candidate; the best *top* of each."""
    from coopatlas.match.rank import load_world, rank_arcs

    world = load_world(engine)
    partner = "RU" if region.startswith("BY-") else "BY"
    dem = world.instance.demands
    mine = dem[dem["buyer_region"] == region]
    theirs = dem[world.country_of(dem["buyer_region"].to_numpy(dtype=object)) == partner]
    empty = pd.DataFrame(columns=KEEP)
    to_region = rank_arcs(world, mine) if len(mine) else empty
    from_region = rank_arcs(world, theirs) if len(theirs) else empty
    suppliers = _best(to_region, (to_region["country"] == partner) & (to_region["supplier"] != ""))
    buyers = _best(from_region, (from_region["region"] == region) & (from_region["supplier"] != ""))
    return RegionMatches(
        partner=partner,
        suppliers=_describe(engine, suppliers.head(top)[KEEP], world),
        buyers=_describe(engine, buyers.head(top)[KEEP], world),
        region_demands=len(mine),
        served_demands=len(suppliers),
        partner_demands=len(theirs),
        open_to_region=len(buyers),
    )
