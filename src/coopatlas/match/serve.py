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


def _rank_within(keys: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    """0, 1, 2, ... within each run of equal *keys*, in the order the rows come (cumcount)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.r_[0, np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(keys)]))
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys)) - run_start
    return rank


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
    cost, then by source position). Pure numpy: sources of a heading are a slice of the
    sources sorted by heading, so the pairs come from ``searchsorted``, not from a join.
    """
    src = sources.reset_index(drop=True)
    dem = demands.reset_index(drop=True)
    product = src["product"] if "product" in src.columns else src["hs"].astype(str).str[:6]
    alive = np.flatnonzero(src["capacity"].to_numpy(dtype=float) > 0)
    s_head = hs4(src["hs"]).to_numpy(dtype=object)[alive]
    d_head = hs4(dem["hs"]).to_numpy(dtype=object)
    _, codes = np.unique(np.concatenate([s_head, d_head]).astype(str), return_inverse=True)
    s_code, d_code = codes[: len(alive)], codes[len(alive) :]
    by_head = np.argsort(s_code, kind="stable")
    s_sorted = s_code[by_head]
    lo = np.searchsorted(s_sorted, d_code, side="left")
    hi = np.searchsorted(s_sorted, d_code, side="right")
    counts = hi - lo
    di = np.repeat(np.arange(len(dem)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    si = alive[by_head[np.repeat(lo, counts) + offsets]]
    s6 = product.astype(str).to_numpy(dtype=object)[si]
    d6 = dem["hs"].astype(str).str.slice(0, 6).to_numpy(dtype=object)[di]
    match = np.where(s6 == d6, 6, 4)
    coords = regions.drop_duplicates("code").set_index("code")[["lat", "lon"]].astype(float)
    where = coords.index
    s_pos = where.get_indexer(pd.Index(src["region"].astype(object)))[si]
    d_pos = where.get_indexer(pd.Index(dem["buyer_region"].astype(object)))[di]
    lat = np.r_[coords["lat"].to_numpy(), np.nan]
    lon = np.r_[coords["lon"].to_numpy(), np.nan]  # position -1 (unknown) reads NaN
    km = np.nan_to_num(haversine_km(lat[s_pos], lon[s_pos], lat[d_pos], lon[d_pos]))
    unit = src["unit_cost"].to_numpy(dtype=float)[si]
    transport = km * transport_per_km
    cost = unit + transport
    kind = src["kind"].to_numpy()[si]
    # prefer exact HS6 matches at equal cost; rank within the demand and within its kind
    order = np.lexsort((si, -match, cost, di))
    di, si, match, km, unit = di[order], si[order], match[order], km[order], unit[order]
    transport, cost, kind = transport[order], cost[order], kind[order]
    overall = _rank_within(di)
    kinds, kind_code = np.unique(kind.astype(np.int64), return_inverse=True)
    by_kind = _rank_within(di.astype(np.int64) * max(len(kinds), 1) + kind_code)
    keep = (overall < k) | (by_kind < per_kind)
    return pd.DataFrame(
        {
            "source": si[keep].astype(np.int64),
            "demand": di[keep].astype(np.int64),
            "match": match[keep].astype(np.int64),
            "km": km[keep],
            "unit_cost": unit[keep],
            "transport": transport[keep],
            "cost": cost[keep],
            "kind": kind[keep],
        }
    )[ARC_COLUMNS]
