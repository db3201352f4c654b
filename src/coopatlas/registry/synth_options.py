"""Synthetic expansion and new-plant options in the registry's import formats.

Why: no public source lists which plants could add machines or where a new plant could be
built, at what cost and how fast; the localization planner needs such options (stages 2 and
3) to have anything to decide. They are generated from the synthetic capabilities and demands
with a fixed seed and marked ``synthetic``:

- expansions for a share of existing capabilities, most often where capacity is fully used
  (high utilisation, long backlog): 20-60% more capacity, capital of about 0.9x the unit cost
  per unit of annual capacity, lead time 1-2 years, unit cost close to the plant's;
- plant options for products whose demand exceeds the Union State's spare capacity for the
  heading (or that nobody makes), 1-3 per product: in the region that needs most of it and in
  regions drawn by industrial weight, sized around that demand, capital of about 1.5x the
  unit cost per unit of annual capacity, lead time 2-4 years.

Every value comes from one ``numpy.random.default_rng(seed)`` in a fixed order; no per-row
Python loops.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopatlas.registry.kinds import kind

EXPANSION_SHARE = {"full": 0.6, "busy": 0.25, "other": 0.05}
PLANT_PRODUCT_SHARE = 0.6  # of the products short of capacity, how many get plant options


def _finish(kind_name: str, frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    frame["source"] = f"coopatlas synth seed={seed} (options)"
    frame["synthetic"] = True
    return frame.reindex(columns=list(kind(kind_name).names))


def _region_weights(regions: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    if regions is None:
        from coopatlas.registry.synth import regions as synth_regions

        regions = synth_regions()
    codes = regions["code"].astype(str).to_numpy()
    if "weight" in regions.columns:
        weight = regions["weight"].astype(float).to_numpy()
    else:
        weight = np.ones(len(codes))
    return codes, weight / weight.sum()


def _prefix(demands: pd.DataFrame) -> str:
    """The synth id prefix of the demands ('us23' for 'us23-d000001'), else 'syn'."""
    found = demands["id"].astype(str).str.extract(r"^([a-z0-9]+)-d\d+$")[0].dropna()
    return str(found.iloc[0]) if len(found) else "syn"


def _expansions(
    caps: pd.DataFrame, rng: np.random.Generator, seed: int, prefix: str
) -> pd.DataFrame:
    capacity = caps["capacity"].astype(float).to_numpy()
    output = caps["output"].astype(float).fillna(0.0).to_numpy()
    backlog = caps.get("backlog_months", pd.Series(0.0, index=caps.index))
    backlog = backlog.astype(float).fillna(0.0).to_numpy()
    use = np.divide(output, capacity, out=np.zeros_like(output), where=capacity > 0)
    full = (use >= 0.9) | (backlog >= 6)
    busy = ~full & (use >= 0.75)
    share = EXPANSION_SHARE
    chance = np.where(full, share["full"], np.where(busy, share["busy"], share["other"]))
    draw = rng.random(len(caps))
    added_share = rng.uniform(0.2, 0.6, len(caps))
    capital_factor = rng.lognormal(np.log(0.9), 0.4, len(caps))
    lead = rng.choice([1, 2], size=len(caps), p=[0.6, 0.4])
    cost_jitter = rng.uniform(0.95, 1.05, len(caps))
    keep = np.flatnonzero((draw < chance) & (capacity > 0))
    unit_cost = caps["unit_cost"].astype(float).to_numpy()
    unit_cost = np.where(np.isnan(unit_cost), np.nanmedian(unit_cost) if len(unit_cost) else 1.0,
                         unit_cost)  # fmt: skip
    added = np.maximum(1.0, np.rint(capacity * added_share))
    frame = pd.DataFrame({
        "id": [f"{prefix}-x{i:06d}" for i in range(1, len(keep) + 1)],
        "enterprise": caps["enterprise"].to_numpy()[keep],
        "hs": caps["hs"].astype(str).to_numpy()[keep],
        "added_capacity": added[keep].astype(np.int64),
        "capital_cost": np.round(added * unit_cost * capital_factor, -2)[keep].clip(min=100.0),
        "lead_time_years": lead[keep],
        "unit_cost": np.round(unit_cost * cost_jitter, 2)[keep],
    })  # fmt: skip
    return _finish("expansions", frame, seed)


def _plants(
    caps: pd.DataFrame,
    demands: pd.DataFrame,
    expansions: pd.DataFrame,
    codes: np.ndarray,  # type: ignore[type-arg]
    weight: np.ndarray,  # type: ignore[type-arg]
    rng: np.random.Generator,
    seed: int,
    prefix: str,
) -> pd.DataFrame:
    if demands.empty:
        return _finish("plants", pd.DataFrame(), seed)
    hs4 = caps["hs"].astype(str).str.slice(0, 4)
    spare = (caps["capacity"].astype(float) - caps["output"].astype(float).fillna(0.0)).clip(0)
    spare4 = spare.groupby(hs4).sum()
    if len(expansions):
        added4 = expansions["added_capacity"].astype(float).groupby(
            expansions["hs"].astype(str).str.slice(0, 4)).sum()  # fmt: skip
        spare4 = spare4.add(added4, fill_value=0.0)
    cost4 = caps["unit_cost"].astype(float).groupby(hs4).median()
    cost2 = caps["unit_cost"].astype(float).groupby(caps["hs"].astype(str).str.slice(0, 2)).median()
    overall = float(caps["unit_cost"].astype(float).median()) if len(caps) else 10.0
    dem = demands.assign(hs=demands["hs"].astype(str), quantity=demands["quantity"].astype(float))
    by_product = dem.groupby("hs")["quantity"].sum()
    heading = by_product.index.str.slice(0, 4)
    demand4 = by_product.groupby(heading).transform("sum")
    short = demand4.to_numpy() > 0.5 * spare4.reindex(heading).fillna(0.0).to_numpy()
    products = by_product[short]
    chosen = products[rng.random(len(products)) < PLANT_PRODUCT_SHARE]
    # where the demand is: the buyer region with the largest quantity of each product
    top = (dem[dem["hs"].isin(chosen.index)].groupby(["hs", "buyer_region"])["quantity"].sum()
           .reset_index().sort_values(["hs", "quantity", "buyer_region"],
                                      ascending=[True, False, True])
           .drop_duplicates("hs").set_index("hs")["buyer_region"])  # fmt: skip
    n = len(chosen)
    count = rng.choice([1, 2, 3], size=n, p=[0.4, 0.35, 0.25])
    product = np.repeat(chosen.index.to_numpy(), count)
    slot = np.arange(len(product)) - np.repeat(np.cumsum(count) - count, count)
    drawn = rng.choice(codes, size=len(product), p=weight)
    region = np.where(slot == 0, top.reindex(product).fillna("BY-HM").to_numpy(), drawn)
    quantity = np.repeat(chosen.to_numpy(), count)
    capacity = np.maximum(1.0, np.rint(quantity * rng.uniform(0.5, 1.5, len(product))))
    base = pd.Series(product).str.slice(0, 4).map(cost4)
    base = base.fillna(pd.Series(product).str.slice(0, 2).map(cost2)).fillna(overall)
    unit_cost = np.round(base.to_numpy() * rng.uniform(0.8, 1.1, len(product)), 2)
    capital = np.round(capacity * unit_cost * rng.lognormal(np.log(1.5), 0.4, len(product)), -3)
    lead = rng.choice([2, 3, 4], size=len(product), p=[0.3, 0.4, 0.3])
    frame = pd.DataFrame({
        "id": np.arange(len(product)),
        "region": region, "hs": product, "capacity": capacity.astype(np.int64),
        "capital_cost": np.maximum(capital, 1000.0), "lead_time_years": lead,
        "unit_cost": np.maximum(unit_cost, 0.01),
    })  # fmt: skip
    frame = frame.drop_duplicates(["region", "hs"], ignore_index=True)
    frame["id"] = [f"{prefix}-p{i:06d}" for i in range(1, len(frame) + 1)]
    return _finish("plants", frame, seed)


def synth_options(
    frames: dict[str, pd.DataFrame], seed: int, regions: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """{'expansions', 'plants'} frames in the import formats, from *frames* (with at least
    'capabilities' and 'demands' in the import formats). Same inputs and seed, same output."""
    rng = np.random.default_rng([seed, 5])
    caps = frames["capabilities"].reset_index(drop=True)
    demands = frames["demands"].reset_index(drop=True)
    if "enterprises" in frames and demands["buyer_region"].isna().any():
        where = frames["enterprises"].set_index("id")["region"]
        demands = demands.assign(
            buyer_region=demands["buyer_region"].fillna(demands["buyer_enterprise"].map(where))
        )
    codes, weight = _region_weights(regions)
    prefix = _prefix(demands)
    expansions = _expansions(caps, rng, seed, prefix)
    plants = _plants(caps, demands, expansions, codes, weight, rng, seed, prefix)
    return {"expansions": expansions, "plants": plants}
