"""The API's behaviour: edits with their audit trail, review, uploads, hostile input, plans."""

from __future__ import annotations

import io
import json
import time

import pandas as pd
import pytest
import sqlalchemy as sa

from coopatlas.registry import models

XSS = "<script>alert(1)</script>"


def test_enterprise_create_edit_delete_is_audited(as_role, world) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    r = editor.post(
        "/api/enterprises",
        json={"id": "test-works", "name_en": "Test Works", "region": "RU-LIP", "city": "Lipetsk"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["name_en"] == "Test Works"
    r = editor.patch("/api/enterprises/test-works", json={"city": "Yelets"})
    assert r.status_code == 200 and r.json()["city"] == "Yelets"
    assert editor.delete("/api/enterprises/test-works").status_code == 204
    assert editor.get("/api/enterprises/test-works").status_code == 404
    entries = as_role("admin").get("/api/audit").json()["items"]
    actions = [(e["action"], e["actor"]) for e in entries[:3]]
    assert actions == [
        ("enterprise.delete", "editor"),
        ("enterprise.update", "editor"),
        ("enterprise.create", "editor"),
    ]
    update = entries[1]
    assert json.loads(update["before"])["city"] == "Lipetsk"
    assert json.loads(update["after"])["city"] == "Yelets"


def test_edit_errors_name_the_field_and_store_nothing(as_role, world) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    r = editor.post("/api/enterprises", json={"id": "x-1", "name_en": "X", "region": "RU-XXX"})
    assert r.status_code == 400
    assert "region" in r.json()["error"]["message"]
    r = editor.post("/api/enterprises", json={"id": "Bad Id!", "name_en": "X", "region": "RU-LIP"})
    assert r.status_code == 400 and "id" in r.json()["error"]["message"]
    r = editor.delete("/api/enterprises/maz")  # MAZ has capabilities and projects
    assert r.status_code == 409 and "referred to" in r.json()["error"]["message"]
    r = editor.post("/api/enterprises", json={"id": "x-2"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "name_en"
    assert as_role("admin").get("/api/audit").json()["total"] == 0


def test_xss_name_is_text_everywhere(as_role) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    r = editor.post(
        "/api/enterprises", json={"id": "xss", "name_en": XSS, "name_ru": XSS, "region": "RU-LIP"}
    )
    assert r.status_code == 201, r.text
    pages = [
        "/enterprises/xss",
        "/enterprises",
        "/enterprises?q=script",
        "/regions/RU-LIP",
        "/audit",
    ]
    admin = as_role("admin")
    for path in pages:
        body = admin.get(path).text
        assert XSS not in body, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, path
    for lang in ("ru", "en"):
        admin.get(f"/lang/{lang}")
        assert XSS not in admin.get("/enterprises/xss").text
    exported = admin.get("/api/enterprises?q=script").json()["items"][0]
    assert exported["name_en"] == XSS  # JSON carries the text as text
    assert (
        admin.get("/api/enterprises?q=script")
        .headers["content-type"]
        .startswith("application/json")
    )


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "name_en; DROP TABLE enterprises"},
        {"sort": "-(SELECT 1)"},
        {"region": "' OR '1'='1"},
        {"q": "%' OR 1=1 --"},
        {"sector": 'x"; DELETE FROM enterprises; --'},
    ],
)
def test_sql_injection_changes_nothing(client, world, params) -> None:  # type: ignore[no-untyped-def]
    engine = sa.create_engine(world.url)
    with engine.connect() as c:
        before = c.execute(sa.text("SELECT count(*) FROM enterprises")).scalar_one()
    r = client.get("/api/enterprises", params=params)
    assert r.status_code in (200, 400, 422)
    if r.status_code == 200:
        assert r.json()["total"] == 0  # the text matched as text, not as SQL
    else:
        assert r.json()["error"]["field"] in ("sort", "region")
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT count(*) FROM enterprises")).scalar_one() == before
    engine.dispose()


def _csv(rows: str) -> bytes:
    return ("id,name_en,region\n" + rows).encode()


def test_upload_good_file_is_imported_and_audited(as_role) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    data = _csv("up-one,Upload One,RU-LIP\nup-two,Upload Two,BY-MI\n")
    r = editor.post("/api/imports/enterprises", files={"file": ("new.csv", data, "text/csv")})
    assert r.status_code == 200, r.text
    assert r.json()["inserted"] == 2
    assert editor.get("/api/enterprises/up-two").json()["region"] == "BY-MI"
    top = as_role("admin").get("/api/audit").json()["items"][0]
    assert top["action"] == "import.enterprises" and top["target"] == "file:new.csv"


@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [
        ("bad.csv", _csv("ok-one,Fine,RU-LIP\nBAD ID,Broken,RU-NOPE\n"), '"row": 3'),
        ("data.exe", b"MZ\x00\x00", "unknown file type"),
        ("empty.csv", b"", "empty"),
        ("binary.csv", b"\x00\x01\x02" * 100, "binary"),
        ("broken.xlsx", b"PK not really a workbook", "not a readable .xlsx"),
        ("broken.json", b"{not json", "broken.json"),
        ("huge.csv", b"id,name_en,region\n" + b"x" * (10 * 1024 * 1024 + 10), "at most 10 MB"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(as_role, world, name, data, expect) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    r = editor.post(
        "/api/imports/enterprises", files={"file": (name, data, "application/octet-stream")}
    )
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert expect in error["message"] + json.dumps(error.get("problems")), error
    assert editor.get("/api/enterprises/ok-one").status_code == 404  # all or nothing


def test_upload_page_shows_per_row_errors(as_role) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    data = _csv("ok-one,Fine,RU-LIP\nBAD ID,Broken,RU-NOPE\n")
    r = editor.post(
        "/upload", data={"kind": "enterprises"}, files={"file": ("bad.csv", data, "text/csv")}
    )
    assert r.status_code == 400
    tables = pd.read_html(io.StringIO(r.text))
    problems = tables[0]
    assert set(problems["Row"]) == {3}
    assert {"id", "region"} <= set(problems["Column"])


def test_review_keeps_the_extracted_value_beside_the_correction(as_role, world) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    pending = editor.get("/api/facts?status=pending").json()
    assert pending["total"] > 0
    fact = pending["items"][0]
    r = editor.post(
        f"/api/facts/{fact['id']}/review",
        json={"verdict": "corrected", "corrected_payload": '{"value": 1}'},
    )
    assert r.status_code == 200, r.text
    after = editor.get("/api/facts?status=corrected").json()["items"][0]
    assert after["payload"] == fact["payload"]  # extracted value untouched
    assert json.loads(after["corrected_payload"]) == {"value": 1}
    r = editor.post(
        f"/api/facts/{fact['id']}/review",
        json={"verdict": "corrected", "corrected_payload": "{oops"},
    )
    assert r.status_code == 400 and r.json()["error"]["field"] == "corrected_payload"
    entry = as_role("admin").get("/api/audit").json()["items"][0]
    assert entry["action"] == "fact.corrected" and entry["target"] == f"fact:{fact['id']}"


def test_csrf_is_required_with_a_session(as_role) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    del editor.headers["x-csrftoken"]
    r = editor.post("/api/enterprises", json={"id": "csrf", "name_en": "C", "region": "RU-LIP"})
    assert r.status_code == 403 and "CSRF" in r.text


def test_session_cookie_flags(app, world) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from coopatlas.web.app import Settings, create_app
    from tests.web.conftest import login

    with TestClient(app) as c:
        c.get("/login")
        c.headers["x-csrftoken"] = c.cookies["csrftoken"]
        r = c.post("/login", data={"name": "viewer", "password": "correct horse battery"})
        cookie = next(
            h for h in r.headers.get_list("set-cookie") if h.startswith("coopatlas_session")
        )
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
        assert "secure" not in cookie.lower()
    https = create_app(Settings(db_url=world.url, secret="s", https=True))
    with TestClient(https, base_url="https://testserver") as c:
        login(c, "viewer")
    with TestClient(https, base_url="https://testserver") as c:
        c.get("/login")
        c.headers["x-csrftoken"] = c.cookies["csrftoken"]
        r = c.post("/login", data={"name": "viewer", "password": "correct horse battery"})
        cookie = next(
            h for h in r.headers.get_list("set-cookie") if h.startswith("coopatlas_session")
        )
        assert "secure" in cookie.lower()
    https.state.engine.dispose()


def test_passwords_are_argon2_and_tokens_hashed(world) -> None:  # type: ignore[no-untyped-def]
    engine = sa.create_engine(world.url)
    with engine.connect() as c:
        hashes = c.execute(sa.select(models.User.password_hash)).scalars().all()
        tokens = c.execute(sa.select(models.ApiToken.token_hash)).scalars().all()
    engine.dispose()
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not set(tokens) & set(world.tokens.values())


def test_login_is_rate_limited(app) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        c.get("/login")
        c.headers["x-csrftoken"] = c.cookies["csrftoken"]
        codes = [
            c.post("/login", data={"name": "admin", "password": "wrong password"}).status_code
            for _ in range(12)
        ]
    assert codes[:10] == [401] * 10
    assert codes[10:] == [429, 429]


def test_plan_run_in_the_background(as_role) -> None:  # type: ignore[no-untyped-def]
    analyst = as_role("analyst")
    r = analyst.post("/api/plans", json={"first_year": 2024, "last_year": 2026})
    assert r.status_code == 202, r.text
    run_id = r.json()["id"]
    deadline = time.monotonic() + 120
    seen = set()
    while time.monotonic() < deadline:
        run = analyst.get(f"/api/plans/{run_id}").json()
        seen.add(run["status"])
        if run["status"] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.3)
    assert run["status"] == "done", run
    assert run["progress"] == 1.0
    assert run["summary"]["stages"] and run["summary"]["roadmap"]
    report = analyst.get(f"/api/plans/{run_id}/report")
    assert report.status_code == 200 and "<html" in report.text.lower()
    assert analyst.post(f"/api/plans/{run_id}/cancel").status_code == 409


def test_plan_run_can_be_cancelled(as_role) -> None:  # type: ignore[no-untyped-def]
    analyst = as_role("analyst")
    run_id = analyst.post("/api/plans", json={}).json()["id"]
    assert analyst.post(f"/api/plans/{run_id}/cancel").status_code == 200
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = analyst.get(f"/api/plans/{run_id}").json()["status"]
        if status in ("done", "failed", "cancelled"):
            break
        time.sleep(0.2)
    assert status == "cancelled"


def test_alerts_briefing_and_suggestions(client) -> None:  # type: ignore[no-untyped-def]
    alerts = client.get("/api/trade/alerts?partner=RU-LIP").json()["items"]
    assert all(a["partner"] == "RU-LIP" and a["message"] for a in alerts)
    page = client.get("/api/briefings/RU-LIP?lang=ru")
    assert page.status_code == 200 and "Липецк" in page.text
    assert '<script src="http' not in page.text  # no network assets
    assert client.get("/api/briefings/RU-NOPE").status_code == 404
    hs = client.get("/api/products/suggest", params={"q": "подшипники"}).json()["items"]
    assert hs[0]["heading"] == "8482"


def test_find_in_russian(as_role) -> None:  # type: ignore[no-untyped-def]
    found = as_role("analyst").get("/api/find", params={"q": "тракторы", "region": "BY-MI"})
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["hs"].startswith("8701") and body["items"]
    assert all(i["explanation"] for i in body["items"])


def test_review_of_an_id_beyond_the_databases_integers_is_404(as_role) -> None:  # type: ignore[no-untyped-def]
    editor = as_role("editor")
    r = editor.post("/api/facts/9223372036854775808/review", json={"verdict": "accepted"})
    assert r.status_code == 404, r.text
