"""Importing a table into the registry: validate everything, then store it in one transaction.

An import is all or nothing: any bad row raises :class:`~coopatlas.errors.ImportRejected`
naming file, row, column and reason, and the database is left as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Date, Engine, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from coopatlas.errors import ImportRejected
from coopatlas.registry import models
from coopatlas.registry.formats import Table as InputTable
from coopatlas.registry.formats import read_table
from coopatlas.registry.kinds import KINDS, kind
from coopatlas.registry.store import require_schema, write
from coopatlas.registry.validate import Context, Validated, validate

Progress = Callable[[int, int], None]
log = logging.getLogger("coopatlas.registry")
CHUNK = 20_000


@dataclass(frozen=True)
class Child:
    """A list column stored as rows of a link table."""

    column: str
    table: Table
    parent: str
    value: str
    language: str | None = None


CHILDREN: dict[str, tuple[Child, ...]] = {
    "regions": (
        Child("aliases_en", models.table(models.RegionAlias), "region", "alias", "en"),
        Child("aliases_ru", models.table(models.RegionAlias), "region", "alias", "ru"),
    ),
    "enterprises": (
        Child("aliases_en", models.table(models.EnterpriseAlias), "enterprise", "alias", "en"),
        Child("aliases_ru", models.table(models.EnterpriseAlias), "enterprise", "alias", "ru"),
    ),
    "projects": (
        Child("parties", models.table(models.ProjectParty), "project", "enterprise"),
        Child("regions", models.table(models.ProjectRegion), "project", "region"),
    ),
}


@dataclass(frozen=True)
class ImportResult:
    kind: str
    source: str
    rows: int
    inserted: int
    updated: int


def load_context(connection: Connection, kind_name: str, key: tuple[str, ...]) -> Context:
    """Read the codes an import of *kind_name* may refer to, and the keys already stored."""
    r, ra = models.Region, models.RegionAlias
    regions = pd.DataFrame(
        connection.execute(select(r.code, r.name_en, r.name_ru)).all(),
        columns=["code", "name_en", "name_ru"],
    )
    aliases = pd.DataFrame(
        connection.execute(select(ra.region, ra.alias)).all(), columns=["code", "alias"]
    )
    names = pd.concat(
        [
            regions[["code", "name_en"]].set_axis(["code", "alias"], axis=1),
            regions[["code", "name_ru"]].set_axis(["code", "alias"], axis=1),
            aliases,
        ]
    )
    enterprises = connection.execute(select(models.Enterprise.id, models.Enterprise.region)).all()
    products = connection.execute(select(models.Product.code)).scalars().all()
    table = models.TABLE_OF_KIND[kind_name]
    existing = pd.DataFrame(
        connection.execute(select(*[table.c[k] for k in key])).all(), columns=list(key)
    )
    unique: dict[str, dict[str, str]] = {}
    if len(key) == 1:
        for column in table.c:
            if column.unique and column.name not in key:
                pairs = connection.execute(
                    select(column, table.c[key[0]]).where(column.is_not(None))
                ).all()
                unique[column.name] = {str(v): str(k) for v, k in pairs}
    return Context(
        unique_values=unique,
        regions=set(regions["code"]),
        region_names=dict(zip(names["alias"].str.lower(), names["code"], strict=True)),
        products=set(products),
        enterprise_regions=dict(enterprises),  # type: ignore[arg-type]
        existing_keys=existing,
    )


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, object]]:
    sub = frame[columns].astype(object)
    records: list[dict[str, object]] = sub.where(sub.notna(), None).to_dict("records")
    return records


def _bulk_insert(
    connection: Connection,
    table: Table,
    frame: pd.DataFrame,
    columns: list[str],
    done: Callable[[int], None],
) -> None:
    """Plain INSERT of many rows straight through the driver's executemany.

    SQLAlchemy's per-row parameter processing costs more than the insert itself at a million
    rows, so new rows go as tuples; values are plain Python (dates as ISO text on SQLite).
    """
    if frame.empty:
        return
    sub = frame[columns].astype(object)
    sub = sub.where(sub.notna(), None)
    if connection.dialect.name == "sqlite":
        for name in columns:
            if isinstance(table.c[name].type, Date):
                sub[name] = sub[name].map(lambda v: None if v is None else v.isoformat())
    quote = connection.dialect.identifier_preparer.quote
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    rows = list(sub.itertuples(index=False, name=None))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        connection.exec_driver_sql(sql, chunk)
        done(len(chunk))


def _insert(
    connection: Connection,
    table: Table,
    frame: pd.DataFrame,
    columns: list[str],
    conflict: tuple[str, ...] | None,
    done: Callable[[int], None],
) -> None:
    if conflict is None:
        _bulk_insert(connection, table, frame, columns, done)
        return
    rows = _records(frame, columns)
    if not rows:
        return
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[connection.dialect.name]
    upsert = dialect.insert(table)
    updates = {c: upsert.excluded[c] for c in columns if c not in conflict}
    statement = (
        upsert.on_conflict_do_update(index_elements=list(conflict), set_=updates)
        if updates
        else upsert.on_conflict_do_nothing(index_elements=list(conflict))
    )
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        connection.execute(statement, chunk)
        done(len(chunk))


def store(
    connection: Connection, checked: Validated, upsert: bool, progress: Progress | None = None
) -> None:
    """Write a validated table (main rows, then link rows) on *connection*."""
    spec, frame = checked.kind, checked.frame
    table = models.TABLE_OF_KIND[spec.name]
    if spec.name == "products":
        frame = frame.sort_values("level", kind="stable")
    children = CHILDREN.get(spec.name, ())
    columns = [c.name for c in spec.columns if c.name in table.c]
    if spec.name == "products":
        columns.append("level")
    total = len(frame) * (1 + len(children))
    written = 0

    def done(n: int) -> None:
        nonlocal written
        written += n
        if progress:
            progress(written, total)

    conflict = spec.key if upsert and bool(checked.exists.any()) else None
    _insert(connection, table, frame, columns, conflict, done)
    key = spec.key[0]
    for child in children:
        if upsert:
            replaced = frame.loc[checked.exists, key].tolist()
            where = child.table.c[child.parent]
            for start in range(0, len(replaced), CHUNK):
                condition: ColumnElement[bool] = where.in_(replaced[start : start + CHUNK])
                if child.language:
                    condition = condition & (child.table.c["language"] == child.language)
                connection.execute(delete(child.table).where(condition))
        links = frame[[key, child.column]].explode(child.column).dropna()
        links = links.drop_duplicates().set_axis([child.parent, child.value], axis=1)
        if child.language:
            links["language"] = child.language
        _insert(connection, child.table, links, list(links.columns), None, lambda n: None)
        done(len(frame))


def import_table(
    engine: Engine,
    kind_name: str,
    table: InputTable,
    source: str,
    upsert: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate *table* as *kind_name* rows and store it, all or nothing."""
    if kind_name not in KINDS:
        raise ValueError(kind_name)
    require_schema(engine)

    def work(connection: Connection) -> Validated:
        context = load_context(connection, kind_name, kind(kind_name).key)
        checked = validate(kind_name, table, context, upsert=upsert)
        if checked.problems:
            raise ImportRejected(source, checked.problems, checked.bad_rows)
        log.info("%s: %d %s rows valid; storing", source, len(checked.frame), kind_name)
        store(connection, checked, upsert, progress)
        return checked

    checked = write(engine, work, log.warning)
    updated = int(checked.exists.sum())
    return ImportResult(
        kind_name, source, len(checked.frame), len(checked.frame) - updated, updated
    )


def import_file(
    engine: Engine,
    kind_name: str,
    path: Path,
    upsert: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Read *path* (CSV, XLSX, JSON or Parquet) and import it as *kind_name* rows."""
    table = read_table(path)
    log.info("%s: read %d rows (%s)", path, len(table.frame), ", ".join(table.frame.columns))
    return import_table(engine, kind_name, table, str(path), upsert, progress)
