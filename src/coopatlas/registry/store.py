"""Opening the registry database and keeping its schema current.

SQLite (a file, the default) for one analyst; PostgreSQL (``postgresql+psycopg://``) for a
team. The schema is owned by the Alembic migrations in ``coopatlas/migrations``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError

from coopatlas.errors import UserError
from coopatlas.registry.url import resolve_url as resolve_url
from coopatlas.registry.url import sqlite_path as sqlite_path

LOCK_ENV_VAR = "COOPATLAS_LOCK_TIMEOUT"
LOCK_TIMEOUT = 60.0
"""Seconds a writer waits for another writer's lock on a SQLite file before giving up."""
SQLITE_BUSY_SECONDS = 2.0
"""SQLite's own busy timeout per statement; the retry loop of :func:`write` waits longer."""

log = logging.getLogger("coopatlas.registry")
T = TypeVar("T")


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def connect(db: str | None = None, create: bool = True) -> Engine:
    """An engine for the database; SQLite gets foreign keys switched on.

    With ``create=False`` a SQLite file that does not exist is an error instead of being
    created empty: commands that only read must not leave an empty database behind.
    """
    url = resolve_url(db)
    path = sqlite_path(url)
    uri = path is not None and (str(path).startswith("file:") or "uri=true" in url)
    if path is not None and not uri and str(path) not in ("", ":memory:"):
        if not create and not path.exists():
            raise UserError(
                f"database {path}: no such file; give the right --db "
                "(or run `coopatlas db init` to create it)"
            )
        if not path.parent.exists():
            raise UserError(
                f"database {path}: the folder {path.parent} does not exist; create it first"
            )
    try:
        connect_args = {"timeout": SQLITE_BUSY_SECONDS} if path is not None else {}
        engine = create_engine(url, future=True, connect_args=connect_args)
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


def is_locked(exc: BaseException) -> bool:
    """Whether *exc* is SQLite's "another connection holds the write lock"."""
    text = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, OperationalError) and ("locked" in text or "busy" in text)


def lock_timeout() -> float:
    try:
        return float(os.environ.get(LOCK_ENV_VAR, LOCK_TIMEOUT))
    except ValueError:
        return LOCK_TIMEOUT


def write(
    engine: Engine,
    work: Callable[[Connection], T],
    waiting: Callable[[str], None] | None = None,
    timeout: float | None = None,
) -> T:
    """Run *work* in one transaction, again from the start while another writer holds the lock.

    An import reads the keys already stored and then writes, so it is repeated whole: the
    second of two writers re-validates against what the first stored (on PostgreSQL a
    unique-key clash with a concurrent import is retried the same way, once). *waiting*
    gets a line each time the writer waits; after *timeout* seconds the database is called
    locked in words.
    """
    limit = lock_timeout() if timeout is None else timeout
    started = time.monotonic()
    clashes = 0
    name = engine.url.render_as_string(hide_password=True)
    while True:
        try:
            with engine.begin() as connection:
                log.info("transaction on %s", name)
                result = work(connection)
            log.info("committed on %s", name)
            return result
        except OperationalError as exc:
            if not is_locked(exc):
                raise
            waited = time.monotonic() - started
            if waited >= limit:
                raise UserError(
                    f"database {name}: still locked by another writer after {waited:.0f} s; "
                    f"nothing was stored. Try again when the other import has finished "
                    f"(or wait longer: {LOCK_ENV_VAR}=seconds)"
                ) from exc
            if waiting:
                waiting(
                    f"database {name} is locked by another writer; waiting "
                    f"({waited:.0f} s of {limit:.0f} s)"
                )
            time.sleep(0.5)
        except IntegrityError as exc:
            clashes += 1
            if clashes > 2:
                raise UserError(
                    f"database {name}: the rows clash with rows stored meanwhile or with a "
                    f"rule of the database ({exc.orig}); nothing was stored. If another import "
                    "ran at the same time, run this one again (--upsert replaces rows)"
                ) from exc
            log.info("key clash with a concurrent writer; running the transaction again")
