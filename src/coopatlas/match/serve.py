"""Who can serve whom: the one definition shared by the planner, check-parallel and match.

A source (existing spare capacity, an expansion or a plant option) can serve a demand when it
makes the same HS6 product (match 6) or a product of the same HS4 heading (match 4) and has
capacity left. Each arc carries the great-circle distance between the source's and the
buyer's region centres, the transport cost it implies and the delivered cost. Per demand the
*k* cheapest arcs are kept, plus the *per_kind* cheapest of each kind so that every stage
(existing, expansion, plant) stays reachable for the planner.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EARTH_KM = 6371.0
ARC_COLUMNS = ["source", "demand", "match", "km", "unit_cost", "transport", "cost", "kind"]


def haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:  # type: ignore[type-arg]
    """Great-circle distance in km between arrays of points given in degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def hs4(values: pd.Series) -> pd.Series:
    """The HS4 heading of each code ('' for a missing one)."""
    return values.fillna("").astype(str).str.slice(0, 4)


def serving_arcs(
    sources: pd.DataFrame,
    demands: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    k: int = 20,
    per_kind: int = 2,
    transport_per_km: float = 0.0005,
) -> pd.DataFrame:
    """Candidate (source, demand) arcs by HS code, the *k* cheapest per demand.

    *sources* has the columns of :func:`coopatlas.plan.data.sources_frame` (hs, region,
    capacity, unit_cost, kind, product, ...), *demands* the demand columns (hs, buyer_region,
    ...), *regions* code, lat, lon. ``source`` and ``demand`` in the result are positions in
    *sources* and *demands*. Arcs are sorted by demand, then cost (exact HS6 first at equal
    cost).
    """
    src = sources.reset_index(drop=True)
    dem = demands.reset_index(drop=True)
    coords = regions.drop_duplicates("code").set_index("code")[["lat", "lon"]].astype(float)
    product = src["product"] if "product" in src.columns else src["hs"].astype(str).str[:6]
    s = pd.DataFrame({"source": np.arange(len(src)), "hs4": hs4(src["hs"]), "hs6": product})
    s = s[src["capacity"].to_numpy() > 0]
    d = pd.DataFrame(
        {
            "demand": np.arange(len(dem)),
            "hs4": hs4(dem["hs"]),
            "hs6": dem["hs"].astype(str).str.slice(0, 6),
        }
    )
    arcs = d.merge(s, on="hs4", suffixes=("_d", "_s"))
    arcs["match"] = np.where(arcs["hs6_d"] == arcs["hs6_s"], 6, 4)
    si, di = arcs["source"].to_numpy(), arcs["demand"].to_numpy()
    s_reg = src["region"].to_numpy()[si]
    d_reg = dem["buyer_region"].to_numpy()[di]
    lat_s = coords["lat"].reindex(s_reg).to_numpy()
    lon_s = coords["lon"].reindex(s_reg).to_numpy()
    lat_d = coords["lat"].reindex(d_reg).to_numpy()
    lon_d = coords["lon"].reindex(d_reg).to_numpy()
    km = np.nan_to_num(haversine_km(lat_s, lon_s, lat_d, lon_d))
    arcs["km"] = km
    arcs["unit_cost"] = src["unit_cost"].to_numpy()[si]
    arcs["transport"] = km * transport_per_km
    arcs["cost"] = arcs["unit_cost"] + arcs["transport"]
    arcs["kind"] = src["kind"].to_numpy()[si]
    # prefer exact HS6 matches at equal cost; rank within the demand and within its kind
    arcs = arcs.sort_values(
        ["demand", "cost", "match"], ascending=[True, True, False], kind="stable", ignore_index=True
    )
    overall = arcs.groupby("demand").cumcount()
    by_kind = arcs.groupby(["demand", "kind"]).cumcount()
    arcs = arcs[(overall < k) | (by_kind < per_kind)].reset_index(drop=True)
    return arcs[ARC_COLUMNS]
