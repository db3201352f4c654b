"""Fixtures: registry databases on SQLite and, when a server is running, PostgreSQL.

`make test` runs the suite through scripts/with-postgres.sh, which starts a throwaway
PostgreSQL server and sets COOPATLAS_TEST_PG_URL; store tests then run on both databases.
Each test gets its own copy of a database that `db init` filled once per worker.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from coopatlas import registry

PG_URL = os.environ.get("COOPATLAS_TEST_PG_URL")
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _pg_admin() -> sa.Engine:
    assert PG_URL
    return sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    assert PG_URL
    return PG_URL.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = registry.connect(f"sqlite:///{path}")
    registry.init_db(engine)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(worker_id: str) -> Iterator[str]:
    if not PG_URL:
        if os.environ.get("COOPATLAS_REQUIRE_PG"):
            pytest.fail("COOPATLAS_TEST_PG_URL is not set: run through scripts/with-postgres.sh")
        pytest.skip("no PostgreSQL server (make test starts one)")
    name = f"coopatlas_template_{worker_id}_{uuid.uuid4().hex[:6]}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    engine = registry.connect(_pg_url(name))
    registry.init_db(engine)
    engine.dispose()
    yield name
    with admin.connect() as c:
        c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


def _sqlite_copy(template: Path, tmp_path: Path) -> str:
    target = tmp_path / "coopatlas.db"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An initialised registry (schema + reference data) on each database."""
    if request.param == "sqlite":
        yield _sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
        return
    template = request.getfixturevalue("pg_template")
    name = f"coopatlas_test_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield _pg_url(name)
    with admin.connect() as c:
        c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """An initialised registry on SQLite only, for tests that are not about the store."""
    return _sqlite_copy(sqlite_template, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    engine = registry.connect(db_url)
    yield engine
    engine.dispose()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
