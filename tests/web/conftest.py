"""Web fixtures: the default dataset plus intake facts, one user per role, test clients.

The world is built once per test worker (the default dataset on SQLite, the intake test
articles read in for facts to review) and copied for each test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coopatlas import registry
from coopatlas.intake.store import add_files
from coopatlas.registry.dataset import load_default_dataset
from coopatlas.web import accounts
from coopatlas.web.app import SESSION_COOKIE, Settings, create_app

ARTICLES = Path(__file__).resolve().parents[1] / "intake" / "articles"
ROLES = ("viewer", "analyst", "editor", "admin")
PASSWORD = "correct horse battery"


@dataclass
class World:
    url: str
    path: Path
    tokens: dict[str, str]


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("webworld") / "world.db"
    engine = registry.connect(f"sqlite:///{path}")
    registry.init_db(engine)
    load_default_dataset(engine)
    add_files(engine, sorted(ARTICLES.glob("*.txt")))
    tokens = {}
    for role in ROLES:
        accounts.add_user(engine, role, role, PASSWORD)
        tokens[role] = accounts.create_token(engine, role, "tests")
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path, tokens


@pytest.fixture
def world(web_template: tuple[Path, dict[str, str]], tmp_path: Path) -> World:
    source, tokens = web_template
    target = tmp_path / "coopatlas.db"
    shutil.copy(source, target)
    return World(f"sqlite:///{target}", target, tokens)


@pytest.fixture
def app(world: World):  # type: ignore[no-untyped-def]
    application = create_app(Settings(db_url=world.url, secret="test-secret"))
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


def login(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    """Sign in through the login form, as a browser does (CSRF cookie and header)."""
    client.get("/login")
    token = client.cookies.get("csrftoken")
    assert token, "the login page sets the CSRF cookie"
    client.headers["x-csrftoken"] = token
    r = client.post("/login", data={"name": name, "password": password, "next": "/"})
    assert r.status_code == 204, r.text
    assert SESSION_COOKIE in client.cookies
    return client


@pytest.fixture
def as_role(app):  # type: ignore[no-untyped-def]
    """as_role("editor") -> a TestClient signed in as that role (None: anonymous)."""
    clients: list[TestClient] = []

    def make(role: str | None) -> TestClient:
        c = TestClient(app)
        clients.append(c)
        if role:
            return login(c, role)
        c.get("/login")  # a browser that has seen a page: it has (and sends) the CSRF token
        c.headers["x-csrftoken"] = c.cookies["csrftoken"]
        return c

    yield make
    for c in clients:
        c.close()
