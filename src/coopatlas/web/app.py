"""The FastAPI application: middleware, authorisation, errors, assets, and the two routers.

``create_app(Settings(...))`` builds it; ``coopatlas serve`` runs it with uvicorn
(``coopatlas.web.app:from_environment`` in each worker process).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from starlette.middleware.sessions import SessionMiddleware
from starlette_csrf.middleware import CSRFMiddleware

from coopatlas import registry
from coopatlas.errors import UserError
from coopatlas.web import accounts, i18n
from coopatlas.web.accounts import Account
from coopatlas.web.queries import QueryError
from coopatlas.web.rules import PUBLIC, RULES

log = logging.getLogger("coopatlas.web")
HERE = Path(__file__).parent
SESSION_COOKIE = "coopatlas_session"


def _node_modules() -> Path:
    env = os.environ.get("COOPATLAS_NODE_MODULES")
    if env:
        return Path(env)
    for parent in HERE.parents:
        if (parent / "node_modules").is_dir():
            return parent / "node_modules"
    return Path.cwd() / "node_modules"


@dataclass
class Settings:
    """What a server needs; every worker of one server must get the same ``secret``."""

    db_url: str
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    https: bool = False
    login_rate: str = "10/minute"
    node_modules: Path = field(default_factory=_node_modules)


class ApiError(Exception):
    """An error answered as ``{"error": {"message", "field"}}`` (or as an error page)."""

    def __init__(
        self,
        status: int,
        message: str,
        field: str | None = None,
        problems: list[dict[str, Any]] | None = None,
    ):
        super().__init__(message)
        self.status, self.message, self.field, self.problems = status, message, field, problems


FIELD = re.compile(r"^([a-z_][a-z0-9_, ]{0,60}): ")


def _field_of(message: str) -> str | None:
    m = FIELD.match(message)
    return m.group(1) if m else None


def current_account(request: Request) -> Account | None:
    """The caller: a bearer token, else the session's user, else ``None``."""
    engine = request.app.state.engine
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        found = accounts.token_account(engine, header[7:].strip())
        if found is None:
            raise ApiError(401, "the API token is not valid (or was revoked)")
        return found
    uid = request.session.get("uid") if "session" in request.scope else None
    return accounts.account(engine, int(uid)) if uid is not None else None


def authorise(request: Request) -> None:
    """Apply the route's rule from :data:`RULES`; no rule, no access."""
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    method = "GET" if request.method == "HEAD" else request.method
    need = RULES.get((method, path))
    if need is None:
        log.error("no access rule for %s %s: refused", method, path)
        raise ApiError(403, f"no access rule for {method} {path}")
    has_credentials = "authorization" in request.headers or SESSION_COOKIE in request.cookies
    user = current_account(request) if has_credentials else None
    request.state.user = user
    if need == PUBLIC:
        return
    if user is None:
        raise ApiError(401, "sign in (or send an API token) to use this")
    if not user.at_least(need):
        raise ApiError(403, f"this needs the {need} role; you are {user.role}")


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def error_response(
    request: Request,
    status: int,
    message: str,
    field: str | None,
    problems: list[dict[str, Any]] | None = None,
) -> Response:
    if not wants_html(request):
        body: dict[str, Any] = {"message": message, "field": field}
        if problems is not None:
            body["problems"] = problems
        return JSONResponse({"error": body}, status_code=status)
    from coopatlas.web.pages import render_error

    return render_error(request, status, message)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.message, exc.field, exc.problems)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), None)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(request, 404, "not found", None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(loc) or None
        return error_response(request, 422, f"{field or 'request'}: {first.get('msg')}", field)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, str(exc), exc.field)

    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> Response:
        status = 409 if type(exc).__name__ == "Conflict" else 400
        return error_response(request, status, str(exc), _field_of(str(exc)))

    @app.exception_handler(LookupError)
    async def missing(request: Request, exc: LookupError) -> Response:
        return error_response(request, 404, f"not found: {exc.args[0] if exc.args else ''}", None)

    @app.exception_handler(RateLimitExceeded)
    async def limited(request: Request, exc: RateLimitExceeded) -> Response:
        return error_response(
            request, 429, f"too many sign-in attempts ({exc.detail}); wait and try again", None
        )

    @app.exception_handler(SQLAlchemyError)
    async def database(request: Request, exc: SQLAlchemyError) -> Response:
        reason = str(exc.orig if isinstance(exc, DBAPIError) else exc).splitlines()[0]
        log.error("database error on %s %s: %s", request.method, request.url.path, reason)
        return error_response(
            request, 503, f"the database is not available or refused the change: {reason}", None
        )

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(
            request, 500, f"internal error ({type(exc).__name__}); it has been logged", None
        )


def create_app(settings: Settings) -> FastAPI:
    from coopatlas.web import api, jobs, pages

    engine = registry.connect(settings.db_url)
    registry.require_schema(engine)
    jobs.reap(engine)  # runs left "running" by a server that stopped
    app = FastAPIOffline(
        title="coopatlas",
        version="0.1.0",
        description="The industrial cooperation atlas and planner: regions, enterprises, "
        "trade, documents and facts, matching, planner runs. Errors are "
        '`{"error": {"message", "field"}}`.',
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
        static_url="/assets/api-docs",
        dependencies=[Depends(authorise)],
    )
    app.state.engine = engine
    app.state.settings = settings
    app.state.limiter = Limiter(key_func=get_remote_address)
    _install_errors(app)
    app.include_router(api.router)
    app.include_router(pages.make_router(app.state.limiter, settings.login_rate))
    app.mount("/assets/static", StaticFiles(directory=HERE / "static"), name="static")
    htmx = settings.node_modules / "htmx.org" / "dist" / "htmx.min.js"

    @app.get("/assets/htmx.min.js", include_in_schema=False)
    def htmx_js() -> Response:
        if not htmx.is_file():
            log.error("htmx is not installed at %s: run `make` (npm install)", htmx)
            raise ApiError(503, "htmx is not installed on this server: run `make`")
        return FileResponse(
            htmx, media_type="text/javascript", headers={"cache-control": "max-age=3600"}
        )

    # Order: the last added runs first. Sessions must wrap CSRF, which needs the cookies.
    app.add_middleware(
        CSRFMiddleware,
        secret=settings.secret,
        # Checked whenever a browser sends our cookies; scripts with a bearer token send none.
        sensitive_cookies={SESSION_COOKIE, "csrftoken"},
        cookie_secure=settings.https,
        cookie_samesite="strict",
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret,
        session_cookie=SESSION_COOKIE,
        max_age=12 * 3600,
        same_site="lax",
        https_only=settings.https,
    )
    return app


def from_environment() -> FastAPI:
    """The app of one ``coopatlas serve`` worker: settings from the environment."""
    return create_app(
        Settings(
            db_url=registry.resolve_url(None),
            secret=os.environ["COOPATLAS_SECRET"],
            https=os.environ.get("COOPATLAS_HTTPS") == "1",
            login_rate=os.environ.get("COOPATLAS_LOGIN_RATE", "10/minute"),
        )
    )


def language(request: Request) -> str:
    """``?lang=ru`` on the address, else the switch's cookie, else the browser's language."""
    return i18n.choose(
        request.cookies.get(i18n.COOKIE),
        request.headers.get("accept-language"),
        request.query_params.get("lang"),
    )


def user_of(request: Request) -> Account | None:
    user: Account | None = getattr(request.state, "user", None)
    return user


def actor(request: Request) -> str:
    user = user_of(request)
    return user.name if user else "anonymous"
