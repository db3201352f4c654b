"""Reading lists for the API and the pages: filters, sorting and pages, safely.

Sort keys and filter names are looked up in the table's own columns (anything else is a
clear error, never SQL); filter values are bound parameters. So a sort key such as
``name; DROP TABLE enterprises`` is refused and a filter value of ``' OR 1=1 --`` matches
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, func, literal, or_, select

from coopatlas.registry import models

PUBLIC_ENTERPRISE = (
    "id",
    "name_en",
    "name_ru",
    "region",
    "city",
    "sector",
    "holding",
    "source",
    "synthetic",
)
"""What anyone may see of an enterprise; capacities, costs and demands need an analyst."""


class QueryError(ValueError):
    """A filter or sort key that the list does not have; ``field`` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "items": self.items,
        }


def list_rows(
    engine: Engine,
    table: Table,
    *,
    columns: tuple[str, ...] | None = None,
    equal: dict[str, str | None] | None = None,
    search: tuple[tuple[str, ...], str | None] | None = None,
    sort: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """One page of *table*: exact-match filters, a text search over some columns, a sort key.

    ``sort`` is a column name, ``-name`` for descending.
    """
    names = columns or tuple(table.c.keys())
    where = []
    for name, value in (equal or {}).items():
        if value is None or value == "":
            continue
        if name not in table.c:
            raise QueryError(name, f"no field {name!r} to filter on")
        where.append(table.c[name] == value)
    if search and search[1]:
        pattern = f"%{search[1].lower()}%"
        where.append(or_(*[func.lower(table.c[n]).like(pattern) for n in search[0]]))
    order: list[Any] = [table.c[n] for n in table.primary_key.columns.keys()]  # noqa: SIM118
    if sort:
        key = sort.removeprefix("-")
        if key not in names:
            raise QueryError("sort", f"cannot sort by {sort!r}: choose one of {', '.join(names)}")
        col = table.c[key]
        order = [col.desc() if sort.startswith("-") else col.asc(), *order]
    query = select(*[table.c[n] for n in names]).where(*where)
    with engine.connect() as c:
        total = int(c.execute(select(func.count()).select_from(query.subquery())).scalar_one())
        rows = c.execute(query.order_by(*order).limit(limit).offset(offset))
        return Page(total, limit, offset, [dict(r._mapping) for r in rows])


def enterprises(engine: Engine, full: bool, **kw: Any) -> Page:
    return list_rows(
        engine,
        models.table(models.Enterprise),
        columns=None if full else PUBLIC_ENTERPRISE,
        search=(("name_en", "name_ru", "id"), kw.pop("q", None)),
        **kw,
    )


def enterprise(engine: Engine, ident: str, full: bool) -> dict[str, Any] | None:
    t = models.table(models.Enterprise)
    cols = t.c.keys() if full else PUBLIC_ENTERPRISE
    with engine.connect() as c:
        row = c.execute(select(*[t.c[n] for n in cols]).where(t.c.id == ident)).first()
    return dict(row._mapping) if row else None


def region(engine: Engine, code: str) -> dict[str, Any] | None:
    t = models.table(models.Region)
    with engine.connect() as c:
        row = c.execute(select(t).where(t.c.code == code)).first()
    return dict(row._mapping) if row else None


def capabilities_of(engine: Engine, enterprise_id: str) -> list[dict[str, Any]]:
    cap, p = models.table(models.Capability), models.table(models.Product)
    with engine.connect() as c:
        rows = c.execute(
            select(cap, p.c.name_en.label("product_en"), p.c.name_ru.label("product_ru"))
            .join(p, p.c.code == cap.c.hs)
            .where(cap.c.enterprise == enterprise_id)
            .order_by(cap.c.hs)
        )
        return [dict(r._mapping) for r in rows]


def products_made_by(engine: Engine, enterprise_id: str) -> list[dict[str, Any]]:
    """What an enterprise makes, without capacities or costs (anyone may see this)."""
    return [
        {k: r[k] for k in ("hs", "product_en", "product_ru")}
        for r in capabilities_of(engine, enterprise_id)
    ]


def partners_of(engine: Engine, enterprise_id: str) -> list[dict[str, Any]]:
    """Enterprises that share a cooperation project with this one, and the project."""
    pp, pr, e = (
        models.table(models.ProjectParty),
        models.table(models.Project),
        models.table(models.Enterprise),
    )
    mine = select(pp.c.project).where(pp.c.enterprise == enterprise_id)
    with engine.connect() as c:
        rows = c.execute(
            select(
                e.c.id,
                e.c.name_en,
                e.c.name_ru,
                pr.c.id.label("project"),
                pr.c.title,
                pr.c.title_ru,
            )
            .join(pp, pp.c.enterprise == e.c.id)
            .join(pr, pr.c.id == pp.c.project)
            .where(pp.c.project.in_(mine), e.c.id != enterprise_id)
            .order_by(e.c.id)
        )
        return [dict(r._mapping) for r in rows]


def region_projects(engine: Engine, code: str) -> list[dict[str, Any]]:
    prj, link = models.table(models.Project), models.table(models.ProjectRegion)
    with engine.connect() as c:
        rows = c.execute(
            select(prj).join(link, link.c.project == prj.c.id).where(link.c.region == code)
        )
        return [dict(r._mapping) for r in rows]


def region_documents(engine: Engine, code: str) -> list[dict[str, Any]]:
    """Documents that are the source of a trade figure with the region."""
    d, t = models.table(models.Document), models.table(models.TradeFlow)
    with engine.connect() as c:
        sources = select(t.c.source).where(t.c.partner == code)
        rows = c.execute(
            select(d.c.id, d.c.title, d.c.title_ru, d.c.url, d.c.published, d.c.language)
            .where((d.c.url.in_(sources)) | (literal("doc:").concat(d.c.id).in_(sources)))
            .order_by(d.c.published.desc())
        )
        return [dict(r._mapping) for r in rows]


def counts(engine: Engine) -> dict[str, int]:
    kinds = {
        "enterprises": models.Enterprise,
        "trade": models.TradeFlow,
        "projects": models.Project,
        "documents": models.Document,
        "facts": models.Fact,
    }
    with engine.connect() as c:
        return {
            k: int(c.execute(select(func.count()).select_from(models.table(m))).scalar_one())
            for k, m in kinds.items()
        }


_AUDIT_VERSION = select(func.coalesce(func.max(models.table(models.AuditEntry).c.id), 0))


def audit_version(engine: Engine) -> int:
    """The newest audit entry's id: changes whenever the web changes something.

    Asked on every cached page, so the statement is built once (building it per call cost
    five times the query)."""
    with engine.connect() as c:
        return int(c.execute(_AUDIT_VERSION).scalar_one())
