"""Free capacity, defined once: capacity − current output − what is already committed.

What the registry says commits an existing capability's capacity:

- its **current output** (``capabilities.output``), sold to its present customers;
- its **order backlog** (``capabilities.backlog_months``): *b* months of orders waiting at
  the output rate owe ``output × b / 12`` units a year before a new order is served (the
  articles' "waiting lists into next year" are refilled as they are worked off), never more
  than the spare capacity itself.

The registry holds nothing else that commits capacity in units: projects and their parties
have no quantities, demands name no current supplier (only a foreign source), and a stored
plan is a report, not rows. Within one ``match all`` run, demands matched earlier commit
capacity too (:func:`taken_in_order`).

The planner (``plan.data.sources_frame``), ``plan check-parallel`` and ``match`` all read
:func:`free_capacity`, so "could have served" means the same everywhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def backlog_committed(caps: pd.DataFrame) -> pd.Series:
    """Units a year of spare capacity already promised to the order backlog."""
    output = caps["output"].fillna(0.0)
    spare = (caps["capacity"] - output).clip(lower=0.0)
    owed = output * caps["backlog_months"].fillna(0.0) / 12.0
    return pd.concat([owed, spare], axis=1).min(axis=1)


def committed(caps: pd.DataFrame) -> pd.Series:
    """Current output plus the backlog's share: what capacity − free capacity is made of."""
    return caps["output"].fillna(0.0).clip(upper=caps["capacity"]) + backlog_committed(caps)


def free_capacity(caps: pd.DataFrame) -> pd.Series:
    """Spare capacity a new order can take: capacity − output − backlog-committed, ≥ 0."""
    return (caps["capacity"] - committed(caps)).clip(lower=0.0)


def run_order(demands: pd.DataFrame) -> np.ndarray:  # type: ignore[type-arg]
    """Each demand's place in a ``match all`` run: priority 1 first, then the earlier first
    year, then the registry's order (a stable sort, so ties keep it)."""
    n = len(demands)
    priority = (
        pd.to_numeric(demands["priority"], errors="coerce").fillna(3).to_numpy()
        if "priority" in demands.columns
        else np.full(n, 3.0)
    )
    year = (
        pd.to_numeric(demands["first_year"], errors="coerce").fillna(0).to_numpy()
        if "first_year" in demands.columns
        else np.zeros(n)
    )
    order = np.lexsort((np.arange(n), year, priority))
    place = np.empty(n, dtype=np.int64)
    place[order] = np.arange(n)
    return place


def taken_in_order(
    source: np.ndarray,  # type: ignore[type-arg]
    place: np.ndarray,  # type: ignore[type-arg]
    first: np.ndarray,  # type: ignore[type-arg]
    quantity: np.ndarray,  # type: ignore[type-arg]
) -> np.ndarray:  # type: ignore[type-arg]
    """For each arc, the quantity demands earlier in the run already took from its source.

    Arcs are given as parallel arrays: the source's label, the demand's :func:`run_order`
    place, whether the arc is its demand's first choice, and the demand's quantity. Each
    demand is taken to commit its whole quantity to its first choice (one pass, no
    re-choosing when that source runs out, so it is an estimate of what is left, not a
    plan). One sort and one ``searchsorted``: no loop over demands.
    """
    codes, _ = pd.factorize(pd.Series(source, dtype=object))
    span = int(place.max()) + 2 if len(place) else 1
    key = codes.astype(np.int64) * span + place
    pick = np.flatnonzero(first)
    order = np.argsort(key[pick], kind="stable")
    keys = key[pick][order]
    qty = np.nan_to_num(quantity[pick][order].astype(float))
    cum = np.r_[0.0, np.cumsum(qty)]
    before = cum[np.searchsorted(keys, key, side="left")]  # first choices before this place
    start = cum[np.searchsorted(keys, codes.astype(np.int64) * span, side="left")]
    return np.asarray(before - start)
