"""The facts review queue: accept, reject or correct what the intake extracted.

A correction is stored in ``fact_reviews`` beside the extracted payload, which is never
overwritten, so the page can always show what the machine read and what a person decided.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, func, select

from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.web import audit
from coopatlas.web.accounts import now

FACTS = models.table(models.Fact)
REVIEWS = models.table(models.FactReview)
DOCS = models.table(models.Document)
VERDICTS = ("accepted", "rejected", "corrected")


def queue(
    engine: Engine,
    status: str | None = "pending",
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Facts with their review (if any), pending first; ``status`` filters (or ``None``)."""
    query = (
        select(
            FACTS.c.id,
            FACTS.c.document,
            FACTS.c.kind,
            FACTS.c.payload,
            FACTS.c.sentence,
            DOCS.c.title,
            DOCS.c.url,
            func.coalesce(REVIEWS.c.status, "pending").label("status"),
            REVIEWS.c.corrected_payload,
            REVIEWS.c.reviewer,
        )
        .join(DOCS, DOCS.c.id == FACTS.c.document)
        .outerjoin(REVIEWS, REVIEWS.c.fact == FACTS.c.id)
    )
    if status:
        if status != "pending" and status not in VERDICTS:
            raise UserError(f"status: {status!r} is not one of pending, {', '.join(VERDICTS)}")
        query = query.where(func.coalesce(REVIEWS.c.status, "pending") == status)
    if kind:
        query = query.where(FACTS.c.kind == kind)
    with engine.connect() as c:
        total = int(c.execute(select(func.count()).select_from(query.subquery())).scalar_one())
        rows = c.execute(query.order_by(FACTS.c.id).limit(limit).offset(offset))
        return total, [dict(r._mapping) for r in rows]


def review(
    engine: Engine, fact_id: int, verdict: str, actor: str, corrected: str | None = None
) -> dict[str, Any]:
    """Record a verdict (and, for ``corrected``, the corrected JSON payload), audited."""
    if verdict not in VERDICTS:
        raise UserError(f"verdict: {verdict!r} is not one of {', '.join(VERDICTS)}")
    payload: str | None = None
    if verdict == "corrected":
        try:
            payload = json.dumps(json.loads(corrected or ""), ensure_ascii=False)
        except json.JSONDecodeError as exc:
            raise UserError(f"corrected_payload: not valid JSON ({exc.msg})") from exc
    if not 0 < fact_id < 2**63:  # no such row, and the databases' integers stop there
        raise LookupError(fact_id)
    with engine.begin() as c:
        fact = c.execute(select(FACTS.c.id, FACTS.c.payload).where(FACTS.c.id == fact_id)).first()
        if fact is None:
            raise LookupError(fact_id)
        old = c.execute(select(REVIEWS).where(REVIEWS.c.fact == fact_id)).first()
        values = {
            "status": verdict,
            "corrected_payload": payload,
            "reviewer": actor,
            "reviewed_at": now(),
        }
        if old is None:
            c.execute(REVIEWS.insert().values(fact=fact_id, **values))
        else:
            c.execute(REVIEWS.update().where(REVIEWS.c.fact == fact_id).values(**values))
        before = dict(old._mapping) if old else {"status": "pending"}
        after = {"status": verdict, "corrected_payload": payload, "extracted": fact.payload}
        audit.record(c, actor, f"fact.{verdict}", f"fact:{fact_id}", before, after)
    return {"fact": fact_id, **values}
