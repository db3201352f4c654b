"""The REST API under ``/api``: thin wrappers over the library, described by OpenAPI.

Lists take ``limit``/``offset`` and a ``sort`` key (``-key`` descending) and answer
``{"total", "limit", "offset", "items"}``. Errors are ``{"error": {"message", "field"}}``.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.web import accounts, audit, edits, jobs, matching, queries, review
from coopatlas.web.app import ApiError, actor, user_of

router = APIRouter(prefix="/api")
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Sort = Annotated[str | None, Query(max_length=40, description="a field name; -name for descending")]
Text = Annotated[str | None, Query(max_length=200)]


def _engine(request: Request) -> Any:
    return request.app.state.engine


def _page(
    request: Request,
    model: type[Any],
    sort: str | None,
    limit: int,
    offset: int,
    equal: dict[str, str | None] | None = None,
    search: tuple[tuple[str, ...], str | None] | None = None,
) -> dict[str, Any]:
    """One page of a registry table as the list endpoints return it: every list endpoint
    differs only in its table and filters."""
    page = queries.list_rows(
        _engine(request), models.table(model), equal=equal, search=search, sort=sort,
        limit=limit, offset=offset,
    )  # fmt: skip
    return page.as_json()


def _analyst(request: Request) -> bool:
    user = user_of(request)
    return user is not None and user.at_least("analyst")


@router.get("/health", tags=["meta"])
def health(request: Request) -> dict[str, Any]:
    """The server is up and its database answers."""
    from sqlalchemy import text

    with _engine(request).connect() as c:
        c.execute(text("SELECT 1"))
    return {"status": "ok", "database": _engine(request).dialect.name, "worker": os.getpid()}


@router.get("/me", tags=["meta"])
def me(request: Request) -> dict[str, Any]:
    user = user_of(request)
    assert user is not None
    return {"name": user.name, "role": user.role}


@router.get("/regions", tags=["registry"])
def regions(
    request: Request,
    country: Annotated[str | None, Query(pattern="^(BY|RU)$")] = None,
    q: Text = None,
    sort: Sort = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(
        request,
        models.Region,
        sort,
        limit,
        offset,
        equal={"country": country},
        search=(("code", "name_en", "name_ru"), q),
    )


@router.get("/regions/{code}", tags=["registry"])
def region(request: Request, code: str) -> dict[str, Any]:
    """A region with its enterprises, projects, documents and trade figures with Belarus."""
    from coopatlas.web.briefing import region_brief

    brief = region_brief(_engine(request), code)
    if brief is None:
        raise ApiError(404, f"code: no region {code!r}", "code")
    return brief.as_json()


@router.get("/enterprises", tags=["registry"])
def enterprises(
    request: Request,
    region: Annotated[str | None, Query(max_length=8)] = None,
    sector: Text = None,
    q: Text = None,
    sort: Sort = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Enterprises; the public fields to anyone, every field to analysts."""
    page = queries.enterprises(
        _engine(request),
        _analyst(request),
        equal={"region": region, "sector": sector},
        q=q,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return page.as_json()


class EnterpriseIn(BaseModel):
    id: str = Field(max_length=64, description="slug: lowercase letters, digits, hyphens")
    name_en: str = Field(max_length=200)
    name_ru: str | None = Field(None, max_length=200)
    region: str = Field(max_length=8)
    city: str | None = Field(None, max_length=80)
    sector: str | None = Field(None, max_length=80)
    holding: str | None = Field(None, max_length=120)
    tax_id: str | None = Field(None, max_length=20)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    source: str | None = Field(None, max_length=2000)
    synthetic: bool = False


class EnterprisePatch(BaseModel):
    name_en: str | None = Field(None, max_length=200)
    name_ru: str | None = Field(None, max_length=200)
    region: str | None = Field(None, max_length=8)
    city: str | None = Field(None, max_length=80)
    sector: str | None = Field(None, max_length=80)
    holding: str | None = Field(None, max_length=120)
    tax_id: str | None = Field(None, max_length=20)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    source: str | None = Field(None, max_length=2000)


@router.post("/enterprises", status_code=201, tags=["registry"])
def create_enterprise(request: Request, body: EnterpriseIn) -> dict[str, Any]:
    return edits.create_enterprise(_engine(request), body.model_dump(), actor(request))


@router.get("/enterprises/{ident}", tags=["registry"])
def enterprise(request: Request, ident: str) -> dict[str, Any]:
    """An enterprise, what it makes and its partners; capacities and costs to analysts."""
    full = _analyst(request)
    found = queries.enterprise(_engine(request), ident, full)
    if found is None:
        raise ApiError(404, f"ident: no enterprise {ident!r}", "ident")
    found["partners"] = queries.partners_of(_engine(request), ident)
    if full:
        found["capabilities"] = queries.capabilities_of(_engine(request), ident)
    else:
        found["products"] = queries.products_made_by(_engine(request), ident)
    return found


@router.patch("/enterprises/{ident}", tags=["registry"])
def update_enterprise(request: Request, ident: str, body: EnterprisePatch) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    return edits.update_enterprise(_engine(request), ident, changes, actor(request))


@router.delete("/enterprises/{ident}", status_code=204, tags=["registry"])
def delete_enterprise(request: Request, ident: str) -> None:
    edits.delete_enterprise(_engine(request), ident, actor(request))


@router.get("/products", tags=["registry"])
def products(
    request: Request,
    level: Annotated[int | None, Query(ge=2, le=10)] = None,
    q: Text = None,
    sort: Sort = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(
        request,
        models.Product,
        sort,
        limit,
        offset,
        equal={"level": None if level is None else str(level)},
        search=(("code", "name_en", "name_ru"), q),
    )


@router.get("/products/suggest", tags=["matching"])
def suggest(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    """HS codes for a product described in words (English or Russian)."""
    return {"query": q, "items": matching.suggest_hs(_engine(request), q, limit)}


@router.get("/capabilities", tags=["secrets"])
def capabilities(
    request: Request,
    enterprise: Annotated[str | None, Query(max_length=64)] = None,
    hs: Annotated[str | None, Query(max_length=10)] = None,
    sort: Sort = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Capacities, output, unit costs and backlogs: analysts and above."""
    return _page(
        request, models.Capability, sort, limit, offset, equal={"enterprise": enterprise, "hs": hs}
    )


@router.get("/demands", tags=["secrets"])
def demands(
    request: Request,
    buyer_region: Annotated[str | None, Query(max_length=8)] = None,
    hs: Annotated[str | None, Query(max_length=10)] = None,
    sort: Sort = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(
        request, models.Demand, sort, limit, offset, equal={"buyer_region": buyer_region, "hs": hs}
    )


@router.get("/trade", tags=["trade"])
def trade(
    request: Request,
    partner: Annotated[str | None, Query(max_length=8)] = None,
    reporter: Annotated[str | None, Query(max_length=8)] = None,
    flow: Annotated[str | None, Query(pattern="^(export|import|turnover)$")] = None,
    hs: Annotated[str | None, Query(max_length=10)] = None,
    sort: Sort = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Trade figures, each with its source."""
    return _page(
        request,
        models.TradeFlow,
        sort,
        limit,
        offset,
        equal={"partner": partner, "reporter": reporter, "flow": flow, "hs": hs},
    )


@router.get("/trade/alerts", tags=["trade"])
def trade_alerts(
    request: Request,
    partner: Annotated[str | None, Query(max_length=8)] = None,
    lang: Annotated[str, Query(pattern="^(en|ru)$")] = "en",
) -> dict[str, Any]:
    """The trade monitor's alerts (falling turnover, widening deficit, ...) with sources;
    ``lang=ru`` writes each message (and adds its title) in Russian from its numbers."""
    from coopatlas.web.atlas import alert_messages, alerts

    return {"items": alert_messages(alerts(_engine(request), partner), lang)}


@router.get(
    "/briefings/{code}",
    tags=["trade"],
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
)
def briefing(
    request: Request,
    code: str,
    lang: Annotated[str, Query(pattern="^(en|ru)$")] = "en",
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
) -> Response:
    """A region's briefing: footnoted figures, charts, map, projects, documents (HTML or PDF)."""
    from coopatlas.web import atlas

    if queries.region(_engine(request), code) is None:
        raise ApiError(404, f"code: no region {code!r}", "code")
    if format == "pdf":
        pdf = atlas.briefing_pdf(_engine(request), code, lang)
        name = f"brief-{code}-{lang}.pdf"
        disposition = {"content-disposition": f'inline; filename="{name}"'}
        return Response(pdf, media_type="application/pdf", headers=disposition)
    return HTMLResponse(atlas.briefing_html(_engine(request), code, lang))


@router.get("/projects", tags=["registry"])
def projects(
    request: Request,
    status: Annotated[str | None, Query(max_length=12)] = None,
    q: Text = None,
    sort: Sort = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(
        request,
        models.Project,
        sort,
        limit,
        offset,
        equal={"status": status},
        search=(("title", "id"), q),
    )


@router.get("/documents", tags=["intake"])
def documents(
    request: Request,
    language: Annotated[str | None, Query(pattern="^(en|ru)$")] = None,
    q: Text = None,
    sort: Sort = "-published",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(
        request,
        models.Document,
        sort,
        limit,
        offset,
        equal={"language": language},
        search=(("title", "url"), q),
    )


@router.get("/documents/{ident}", tags=["intake"])
def document(request: Request, ident: str) -> dict[str, Any]:
    t = models.table(models.Document)
    page = queries.list_rows(_engine(request), t, equal={"id": ident}, limit=1)
    if not page.items:
        raise ApiError(404, f"ident: no document {ident!r}", "ident")
    return page.items[0]


@router.get("/facts", tags=["intake"])
def facts(
    request: Request,
    status: Annotated[str | None, Query(pattern="^(pending|accepted|rejected|corrected)$")] = None,
    kind: Annotated[str | None, Query(max_length=24)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Extracted facts with their review: the extracted payload and any correction beside it."""
    total, items = review.queue(_engine(request), status, kind, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


class ReviewIn(BaseModel):
    verdict: str = Field(pattern="^(accepted|rejected|corrected)$")
    corrected_payload: str | None = Field(None, max_length=20_000, description="JSON")


@router.post("/facts/{fact_id}/review", tags=["intake"])
def review_fact(request: Request, fact_id: int, body: ReviewIn) -> dict[str, Any]:
    return review.review(
        _engine(request), fact_id, body.verdict, actor(request), body.corrected_payload
    )


@router.get("/find", tags=["matching"])
def find(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    region: Annotated[str | None, Query(max_length=8)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    lang: Annotated[str, Query(pattern="^(en|ru)$")] = "en",
) -> dict[str, Any]:
    """Who can make this component: suppliers ranked for a description (English or Russian),
    each with ``reasons`` in *lang* (``explanation`` is the matcher's English sentence)."""
    return matching.with_reasons(matching.find(_engine(request), q, region, limit), lang)


class PlanIn(BaseModel):
    first_year: int | None = Field(None, ge=2000, le=2060)
    last_year: int | None = Field(None, ge=2000, le=2060)
    budget: float | None = Field(None, ge=0)
    gap: float | None = Field(None, gt=0, lt=1)


@router.post("/plans", status_code=202, tags=["planner"])
def start_plan(request: Request, body: PlanIn) -> dict[str, Any]:
    """Start a planner run in the background; poll ``GET /api/plans/{run_id}``."""
    engine = _engine(request)
    run_id = jobs.start(
        engine, request.app.state.settings.db_url, actor(request), body.model_dump()
    )
    with engine.begin() as c:
        audit.record(c, actor(request), "plan.start", f"plan:{run_id}", None, body.model_dump())
    return {"id": run_id, "status": "queued"}


@router.get("/plans", tags=["planner"])
def plans(request: Request) -> dict[str, Any]:
    return {"items": jobs.recent(_engine(request))}


@router.get("/plans/{run_id}", tags=["planner"])
def plan(request: Request, run_id: str) -> dict[str, Any]:
    found = jobs.get(_engine(request), run_id)
    if found is None:
        raise ApiError(404, f"run_id: no planner run {run_id!r}", "run_id")
    return found


@router.get("/plans/{run_id}/report", response_class=HTMLResponse, tags=["planner"])
def plan_report(request: Request, run_id: str) -> HTMLResponse:
    found = jobs.get(_engine(request), run_id, with_report=True)
    if found is None or not found.get("report_html"):
        raise ApiError(404, f"run_id: no finished planner run {run_id!r}", "run_id")
    return HTMLResponse(found["report_html"])


@router.post("/plans/{run_id}/cancel", tags=["planner"])
def cancel_plan(request: Request, run_id: str) -> dict[str, Any]:
    if not jobs.cancel(_engine(request), run_id):
        raise ApiError(409, f"run_id: run {run_id!r} does not exist or has finished", "run_id")
    with _engine(request).begin() as c:
        audit.record(c, actor(request), "plan.cancel", f"plan:{run_id}", None, None)
    return {"id": run_id, "cancel_requested": True}


@router.post("/imports/{kind}", tags=["registry"])
async def import_file(
    request: Request,
    kind: str,
    file: Annotated[UploadFile, File(description=".csv, .xlsx, .json or .parquet")],
    upsert: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Import a file with the CLI's validation: all or nothing, every bad row named."""
    data = await file.read(edits.MAX_UPLOAD + 1)
    try:
        result = edits.import_upload(
            _engine(request), kind, file.filename or "", data, upsert, actor(request)
        )
    except UserError as exc:
        problems = [p.__dict__ for p in edits.problems_of(exc)]
        if problems:
            raise ApiError(400, str(exc).splitlines()[0], "file", problems) from exc
        raise
    return result.__dict__


class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    role: str = Field(pattern="^(viewer|analyst|editor|admin)$")
    password: str = Field(min_length=8, max_length=200)


@router.get("/users", tags=["admin"])
def users(request: Request) -> dict[str, Any]:
    return {"items": accounts.list_users(_engine(request))}


@router.post("/users", status_code=201, tags=["admin"])
def add_user(request: Request, body: UserIn) -> dict[str, Any]:
    made = accounts.add_user(_engine(request), body.name, body.role, body.password)
    with _engine(request).begin() as c:
        audit.record(c, actor(request), "user.add", f"user:{made.name}", None, {"role": made.role})
    return {"id": made.id, "name": made.name, "role": made.role}


@router.get("/audit", tags=["admin"])
def audit_log(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    total, items = audit.entries(_engine(request), limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}
