"""The authorisation matrix, generated from the app's route table: every route has a rule,
and each role is let in or refused (401 anonymous, 403 too low) exactly as the rule says."""

from __future__ import annotations

import re

import pytest

from coopatlas.web.rules import LEVELS, PUBLIC, RULES, route_table
from tests.web.conftest import ROLES

SAMPLES = {"code": "RU-LIP", "ident": "maz", "run_id": "nosuchrun", "fact_id": "1",
           "kind": "enterprises", "lang": "ru"}  # fmt: skip


def routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return route_table(app.routes)


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLES[m.group(1)], path)


def test_every_route_has_a_rule_and_every_rule_a_route(app) -> None:  # type: ignore[no-untyped-def]
    table = set(routes(app))
    assert not table - set(RULES), f"routes without an access rule: {sorted(table - set(RULES))}"
    assert not set(RULES) - table, f"rules for no route: {sorted(set(RULES) - table)}"
    assert set(RULES.values()) <= set(LEVELS)


def test_a_route_without_a_rule_is_refused(app, as_role) -> None:  # type: ignore[no-untyped-def]
    @app.get("/api/unruled")
    def unruled() -> dict[str, str]:
        return {"secret": "x"}

    assert as_role("admin").get("/api/unruled").status_code == 403
    assert ("GET", "/api/unruled") not in RULES


@pytest.mark.parametrize("role", [None, *ROLES])
def test_matrix(app, as_role, role: str | None) -> None:  # type: ignore[no-untyped-def]
    client = as_role(role)
    level = LEVELS.index(role) if role else 0
    for method, path in routes(app):
        if (method, path) == ("POST", "/logout"):
            continue  # would end this client's session; covered in test_pages
        need = RULES[(method, path)]
        # Bodies that the route refuses (or no body), so allowed calls change nothing.
        r = client.request(method, concrete(path), data={"first_year": "x"}, follow_redirects=False)
        where = f"{role or 'anonymous'} {method} {path}: {r.status_code} {r.text[:200]}"
        if need == PUBLIC or LEVELS.index(need) <= level:
            assert r.status_code not in (401, 403), where
            assert r.status_code < 500, where
        elif role is None:
            assert r.status_code in (401, 303), where  # pages send the browser to sign in
            if path.startswith("/api/"):
                assert r.status_code == 401, where
        else:
            assert r.status_code == 403, where


def test_anonymous_capabilities_and_writes_are_401(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/capabilities").status_code == 401
    assert client.get("/api/demands").status_code == 401
    client.cookies.clear()  # a script, not a browser: no cookies at all
    r = client.post("/api/enterprises", json={"id": "x", "name_en": "X", "region": "RU-LIP"})
    assert r.status_code == 401
    assert r.json()["error"]["message"]
    client.cookies.clear()
    assert client.patch("/api/enterprises/maz", json={"city": "x"}).status_code == 401
    client.cookies.clear()
    assert client.delete("/api/enterprises/maz").status_code == 401


def test_tokens(client, world) -> None:  # type: ignore[no-untyped-def]
    auth = {"authorization": f"Bearer {world.tokens['analyst']}"}
    assert client.get("/api/capabilities", headers=auth).status_code == 200
    assert client.get("/api/me", headers=auth).json() == {"name": "analyst", "role": "analyst"}
    bad = {"authorization": "Bearer ca_not-a-token"}
    assert client.get("/api/health", headers=bad).status_code == 401
    viewer = {"authorization": f"Bearer {world.tokens['viewer']}"}
    assert client.get("/api/capabilities", headers=viewer).status_code == 403
