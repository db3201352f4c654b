"""Who may call what: one rule per route (method and path template), read at every request.

Roles rise: public (anyone, signed in or not) < viewer < analyst < editor < admin. A route
that has no rule here is refused to everyone (and the authorisation test fails), so a new
endpoint cannot be exposed by forgetting it. Capabilities, costs, backlogs and demands
are commercial secrets: analyst and above.
"""

from __future__ import annotations

PUBLIC, VIEWER, ANALYST, EDITOR, ADMIN = "public", "viewer", "analyst", "editor", "admin"
LEVELS = (PUBLIC, VIEWER, ANALYST, EDITOR, ADMIN)

RULES: dict[tuple[str, str], str] = {
    # API: public aggregates
    ("GET", "/api/health"): PUBLIC,
    ("GET", "/api/docs"): PUBLIC,
    ("GET", "/api/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/api/regions"): PUBLIC,
    ("GET", "/api/regions/{code}"): PUBLIC,
    ("GET", "/api/enterprises"): PUBLIC,
    ("GET", "/api/enterprises/{ident}"): PUBLIC,
    ("GET", "/api/products"): PUBLIC,
    ("GET", "/api/products/suggest"): PUBLIC,
    ("GET", "/api/trade"): PUBLIC,
    ("GET", "/api/trade/alerts"): PUBLIC,
    ("GET", "/api/briefings/{code}"): PUBLIC,
    ("GET", "/api/projects"): PUBLIC,
    ("GET", "/api/documents"): PUBLIC,
    ("GET", "/api/documents/{ident}"): PUBLIC,
    # signed in
    ("GET", "/api/me"): VIEWER,
    ("GET", "/api/facts"): VIEWER,
    # commercial secrets, matching, planner
    ("GET", "/api/capabilities"): ANALYST,
    ("GET", "/api/demands"): ANALYST,
    ("GET", "/api/find"): ANALYST,
    ("GET", "/api/plans"): ANALYST,
    ("POST", "/api/plans"): ANALYST,
    ("GET", "/api/plans/{run_id}"): ANALYST,
    ("GET", "/api/plans/{run_id}/report"): ANALYST,
    ("POST", "/api/plans/{run_id}/cancel"): ANALYST,
    # changes
    ("POST", "/api/enterprises"): EDITOR,
    ("PATCH", "/api/enterprises/{ident}"): EDITOR,
    ("DELETE", "/api/enterprises/{ident}"): EDITOR,
    ("POST", "/api/facts/{fact_id}/review"): EDITOR,
    ("POST", "/api/imports/{kind}"): EDITOR,
    # administration
    ("GET", "/api/users"): ADMIN,
    ("POST", "/api/users"): ADMIN,
    ("GET", "/api/audit"): ADMIN,
    # pages
    ("GET", "/"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/lang/{lang}"): PUBLIC,
    ("GET", "/assets/htmx.min.js"): PUBLIC,
    ("GET", "/regions/{code}"): PUBLIC,
    ("GET", "/enterprises"): PUBLIC,
    ("GET", "/enterprises/{ident}"): PUBLIC,
    ("GET", "/match"): ANALYST,
    ("GET", "/plans"): ANALYST,
    ("POST", "/plans"): ANALYST,
    ("GET", "/plans/{run_id}"): ANALYST,
    ("GET", "/plans/{run_id}/status"): ANALYST,
    ("GET", "/plans/{run_id}/report"): ANALYST,
    ("POST", "/plans/{run_id}/cancel"): ANALYST,
    ("GET", "/review"): EDITOR,
    ("POST", "/review/{fact_id}"): EDITOR,
    ("GET", "/upload"): EDITOR,
    ("POST", "/upload"): EDITOR,
    ("GET", "/audit"): ADMIN,
}


def route_table(routes: list[object]) -> list[tuple[str, str]]:
    """(method, path) of every endpoint, included routers unfolded (FastAPI wraps them)."""
    from fastapi.routing import APIRoute

    found: list[tuple[str, str]] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            found += route_table(list(inner.routes))
        elif isinstance(route, APIRoute):
            found += [(m, route.path) for m in sorted((route.methods or set()) - {"HEAD"})]
    return found
