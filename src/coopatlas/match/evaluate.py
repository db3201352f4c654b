"""Scores of `hs suggest` and `find` on labelled sets: top-1, top-3 and top-5 accuracy.

A set is a CSV with a ``query`` column and an ``accepted`` (HS) or ``expected`` (id)
column; several accepted answers are ``|``-separated. ``scripts``/tests call these with the
development sets in ``tests/match/dev/``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd


def half(query: str) -> str:
    """ "dev" or "check" for a query, by a hash of its text: a split that no one chooses.

    Rules are tuned on the dev half only; the check half says what they are worth on
    queries nobody tuned on.
    """
    return "dev" if hashlib.sha256(query.encode()).digest()[0] % 2 == 0 else "check"


def _position(found: list[str], accepted: set[str]) -> int | None:
    return next((i for i, h in enumerate(found) if h in accepted), None)


def hs_scores(
    path: Path, ks: tuple[int, ...] = (1, 3, 5), part: str | None = None, index: Any = None
) -> tuple[dict[int, float], pd.DataFrame]:
    """Top-k accuracy on a set, or on its *part* ("dev" or "check") if given, with the
    installed index or the given one (an :class:`~coopatlas.match.hs.HsIndex`)."""
    from coopatlas.match.hs import hs_index

    table = pd.read_csv(path, dtype=str)
    if part is not None:
        table = table[table["query"].map(half) == part].reset_index(drop=True)
    index = index or hs_index()
    found = [[s.hs for s in index.suggest(q, top=max(ks))] for q in table["query"]]
    accepted = table["accepted"].str.split("|")
    pos = [
        next((i for i, h in enumerate(f) if h in set(a)), None)
        for f, a in zip(found, accepted, strict=True)
    ]
    table["found"] = [" ".join(f) for f in found]
    table["position"] = pos
    return {k: sum(p is not None and p < k for p in pos) / len(pos) for k in ks}, table


def name_scores(
    registry: Path, queries: Path, ks: tuple[int, ...] = (1, 3)
) -> tuple[dict[int, float], pd.DataFrame]:
    from coopatlas.match.names import NameIndex

    names = pd.read_csv(registry, dtype=str, keep_default_na=False)
    index = NameIndex(names.assign(kind="enterprise"))
    table = pd.read_csv(queries, dtype=str)
    found = [[h.id for h in index.search(q, top=max(ks))] for q in table["query"]]
    pos = [
        next((i for i, h in enumerate(f) if h == e), None)
        for f, e in zip(found, table["expected"], strict=True)
    ]
    table["found"] = [" ".join(f) for f in found]
    table["position"] = pos
    return {k: sum(p is not None and p < k for p in pos) / len(pos) for k in ks}, table
