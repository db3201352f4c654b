"""Two `coopatlas serve` workers against one PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from coopatlas import registry
from coopatlas.web import accounts
from tests.conftest import _pg_admin, _pg_url
from tests.web.test_browser import start_server

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    template = request.getfixturevalue("pg_template")
    name = f"coopatlas_web_{uuid.uuid4().hex[:10]}"
    with _pg_admin().connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield _pg_url(name)
    with _pg_admin().connect() as c:
        c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_two_workers_on_postgresql(pg_url: str) -> None:
    engine = registry.connect(pg_url)
    registry.upgrade(engine)
    accounts.add_user(engine, "ed", "editor", "a long password")
    token = accounts.create_token(engine, "ed")
    engine.dispose()
    proc, base = start_server(pg_url, workers=2)
    try:
        auth = {"authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, timeout=10) as client:
            workers = set()
            for _ in range(40):
                # A fresh connection each time, so the kernel may hand it to either worker.
                health = httpx.get(base + "/api/health", timeout=10).json()
                assert health["database"] == "postgresql"
                workers.add(health["worker"])
            assert len(workers) == 2, workers
            made = client.post(
                "/api/enterprises",
                json={"id": "pg-works", "name_en": "PG Works", "region": "RU-LIP"},
                headers=auth,
            )
            assert made.status_code == 201, made.text
            for _ in range(10):  # every worker sees the saved edit
                r = httpx.get(base + "/api/enterprises/pg-works", timeout=10)
                assert r.status_code == 200 and r.json()["name_en"] == "PG Works"
    finally:
        proc.terminate()
        proc.wait(15)
