""" "Who can make this component": the ``match`` package's HS suggestions and ranked suppliers.

The pages and the API call only :func:`suggest_hs` and :func:`find`. The matcher's world
(sources, demands, distances) is built once per worker and rebuilt when the web has changed
something (the newest audit id) or after five minutes (changes made with the CLI).
"""

from __future__ import annotations

import time
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.web.queries import audit_version

DEFAULT_BUYER = "RU-MOW"
"""Where the component is delivered when the search names no region (distances and transport)."""
_WORLDS: dict[str, tuple[float, int, Any]] = {}


def _world(engine: Engine) -> Any:
    from coopatlas.match.rank import load_world

    version, key = audit_version(engine), str(engine.url)
    hit = _WORLDS.get(key)
    if hit and hit[1] == version and time.monotonic() - hit[0] < 300:
        return hit[2]
    world = load_world(engine)
    _WORLDS[key] = (time.monotonic(), version, world)
    return world


def suggest_hs(engine: Engine, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """HS headings (and their best subheading) for a product described in English or Russian."""
    from coopatlas.match.hs import hs_index

    try:
        found = hs_index().suggest(query, top=limit)
    except UserError:
        return []
    return [
        {
            "code": s.subheading or s.hs,
            "heading": s.hs,
            "description": s.description,
            "score": round(float(s.score), 3),
        }
        for s in found
    ]


def find(engine: Engine, query: str, region: str | None, limit: int = 20) -> dict[str, Any]:
    """Union State suppliers for a free-text component, best first, with the matcher's reasons."""
    from coopatlas.match.rank import heading_for_text, match_product

    world = _world(engine)
    hs, considered = heading_for_text(world, query)
    ranked = match_product(world, hs, region or DEFAULT_BUYER, top=limit)
    e = models.table(models.Enterprise)
    ids = ranked["supplier"].dropna().astype(str).unique().tolist() if len(ranked) else []
    with engine.connect() as c:
        names = pd.DataFrame(
            c.execute(select(e.c.id, e.c.name_en, e.c.name_ru).where(e.c.id.in_(ids))).all(),
            columns=["supplier", "name_en", "name_ru"],
        )
    ranked = ranked.merge(names, on="supplier", how="left")
    keep = ["rank", "supplier", "name_en", "name_ru", "region", "hs", "kind", "match",
            "country", "free_capacity", "backlog_months", "unit_cost", "transport", "cost",
            "km", "road_km", "ties", "explanation"]  # fmt: skip
    items = ranked[[k for k in keep if k in ranked.columns]]
    items = items.astype(object).where(items.notna(), None)
    return {
        "query": query,
        "buyer_region": region or DEFAULT_BUYER,
        "hs": hs,
        "headings": considered,
        "suggestions": suggest_hs(engine, query, 5),
        "items": items.to_dict("records"),
    }


def reasons(items: list[dict[str, Any]], lang: str) -> list[str]:
    """Each supplier's reasons in *lang*: the matcher's own sentence in English, the same
    sentence written from its numbers in Russian (``brief.texts``, the briefing's catalogue)."""
    if lang == "en":
        return [str(i.get("explanation") or "") for i in items]
    from coopatlas.brief.i18n import Formats
    from coopatlas.brief.texts import match_reasons

    f = Formats(lang)
    return [match_reasons(i, f, i.get(f"name_{lang}") or i.get("name_en")) for i in items]


def with_reasons(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """*result* of :func:`find` with each item's ``reasons`` in *lang*."""
    why = reasons(result["items"], lang)
    items = [{**i, "reasons": w} for i, w in zip(result["items"], why, strict=True)]
    return {**result, "items": items}
