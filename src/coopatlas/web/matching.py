""" "Who can make this component": HS suggestions from words and suppliers ranked for them.

The web's own small matcher over the registry (product names in English and Russian, fuzzy
scored with rapidfuzz), used until the ``match`` package provides the ranked search; the
pages and the API call only :func:`suggest_hs` and :func:`find`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process
from sqlalchemy import Engine, select

from coopatlas.registry import models


@lru_cache(maxsize=4)
def _names(url: str, engine: Engine) -> pd.DataFrame:
    """Each code's searchable text: its names and its heading's and chapter's names.

    Russian names exist for chapters and many headings but few HS6 codes, so an HS6 code
    is found in Russian by the words of its heading (8482 "Подшипники ...").
    """
    p = models.table(models.Product)
    with engine.connect() as c:
        frame = pd.DataFrame(
            c.execute(select(p.c.code, p.c.level, p.c.name_en, p.c.name_ru)).all(),
            columns=["code", "level", "name_en", "name_ru"],
        )
    own = frame["name_en"].fillna("") + " | " + frame["name_ru"].fillna("")
    ru = frame.set_index("code")["name_ru"]
    heading = frame["code"].str[:4].map(ru).where(frame["level"] > 4)
    frame["text"] = (own + " | " + heading.fillna("")).str.lower()
    frame["name_ru"] = frame["name_ru"].fillna(heading)
    return frame


def suggest_hs(engine: Engine, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """HS6 codes whose English or Russian name is closest to *query* (score 0–100)."""
    names = _names(str(engine.url), engine)
    six = names[names["level"] == 6]
    found = process.extract(
        query.lower(), six["text"].tolist(), scorer=fuzz.token_set_ratio, limit=limit
    )
    rows = six.iloc[[i for _, _, i in found]]
    return [
        {
            "code": r.code,
            "name_en": r.name_en,
            "name_ru": r.name_ru if isinstance(r.name_ru, str) else None,
            "score": round(s, 1),
        }
        for r, (_, s, _) in zip(rows.itertuples(), found, strict=True)
        if s >= 40
    ]


def find(engine: Engine, query: str, region: str | None, limit: int = 20) -> dict[str, Any]:
    """Enterprises with a capability for the suggested HS codes, most spare capacity first."""
    hs = suggest_hs(engine, query, 5)
    score = {h["code"]: h["score"] for h in hs}
    cap, e = models.table(models.Capability), models.table(models.Enterprise)
    query_ = (
        select(
            e.c.id,
            e.c.name_en,
            e.c.name_ru,
            e.c.region,
            cap.c.hs,
            cap.c.capacity,
            cap.c.output,
            cap.c.unit,
            cap.c.unit_cost,
            cap.c.backlog_months,
            cap.c.synthetic,
        )
        .join(e, e.c.id == cap.c.enterprise)
        .where(cap.c.hs.in_(list(score)))
    )
    if region:
        query_ = query_.where(e.c.region == region)
    with engine.connect() as c:
        frame = pd.DataFrame(c.execute(query_).all(), columns=list(query_.selected_columns.keys()))
    if frame.empty:
        return {"query": query, "hs": hs, "items": []}
    frame["spare"] = frame["capacity"] - frame["output"].fillna(0.0)
    frame["score"] = frame["hs"].map(score)
    frame = frame.sort_values(["score", "spare"], ascending=False).head(limit)
    items = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return {"query": query, "hs": hs, "items": items}
