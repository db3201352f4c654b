"""Projects and trends an article reports, stored as registry records, and listed back.

- A project the intake reads becomes a ``projects`` row with its parties, regions, kind,
  status, stage and horizon, and a ``project_documents`` row (the sentence, the status the
  document gave). It is merged with an existing project of the same subject instead of being
  added twice: same kind and the same parties (one side's parties among the other's, sharing a
  region when both name one), or, where a side names no party, the same Russian regions and a
  similar title (a third of the word stems in common) or the same horizon.
- Only projects with something to hold on to become rows: a party, stages, a horizon, or a
  status other than "proposed"; the rest stay ``project`` facts.
- A staged programme also gets its ``project_stages``.
- Trends become ``trends`` rows (partner, indicator, direction, period phrase, sentence).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from sqlalchemy import Connection, Engine, select

from coopatlas.intake.projects import project_kind
from coopatlas.registry import models
from coopatlas.registry.store import require_schema

Json = dict[str, Any]
TITLE_SIMILARITY = 0.3
"""Share of title stems two descriptions of one project have in common (Jaccard)."""

_WORD = re.compile(r"[a-zа-яё]{4,}")


def stems(text: str) -> set[str]:
    """Five-letter prefixes of the longer words: enough to match "assemble" with "assembly"."""
    return {w[:5] for w in _WORD.findall(text.lower().replace("ё", "е"))}


def _similar(a: str, b: str) -> bool:
    sa, sb = stems(a), stems(b)
    return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= TITLE_SIMILARITY


def _recordable(p: Json) -> bool:
    return bool(p["party_ids"] or p.get("stages") or p["horizon"] or p["status"] != "proposed")


def _existing(connection: Connection) -> list[Json]:
    pr, pp, rg = models.Project, models.ProjectParty, models.ProjectRegion
    rows = connection.execute(
        select(pr.id, pr.title, pr.kind, pr.horizon_year, pr.status, pr.stage)
    ).all()
    parties: dict[str, set[str]] = {}
    for project, enterprise in connection.execute(select(pp.project, pp.enterprise)):
        parties.setdefault(project, set()).add(enterprise)
    regions: dict[str, set[str]] = {}
    for project, region in connection.execute(select(rg.project, rg.region)):
        regions.setdefault(project, set()).add(region)
    return [
        {
            "id": r.id, "title": r.title, "kind": r.kind, "horizon": r.horizon_year,
            "status": r.status, "stage": r.stage,
            "parties": parties.get(r.id, set()), "regions": regions.get(r.id, set()),
        }
        for r in rows
    ]  # fmt: skip


def same_project(p: Json, q: Json) -> bool:
    """Whether an extracted project *p* is the stored project *q* (see the module docs)."""
    parties, regions = set(p["party_ids"]), set(p["regions"])
    q_regions = {r for r in q["regions"] if r.startswith("RU-")}
    if parties and q["parties"]:
        nested = parties <= q["parties"] or q["parties"] <= parties
        shared_region = not regions or not q_regions or bool(regions & q_regions)
        return nested and p["kind"] == q["kind"] and shared_region
    if regions != q_regions:
        return False
    return _similar(p["summary"], q["title"]) or (
        p["horizon"] is not None and p["horizon"] == q["horizon"]
    )


def _project_id(summary: str, doc_id: str) -> str:
    words = re.findall(r"[a-z0-9]+", summary.lower())[:6]
    digest = hashlib.blake2b(f"{doc_id}:{summary}".encode(), digest_size=4).hexdigest()
    return "-".join(["intake", *words, digest])[:64]


def store_projects(
    connection: Connection,
    doc_id: str,
    source: str,
    published: dt.date | None,
    projects: list[Json],
) -> list[str]:
    """Store or merge the article's projects; returns the ids of the projects it supports."""
    projects = [p for p in projects if _recordable(p)]
    if not projects:  # most articles: no need to read the registry's projects at all
        return []
    known = {e for (e,) in connection.execute(select(models.Enterprise.id))}
    regions_known = {c for (c,) in connection.execute(select(models.Region.code))}
    existing = _existing(connection)
    ids: list[str] = []
    for p in projects:
        p = {**p, "party_ids": [e for e in p["party_ids"] if e in known],
             "regions": [r for r in p["regions"] if r in regions_known]}  # fmt: skip
        p.setdefault("kind", project_kind(p["summary"]))
        match = next((q for q in existing if same_project(p, q)), None)
        if match is None:
            pid = _project_id(p["summary"], doc_id)
            connection.execute(
                models.table(models.Project).insert(),
                {
                    "id": pid, "title": p["summary"], "kind": p["kind"], "status": p["status"],
                    "stage": p["stage"], "horizon_year": p["horizon"], "source": source,
                    "synthetic": False,
                },
            )  # fmt: skip
            if p["party_ids"]:
                connection.execute(
                    models.table(models.ProjectParty).insert(),
                    [{"project": pid, "enterprise": e} for e in dict.fromkeys(p["party_ids"])],
                )
            if p["regions"]:
                connection.execute(
                    models.table(models.ProjectRegion).insert(),
                    [{"project": pid, "region": r} for r in dict.fromkeys(p["regions"])],
                )
            existing.append(
                {
                    "id": pid,
                    "title": p["summary"],
                    "kind": p["kind"],
                    "horizon": p["horizon"],
                    "status": p["status"],
                    "stage": p["stage"],
                    "parties": set(p["party_ids"]),
                    "regions": set(p["regions"]),
                }
            )
        else:
            pid = match["id"]
            _update(connection, match, p, published)
        if pid in ids:
            continue
        ids.append(pid)
        connection.execute(
            models.table(models.ProjectDocument).insert(),
            {
                "project": pid, "document": doc_id, "status": p["status"], "stage": p["stage"],
                "horizon_year": p["horizon"], "sentence": p["summary"],
                "span_start": p["span"][0], "span_end": p["span"][1],
            },
        )  # fmt: skip
        stages = p.get("stage_list") or []
        if stages:
            have = {
                n
                for (n,) in connection.execute(
                    select(models.ProjectStage.stage).where(models.ProjectStage.project == pid)
                )
            }
            new = [
                {"project": pid, "stage": s["stage"], "summary": s["summary"], "document": doc_id}
                for s in stages
                if s["stage"] not in have
            ]
            if new:
                connection.execute(models.table(models.ProjectStage).insert(), new)
    return ids


def _update(connection: Connection, stored: Json, p: Json, published: dt.date | None) -> None:
    """Fill what the stored project lacks; a newer document's status replaces an older one's."""
    pd_, d = models.ProjectDocument, models.Document
    latest = connection.execute(
        select(d.published)
        .join(pd_, pd_.document == d.id)
        .where(pd_.project == stored["id"], d.published.is_not(None))
        .order_by(d.published.desc())
    ).first()
    values: Json = {}
    if stored["horizon"] is None and p["horizon"] is not None:
        values["horizon_year"] = stored["horizon"] = p["horizon"]
    if stored["stage"] is None and p["stage"] is not None:
        values["stage"] = stored["stage"] = p["stage"]
    newest: dt.date | None = latest[0] if latest is not None else None
    if newest is not None and published is not None and published > newest:
        values["status"] = stored["status"] = p["status"]
    if values:
        table = models.table(models.Project)
        connection.execute(table.update().where(table.c.id == stored["id"]).values(values))


def store_trends(
    connection: Connection, doc_id: str, published: dt.date | None, trends: list[Json]
) -> int:
    rows = [
        {
            "document": doc_id, "partner": t["partner"], "indicator": t["indicator"],
            "direction": t["direction"], "period": t["period"], "published": published,
            "sentence": t["text"], "span_start": t["span"][0], "span_end": t["span"][1],
        }
        for t in trends
    ]  # fmt: skip
    seen: set[tuple[int, str]] = set()
    unique = []
    for r in rows:
        if (r["span_start"], r["indicator"]) not in seen:
            seen.add((r["span_start"], r["indicator"]))
            unique.append(r)
    if unique:
        connection.execute(models.table(models.Trend).insert(), unique)
    return len(unique)


def list_projects(engine: Engine, region: str | None = None) -> list[Json]:
    """Projects (all, or those of *region*) with parties, regions and the sentences behind them."""
    require_schema(engine)
    pr, pd_, d = models.Project, models.ProjectDocument, models.Document
    with engine.connect() as c:
        projects = _existing(c)
        if region:
            projects = [p for p in projects if region in p["regions"]]
        wanted = [p["id"] for p in projects]
        evidence: dict[str, list[Json]] = {}
        for row in c.execute(
            select(pd_.project, pd_.document, pd_.status, pd_.sentence, d.url, d.published)
            .join(d, d.id == pd_.document)
            .where(pd_.project.in_(wanted))
            .order_by(pd_.project, d.published, pd_.id)
        ):
            evidence.setdefault(row.project, []).append(
                {
                    "document": row.document,
                    "url": row.url,
                    "status": row.status,
                    "published": row.published,
                    "sentence": row.sentence,
                }
            )
        stages: dict[str, list[Json]] = {}
        ps = models.ProjectStage
        for stage_row in c.execute(
            select(ps.project, ps.stage, ps.summary)
            .where(ps.project.in_(wanted))
            .order_by(ps.project, ps.stage)
        ):
            stages.setdefault(stage_row.project, []).append(
                {"stage": stage_row.stage, "summary": stage_row.summary}
            )
        sources = dict(c.execute(select(pr.id, pr.source).where(pr.id.in_(wanted))).all())
    for p in projects:
        p["sentences"] = evidence.get(p["id"], [])
        p["stages"] = stages.get(p["id"], [])
        p["source"] = sources.get(p["id"])
        p["parties"], p["regions"] = sorted(p["parties"]), sorted(p["regions"])
    return sorted(projects, key=lambda p: (not p["sentences"], p["id"]))


def list_trends(engine: Engine, partner: str | None = None) -> list[Json]:
    require_schema(engine)
    t, d = models.Trend, models.Document
    query = (
        select(
            t.partner,
            t.indicator,
            t.direction,
            t.period,
            t.published,
            t.sentence,
            t.document,
            d.url,
        )
        .join(d, d.id == t.document)
        .order_by(t.partner, t.published, t.id)
    )
    if partner:
        query = query.where(t.partner == partner)
    with engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(query)]
