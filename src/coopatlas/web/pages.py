"""Server-rendered pages (Jinja2, htmx for the interactive parts): thin over the library.

Every page gets ``_`` (the language's gettext), ``fmt`` (numbers and dates for the
language), the signed-in ``user`` and the current ``lang``. Forms post with htmx, which
adds the CSRF header (see ``static/app.js``); answers to htmx are HTML fragments.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from slowapi import Limiter

from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.registry.labels import city_label, sector_label, title_in
from coopatlas.web import accounts, audit, edits, i18n, jobs, matching, queries, review
from coopatlas.web.app import HERE, ApiError, actor, language, user_of
from coopatlas.web.briefing import region_brief

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["loads"] = lambda s: json.loads(s) if s else None
templates.env.filters["sector"] = sector_label  # {{ e.sector|sector(lang) }}
templates.env.filters["city"] = city_label
templates.env.globals["title_in"] = title_in


def names_in(lang: str) -> Any:
    """``name_of(row, key="name")``: the row's name in *lang*, else in English."""
    return lambda row, key="name": row.get(f"{key}_{lang}") or row.get(f"{key}_en") or ""


def page(request: Request, name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    context.update(
        request=request,
        user=user_of(request),
        lang=lang,
        _=i18n.gettext_for(lang),
        fmt=i18n.Formats(lang),
        name_of=names_in(lang),
    )
    response = templates.TemplateResponse(request, name, context, status_code=http_status)
    if request.query_params.get("lang") == lang != request.cookies.get(i18n.COOKIE):
        _remember(response, request, lang)  # ?lang=ru is the switch: the next pages follow
    return response


def _remember(response: Response, request: Request, lang: str) -> None:
    response.set_cookie(
        i18n.COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True,
        secure=request.app.state.settings.https,
    )  # fmt: skip


def render_error(request: Request, status: int, message: str) -> Response:
    if status == 401 and request.method == "GET" and "hx-request" not in request.headers:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    if "hx-request" in request.headers:
        return HTMLResponse(
            f'<p class="error" role="alert">{_escape(message)}</p>', status_code=status
        )
    return page(request, "error.html", http_status=status, status_code=status, message=message)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _safe_next(target: str | None) -> str:
    """Only local paths: no redirect to another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return urlsplit(target).path or "/"


def make_router(limiter: Limiter, login_rate: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def dashboard(request: Request) -> HTMLResponse:
        engine = request.app.state.engine
        by_region = queries.list_rows(
            engine,
            models.table(models.Region),
            columns=("code", "name_en", "name_ru", "country"),
            limit=200,
        ).items
        from coopatlas.registry.summary import _enterprises_by_region

        top = _enterprises_by_region(engine).head(15).to_dict("records")
        docs = queries.list_rows(
            engine, models.table(models.Document), sort="-published", limit=8
        ).items
        from coopatlas.web import atlas

        return page(
            request,
            "dashboard.html",
            map_svg=atlas.map_svg(engine, language(request)),
            alerts=atlas.alert_messages(atlas.alerts(engine)[:12], language(request)),
            counts=queries.counts(engine),
            regions=by_region,
            top=top,
            documents=docs,
        )

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, "login.html", next=_safe_next(next))

    @router.post("/login")
    @limiter.limit(login_rate)
    def login(
        request: Request,
        name: str = Form(max_length=80),
        password: str = Form(max_length=200),
        next: str = Form("/"),
    ) -> Response:
        found = accounts.authenticate(request.app.state.engine, name, password)
        if found is None:
            _ = i18n.gettext_for(language(request))
            wrong = _("Wrong name or password.")
            return HTMLResponse(f'<p class="error" role="alert">{wrong}</p>', status_code=401)
        request.session.clear()
        request.session["uid"] = found.id
        return Response(status_code=204, headers={"HX-Redirect": _safe_next(next)})

    @router.post("/logout")
    def logout(request: Request) -> Response:
        request.session.clear()
        return Response(status_code=204, headers={"HX-Redirect": "/"})

    @router.get("/lang/{lang}")
    def switch_language(request: Request, lang: str, next: str = "/") -> Response:
        if lang not in i18n.LANGUAGES:
            raise ApiError(404, f"lang: no language {lang!r}", "lang")
        response = RedirectResponse(_safe_next(next), status_code=303)
        _remember(response, request, lang)
        return response

    @router.get("/regions/{code}", response_class=HTMLResponse)
    def region_page(request: Request, code: str) -> HTMLResponse:
        brief = region_brief(request.app.state.engine, code)
        if brief is None:
            raise ApiError(404, f"no region {code!r}")
        lang = language(request)
        if lang not in brief.rendered:  # the content depends on the data and the language only
            _ = i18n.gettext_for(lang)
            charts = brief.charts(lang)
            from coopatlas.web import atlas

            alerts = atlas.alert_messages(
                atlas.alerts(request.app.state.engine, brief.region["code"]), lang
            )
            brief.rendered[lang] = templates.env.get_template("region_main.html").render(
                _=_, fmt=i18n.Formats(lang), lang=lang, brief=brief, latest=brief.latest(),
                charts=charts, trade=brief.trade_rows(), alerts=alerts,
                name_of=names_in(lang),
            )  # fmt: skip
        return page(request, "region.html", brief=brief, main_html=brief.rendered[lang])

    @router.get("/enterprises", response_class=HTMLResponse)
    def enterprise_list(
        request: Request, q: str | None = None, region: str | None = None, offset: int = 0
    ) -> HTMLResponse:
        listing = queries.enterprises(
            request.app.state.engine, False, equal={"region": region}, q=q, sort="name_en",
            limit=100, offset=max(offset, 0),
        )  # fmt: skip
        return page(request, "enterprises.html", listing=listing, q=q or "", region=region or "")

    @router.get("/enterprises/{ident}", response_class=HTMLResponse)
    def enterprise_page(request: Request, ident: str) -> HTMLResponse:
        engine = request.app.state.engine
        user = user_of(request)
        full = user is not None and user.at_least("analyst")
        found = queries.enterprise(engine, ident, full)
        if found is None:
            raise ApiError(404, f"no enterprise {ident!r}")
        return page(
            request,
            "enterprise.html",
            e=found,
            full=full,
            capabilities=queries.capabilities_of(engine, ident) if full else [],
            products=queries.products_made_by(engine, ident),
            partners=queries.partners_of(engine, ident),
        )

    @router.get("/match", response_class=HTMLResponse)
    def match_page(
        request: Request, q: str | None = None, region: str | None = None
    ) -> HTMLResponse:
        result = matching.find(request.app.state.engine, q, region or None) if q else None
        if result is not None:
            result = matching.with_reasons(result, language(request))
        if "hx-request" in request.headers and result is not None:
            return page(request, "match_results.html", result=result)
        return page(request, "match.html", q=q or "", result=result)

    @router.get("/plans", response_class=HTMLResponse)
    def plans_page(request: Request) -> HTMLResponse:
        return page(request, "plans.html", runs=jobs.recent(request.app.state.engine))

    @router.post("/plans")
    def plans_start(
        request: Request,
        first_year: str = Form(""),
        last_year: str = Form(""),
        budget: str = Form(""),
    ) -> Response:
        engine = request.app.state.engine
        options = {"first_year": first_year, "last_year": last_year, "budget": budget}
        run_id = jobs.start(engine, request.app.state.settings.db_url, actor(request), options)
        with engine.begin() as c:
            audit.record(c, actor(request), "plan.start", f"plan:{run_id}", None, options)
        return Response(status_code=204, headers={"HX-Redirect": f"/plans/{run_id}"})

    def _run(request: Request, run_id: str) -> dict[str, Any]:
        found = jobs.get(request.app.state.engine, run_id)
        if found is None:
            raise ApiError(404, f"no planner run {run_id!r}")
        return found

    @router.get("/plans/{run_id}", response_class=HTMLResponse)
    def plan_page(request: Request, run_id: str) -> HTMLResponse:
        return page(request, "plan.html", run=_run(request, run_id))

    @router.get("/plans/{run_id}/status", response_class=HTMLResponse)
    def plan_status(request: Request, run_id: str) -> HTMLResponse:
        return page(request, "plan_status.html", run=_run(request, run_id))

    @router.get("/plans/{run_id}/report", response_class=HTMLResponse)
    def plan_report(request: Request, run_id: str) -> HTMLResponse:
        found = jobs.get(request.app.state.engine, run_id, with_report=True)
        if not found or not found.get("report_html"):
            raise ApiError(404, f"no finished planner run {run_id!r}")
        return HTMLResponse(found["report_html"])

    @router.post("/plans/{run_id}/cancel", response_class=HTMLResponse)
    def plan_cancel(request: Request, run_id: str) -> HTMLResponse:
        engine = request.app.state.engine
        if jobs.cancel(engine, run_id):
            with engine.begin() as c:
                audit.record(c, actor(request), "plan.cancel", f"plan:{run_id}", None, None)
        return page(request, "plan_status.html", run=_run(request, run_id))

    @router.get("/review", response_class=HTMLResponse)
    def review_page(request: Request, status: str = "pending", offset: int = 0) -> HTMLResponse:
        total, items = review.queue(
            request.app.state.engine, status or None, None, 50, max(offset, 0)
        )
        return page(request, "review.html", total=total, facts=items, status=status)

    @router.post("/review/{fact_id}", response_class=HTMLResponse)
    def review_fact(
        request: Request,
        fact_id: int,
        verdict: str = Form(max_length=12),
        corrected_payload: str = Form("", max_length=20_000),
    ) -> HTMLResponse:
        engine = request.app.state.engine
        review.review(engine, fact_id, verdict, actor(request), corrected_payload or None)
        _total, items = review.queue(engine, None, None, 10_000, 0)
        fact = next(f for f in items if f["id"] == fact_id)
        return page(request, "fact_row.html", f=fact)

    @router.get("/upload", response_class=HTMLResponse)
    def upload_page(request: Request) -> HTMLResponse:
        from coopatlas.registry.kinds import KINDS

        return page(request, "upload.html", kinds=KINDS, max_mb=edits.MAX_UPLOAD // 1_000_000)

    @router.post("/upload", response_class=HTMLResponse)
    async def upload(
        request: Request,
        kind: str = Form(max_length=20),
        file: UploadFile = File(),
        upsert: bool = Form(False),
    ) -> HTMLResponse:
        data = await file.read(edits.MAX_UPLOAD + 1)
        name = file.filename or ""
        try:
            result = edits.import_upload(
                request.app.state.engine, kind, name, data, upsert, actor(request)
            )
        except UserError as exc:
            return page(
                request,
                "upload_result.html",
                http_status=400,
                error=str(exc).splitlines()[0],
                problems=edits.problems_of(exc),
                lines=str(exc).splitlines()[1:],
            )
        return page(request, "upload_result.html", result=result)

    @router.get("/audit", response_class=HTMLResponse)
    def audit_page(request: Request, offset: int = 0) -> HTMLResponse:
        total, items = audit.entries(request.app.state.engine, 100, max(offset, 0))
        return page(request, "audit.html", total=total, entries=items, offset=offset)

    return router
