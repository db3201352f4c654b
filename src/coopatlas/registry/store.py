"""Opening the registry database and keeping its schema current.

SQLite (a file, the default) for one analyst; PostgreSQL (``postgresql+psycopg://``) for a
team. The schema is owned by the Alembic migrations in ``coopatlas/migrations``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, OperationalError

from coopatlas.errors import UserError

DEFAULT_DB = "sqlite:///coopatlas.db"
ENV_VAR = "COOPATLAS_DB"


def resolve_url(db: str | None = None) -> str:
    """The database URL from ``--db``, else ``COOPATLAS_DB``, else ``./coopatlas.db``.

    A bare path is taken as a SQLite file.
    """
    url = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def connect(db: str | None = None) -> Engine:
    """An engine for the database; SQLite gets foreign keys switched on."""
    url = resolve_url(db)
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError) as exc:
        raise UserError(f"cannot open database {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("coopatlas") / "migrations"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest migration; returns the revision now in force."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    with connect("sqlite://").connect() as connection:
        return ScriptDirectory.from_config(alembic_config(connection)).get_current_head()


def require_schema(engine: Engine) -> None:
    """Fail with a clear message when the database has not been initialised."""
    try:
        tables = set(inspect(engine).get_table_names())
    except OperationalError as exc:
        raise UserError(f"cannot open database {engine.url!r}: {exc.orig}") from exc
    if "regions" not in tables:
        raise UserError(
            f"database {engine.url.render_as_string(hide_password=True)} has no coopatlas "
            "schema; run `coopatlas db init` first"
        )


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One all-or-nothing unit of work."""
    with engine.begin() as connection:
        yield connection


def sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url.removeprefix(prefix)) if url.startswith(prefix) else None
