"""Names a planner reads: enterprises, regions and products instead of registry codes.

The plan's tables keep the codes (to join on) and gain a name column beside each: the
product's HS description, the region's name, and each supplier as "Enterprise (Region)",
"expansion of Enterprise (Region)" or "new plant in Region".
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from coopatlas.plan.data import PlanInstance
from coopatlas.plan.model import EXPANSION, PLANT


@lru_cache(maxsize=1)
def _hs_names() -> pd.Series:
    from coopatlas.registry.reference import products_frame

    products = products_frame()
    return products.set_index("code")["name_en"].astype(str)


def product_names(codes: pd.Series, width: int = 70) -> pd.Series:
    """The HS description of each code (a 10-digit code takes its HS6 one), shortened."""
    names = _hs_names()
    text = codes.astype(str)
    found = text.str.slice(0, 6).map(names)
    found = found.fillna(text.str.slice(0, 4).map(names)).fillna("")
    found = found.str.replace(r"\s+", " ", regex=True).str.strip()
    cut = found.str.len() > width
    return found.where(~cut, found.str.slice(0, width - 1).str.rstrip(" ,;:") + "…")


def region_names(instance: PlanInstance) -> pd.Series:
    regions = instance.regions
    return pd.Series(regions["name_en"].to_numpy(), index=regions["code"].to_numpy())


def enterprise_names(instance: PlanInstance) -> pd.Series:
    firms = instance.enterprises
    return pd.Series(firms["name_en"].to_numpy(), index=firms["id"].to_numpy())


def supplier_names(sources: pd.DataFrame, instance: PlanInstance) -> pd.Series:
    """Source label -> how a planner calls that supplier."""
    firm = sources["enterprise"].map(enterprise_names(instance))
    firm = firm.fillna(sources["enterprise"]).fillna("")
    where = sources["region"].map(region_names(instance)).fillna(sources["region"])
    at = firm + " (" + where + ")"
    pooled = sources["label"].astype(str).str.startswith("pool/")
    named = np.where(
        sources["kind"] == PLANT,
        "new plant in " + where,
        np.where(sources["kind"] == EXPANSION, "expansion of " + at, at),
    )
    # a pooled source: the makers of a product outside each buyer's cheapest candidates
    named = np.where(pooled, "other Union State makers of HS " + sources["hs"].astype(str), named)
    return pd.Series(named, index=sources["label"].to_numpy())


def add_names(
    roadmap: pd.DataFrame,
    investments: pd.DataFrame,
    flows: pd.DataFrame,
    sources: pd.DataFrame,
    instance: PlanInstance,
) -> None:
    """Insert the name columns beside the codes, in place."""
    regions = region_names(instance)
    who = supplier_names(sources, instance)
    if len(roadmap):
        buyer_of = instance.demands.set_index("id")["buyer_enterprise"]
        buyer = roadmap["demand"].map(buyer_of)
        named_buyer = buyer.map(enterprise_names(instance)).fillna(buyer).fillna("")
        roadmap.insert(1, "buyer", named_buyer.astype(object))
        roadmap.insert(3, "product", product_names(roadmap["hs"]))
        roadmap.insert(4, "buyer_region_name", roadmap["buyer_region"].map(regions))
        named = flows.assign(name=flows["source"].map(who)).groupby("demand")["name"]
        listed = roadmap["demand"].map(named.agg(lambda s: "; ".join(sorted(set(s)))))
        roadmap.insert(roadmap.columns.get_loc("suppliers") + 1, "supplier_names",
                       listed.astype(object).fillna(""))  # fmt: skip
    if len(investments):
        investments.insert(1, "what", investments["option"].map(who))
        names = investments["enterprise"].map(enterprise_names(instance))
        investments.insert(4, "enterprise_name", names)
        investments.insert(6, "region_name", investments["region"].map(regions))
        investments.insert(8, "product", product_names(investments["hs"]))
