"""Real enterprises' product lines with synthetic quantities, and demands from the articles.

Why: which products KAMAZ, MAZ, MTZ, BelAZ, Severstal, NLMK or the Cherepovets foundry make
is public (``data/union-state-2023/product_lines.csv``, one source per line); how much they
can make, at what cost and with what order backlog is not. So a real enterprise gets exactly
its listed lines, each with a capacity, output, unit cost and backlog drawn from a seeded
generator around the scale of such a line (a truck plant makes tens of thousands of trucks a
year, a steel mill a million tonnes of a rolled product), marked synthetic. The demands follow
the articles' stories (castings Belarusian machine builders need from Vologda foundries with
waiting lists; components KAMAZ and MAZ buy from each other; parts for the MC-21 and Superjet
100; microelectronics once imported from the West; the auto industry's engines, gearboxes,
axles, electronics and tyres whose foreign sources stopped in 2022), also marked synthetic.
Quantities are in the HS nomenclature's own unit: tonnes for metals and minerals, pieces else.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

TONNE_CHAPTERS = ("25", "26", "27", "72", "74", "75", "76", "78", "79", "80", "81")
TONNE_HEADINGS = ("7325", "7326")

# typical yearly capacity of one large plant's line and its unit cost (USD per unit), by the
# longest matching HS prefix: the centre the seeded draws scatter around
SCALE: dict[str, tuple[float, float]] = {
    "2701": (8_000_000, 70),
    "72": (1_200_000, 650),
    "7325": (40_000, 1_400),
    "8408": (40_000, 9_000),
    "8409": (60_000, 400),
    "8428": (4_000, 35_000),
    "8429": (2_500, 90_000),
    "8433": (2_000, 220_000),
    "8457": (150, 450_000),
    "8458": (200, 350_000),
    "8459": (200, 250_000),
    "8460": (150, 300_000),
    "8541": (200_000_000, 0.08),
    "8542": (60_000_000, 1.5),
    "8603": (150, 1_500_000),
    "8701": (20_000, 30_000),
    "8702": (3_000, 160_000),
    "8703": (250_000, 11_000),
    "8704": (25_000, 60_000),
    "870410": (800, 1_500_000),
    "8708": (150_000, 700),
    "8716": (6_000, 25_000),
}


def unit_of(codes: pd.Series) -> np.ndarray:  # type: ignore[type-arg]
    """'t' for metals, minerals and castings (the HS unit is weight), else 'pcs'."""
    text = codes.astype(str)
    tonnes = text.str.slice(0, 2).isin(TONNE_CHAPTERS) | text.str.slice(0, 4).isin(TONNE_HEADINGS)
    return np.where(tonnes.to_numpy(), "t", "pcs")


def _scale(codes: pd.Series) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    text = codes.astype(str)
    capacity = np.full(len(text), 5_000.0)
    cost = np.full(len(text), 500.0)
    for prefix in sorted(SCALE, key=len):  # longer prefixes override shorter ones
        hit = text.str.startswith(prefix).to_numpy()
        capacity[hit], cost[hit] = SCALE[prefix]
    return capacity, cost


def real_capabilities(lines: pd.DataFrame, seed: int) -> pd.DataFrame:
    """One capability per listed line, quantities seeded and marked synthetic."""
    rng = np.random.default_rng([seed, 11])
    n = len(lines)
    capacity, cost = _scale(lines["hs"])
    capacity = np.maximum(1, np.rint(capacity * rng.lognormal(0.0, 0.5, n)))
    use = rng.beta(6, 2, n)
    backlog = np.clip(12 * use**4 + rng.normal(0, 1, n), 0, 12)
    return pd.DataFrame({
        "enterprise": lines["enterprise"].to_numpy(), "hs": lines["hs"].astype(str).to_numpy(),
        "capacity": capacity.astype(np.int64), "output": np.floor(capacity * use).astype(np.int64),
        "unit": unit_of(lines["hs"]),
        "unit_cost": np.round(cost * rng.lognormal(0.0, 0.2, n), 2), "currency": "USD",
        "backlog_months": (backlog * 2).round() / 2,
    })  # fmt: skip


class Story(NamedTuple):
    name: str
    buyers: tuple[str, ...]  # real enterprise ids, or "sector:<name>" for synthetic buyers
    codes: tuple[str, ...]
    share: float  # of the typical line capacity (SCALE) one buyer needs a year
    sources: tuple[str, ...]  # foreign suppliers until now
    localize_from: int | None  # imports stop (sanctions, the programme's stages)


# fmt: off
STORIES = (
    Story("castings for Belarusian machine builders (Vologda)",
          ("mtz", "maz", "gomselmash", "amkodor", "belaz", "mzor"), ("732510", "732599"), 0.08,
          ("DE", "CZ", "IT"), None),
    Story("KAMAZ and MAZ components", ("maz",), ("840820", "870840", "870850"), 0.15,
          ("DE",), 2026),
    Story("KAMAZ and MAZ components", ("kamaz",), ("870899", "871639"), 0.1, ("DE", "SE"), 2026),
    Story("MC-21 and Superjet 100 parts", ("sector:transport equipment",) * 3, ("880730",), 0.05,
          ("US", "FR", "DE"), 2026),
    Story("microelectronics once imported from the West",
          ("maz", "kamaz", "mtz", "belkommunmash", "avtovaz"), ("854231", "854239"), 0.01,
          ("US", "DE", "JP"), 2025),
    Story("auto components whose foreign source stopped in 2022", ("avtovaz", "gaz", "kamaz"),
          ("840820", "870840", "870850", "854239", "401120"), 0.2, ("DE", "US", "JP", "KR", "FR"),
          2024),
)
# fmt: on


def story_demands(
    enterprises: pd.DataFrame, seed: int, prefix: str, first_year: int, start: int
) -> pd.DataFrame:
    """The stories' demands (ids from *start*), for the buyers found in *enterprises*."""
    rng = np.random.default_rng([seed, 13])
    where = enterprises.set_index("id")["region"]
    sector = enterprises.set_index("id")["sector"].astype(str)
    rows = []
    for story in STORIES:
        chosen: list[str] = []
        for buyer in story.buyers:
            if buyer.startswith("sector:"):
                pool = sector.index[(sector == buyer.removeprefix("sector:"))
                                    & ~sector.index.isin(chosen)].tolist()  # fmt: skip
                if pool:
                    chosen.append(str(pool[int(rng.integers(len(pool)))]))
            elif buyer in where.index:
                chosen.append(buyer)
        for buyer in chosen:
            for code in story.codes:
                rows.append((story, buyer, code))
    if not rows:
        return pd.DataFrame()
    codes = pd.Series([code for _, _, code in rows])
    typical, _ = _scale(codes)
    quantity = np.maximum(1, np.rint(typical * np.array([s.share for s, _, _ in rows])
                                     * rng.lognormal(0.0, 0.4, len(rows))))  # fmt: skip
    return pd.DataFrame({
        "id": [f"{prefix}-d{start + i:06d}" for i in range(len(rows))],
        "buyer_enterprise": [b for _, b, _ in rows],
        "buyer_region": [where[b] for _, b, _ in rows],
        "hs": codes.to_numpy(), "quantity": quantity.astype(np.int64), "unit": unit_of(codes),
        "first_year": first_year,
        "foreign_source": [s.sources[int(rng.integers(len(s.sources)))] for s, _, _ in rows],
        "priority": 1,
        "must_localize_from": pd.array([s.localize_from for s, _, _ in rows], dtype="Int64"),
        "story": [s.name for s, _, _ in rows],
    })  # fmt: skip
