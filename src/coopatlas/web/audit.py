"""The audit trail: every change made through the web or the API, with before and after.

Written in the same transaction as the change itself, so an entry exists exactly when the
change does.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from coopatlas.registry import models
from coopatlas.web.accounts import now


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def record(
    connection: Connection, actor: str, action: str, target: str, before: Any, after: Any
) -> None:
    """Add one entry on *connection* (inside the caller's transaction)."""
    connection.execute(
        insert(models.AuditEntry).values(
            at=now(),
            actor=actor,
            action=action,
            target=target[:200],
            before=_json(before),
            after=_json(after),
        )
    )


def entries(engine: Engine, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """The newest entries first, and how many there are in all."""
    a = models.AuditEntry
    with engine.connect() as c:
        total = int(c.execute(select(func.count()).select_from(a)).scalar_one())
        rows = c.execute(
            select(a.id, a.at, a.actor, a.action, a.target, a.before, a.after)
            .order_by(a.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return total, [dict(r._mapping) for r in rows]
