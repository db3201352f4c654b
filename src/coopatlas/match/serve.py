"""Who can serve whom: the one definition shared by the planner, check-parallel and match.

A source (existing spare capacity, an expansion or a plant option) can serve a demand when it
makes the same HS6 product (match 6) or a product of the same HS4 heading (match 4) and has
capacity left. Each arc carries the great-circle distance between the source's and the
buyer's region centres, the transport cost it implies and the delivered cost. Per demand the
*k* cheapest arcs are kept, plus the *per_kind* cheapest of each kind so that every stage
(existing, expansion, plant) stays reachable for the planner.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def hs_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """(HS4, HS6) of each code as integers (-1 when missing or not digits)."""
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    head = pd.to_numeric(text.str.slice(0, 4), errors="coerce").fillna(-1)
    six = pd.to_numeric(text.str.slice(0, 6).where(text.str.len() >= 4, ""), errors="coerce")
    return head.to_numpy(dtype=np.int64), six.fillna(-1).to_numpy(dtype=np.int64)


@dataclass
class SourceArrays:
    """The columns of a sources frame that the rule reads, as arrays (positions kept)."""

    head: np.ndarray  # type: ignore[type-arg]  # HS4 as int
    product: np.ndarray  # type: ignore[type-arg]  # HS6 as int
    region: np.ndarray  # type: ignore[type-arg]  # row in the region coordinates, -1 unknown
    capacity: np.ndarray  # type: ignore[type-arg]
    unit_cost: np.ndarray  # type: ignore[type-arg]
    kind: np.ndarray  # type: ignore[type-arg]

    @classmethod
    def of(cls, sources: pd.DataFrame, where: pd.Index) -> SourceArrays:
        head, six = hs_numbers(sources["hs"])
        if "product" in sources.columns:
            six = hs_numbers(sources["product"])[1]
        return cls(
            head=head,
            product=six,
            region=where.get_indexer(pd.Index(sources["region"].astype(object))),
            capacity=sources["capacity"].to_numpy(dtype=float),
            unit_cost=sources["unit_cost"].to_numpy(dtype=float),
            kind=sources["kind"].to_numpy(dtype=np.int64),
        )

    def slice(self, a: int, b: int) -> SourceArrays:
        return SourceArrays(*(getattr(self, f)[a:b] for f in self.__dataclass_fields__))


def region_coords(regions: pd.DataFrame) -> tuple[pd.Index, np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """Region codes and their centres' lat, lon; position -1 (unknown) reads NaN."""
    coords = regions.drop_duplicates("code").set_index("code")[["lat", "lon"]].astype(float)
    lat = np.r_[coords["lat"].to_numpy(), np.nan]
    lon = np.r_[coords["lon"].to_numpy(), np.nan]
    return coords.index, lat, lon


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
    cost, then by source position).
    """
    where, lat, lon = region_coords(regions)
    src = SourceArrays.of(sources.reset_index(drop=True), where)
    dem = demands.reset_index(drop=True)
    d_head, d_six = hs_numbers(dem["hs"])
    d_region = where.get_indexer(pd.Index(dem["buyer_region"].astype(object)))
    arcs = arcs_of(src, d_head, d_six, d_region, lat, lon, k=k, per_kind=per_kind,
                   transport_per_km=transport_per_km)  # fmt: skip
    return pd.DataFrame(arcs)[ARC_COLUMNS]


def arcs_of(
    src: SourceArrays,
    d_head: np.ndarray,  # type: ignore[type-arg]
    d_six: np.ndarray,  # type: ignore[type-arg]
    d_region: np.ndarray,  # type: ignore[type-arg]
    lat: np.ndarray,  # type: ignore[type-arg]
    lon: np.ndarray,  # type: ignore[type-arg]
    *,
    k: int,
    per_kind: int,
    transport_per_km: float,
) -> dict[str, np.ndarray]:  # type: ignore[type-arg]
    """The rule on arrays (what :func:`serving_arcs` and the match engine both run).

    Pure numpy: sources of a heading are a slice of the sources sorted by heading, so the
    pairs come from ``searchsorted``, not from a join."""
    alive = np.flatnonzero(src.capacity > 0)
    s_code = src.head[alive]
    by_head = np.argsort(s_code, kind="stable")
    s_sorted = s_code[by_head]
    known = d_head >= 0
    lo = np.searchsorted(s_sorted, d_head, side="left")
    hi = np.searchsorted(s_sorted, d_head, side="right")
    counts = np.where(known, hi - lo, 0)
    di = np.repeat(np.arange(len(d_head)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    si = alive[by_head[np.repeat(lo, counts) + offsets]]
    match = np.where(src.product[si] == d_six[di], 6, 4)
    s_pos, d_pos = src.region[si], d_region[di]
    km = np.nan_to_num(haversine_km(lat[s_pos], lon[s_pos], lat[d_pos], lon[d_pos]))
    unit = src.unit_cost[si]
    transport = km * transport_per_km
    cost = unit + transport
    kind = src.kind[si]
    # prefer exact HS6 matches at equal cost; rank within the demand and within its kind
    order = np.lexsort((si, -match, cost, di))
    di, si, match, km, unit = di[order], si[order], match[order], km[order], unit[order]
    transport, cost, kind = transport[order], cost[order], kind[order]
    overall = _rank_within(di)
    kinds, kind_code = np.unique(kind, return_inverse=True)
    by_kind = _rank_within(di.astype(np.int64) * max(len(kinds), 1) + kind_code)
    keep = (overall < k) | (by_kind < per_kind)
    return {
        "source": si[keep].astype(np.int64),
        "demand": di[keep].astype(np.int64),
        "match": match[keep].astype(np.int64),
        "km": km[keep],
        "unit_cost": unit[keep],
        "transport": transport[keep],
        "cost": cost[keep],
        "kind": kind[keep],
    }
