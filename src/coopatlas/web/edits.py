"""Changes from the web: enterprises created, edited, deleted, and files uploaded.

Every change goes through the registry's own validator (the one ``coopatlas import`` uses),
is stored in one transaction together with its audit entry, and so is either saved and
recorded, or neither.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, select

from coopatlas.errors import ImportRejected, Problem, UserError
from coopatlas.registry import models
from coopatlas.registry.formats import FORMATS, Table, read_table
from coopatlas.registry.importer import ImportResult, load_context, store
from coopatlas.registry.kinds import KINDS, kind
from coopatlas.registry.validate import validate
from coopatlas.web import audit

ENTERPRISES = models.table(models.Enterprise)
MAX_UPLOAD = 10 * 1024 * 1024
"""Bytes; the web refuses larger files (the CLI has no such limit)."""


class Conflict(UserError):
    """The change would break a reference or duplicate a key."""


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value)


def _checked_store(
    connection: Connection, kind_name: str, record: dict[str, Any], upsert: bool, source: str
) -> None:
    frame = pd.DataFrame([{k: _cell(v) for k, v in record.items()}], dtype=object)
    table = Table(frame, pd.Series([2]))
    context = load_context(connection, kind_name, kind(kind_name).key)
    checked = validate(kind_name, table, context, upsert=upsert)
    if checked.problems:
        raise ImportRejected(source, checked.problems, checked.bad_rows)
    store(connection, checked, upsert)


def _row(connection: Connection, ident: str) -> dict[str, Any] | None:
    row = connection.execute(select(ENTERPRISES).where(ENTERPRISES.c.id == ident)).first()
    return dict(row._mapping) if row else None


def create_enterprise(engine: Engine, record: dict[str, Any], actor: str) -> dict[str, Any]:
    ident = str(record.get("id") or "")
    with engine.begin() as c:
        if ident and _row(c, ident) is not None:
            raise Conflict(f"id: enterprise {ident!r} exists already")
        _checked_store(c, "enterprises", record, False, "enterprise")
        after = _row(c, ident)
        audit.record(c, actor, "enterprise.create", f"enterprise:{ident}", None, after)
    assert after is not None
    return after


def update_enterprise(
    engine: Engine, ident: str, changes: dict[str, Any], actor: str
) -> dict[str, Any]:
    if "id" in changes and changes["id"] != ident:
        raise UserError("id: the id of an enterprise cannot be changed")
    with engine.begin() as c:
        before = _row(c, ident)
        if before is None:
            raise LookupError(ident)
        merged = {k: v for k, v in before.items() if k in kind("enterprises").names}
        merged.update(changes)
        _checked_store(c, "enterprises", merged, True, f"enterprise {ident}")
        after = _row(c, ident)
        audit.record(c, actor, "enterprise.update", f"enterprise:{ident}", before, after)
    assert after is not None
    return after


def delete_enterprise(engine: Engine, ident: str, actor: str) -> None:
    """Delete an enterprise that nothing refers to (capabilities, demands, projects)."""
    refs = {
        "capabilities": models.table(models.Capability).c.enterprise,
        "demands": models.table(models.Demand).c.buyer_enterprise,
        "projects": models.table(models.ProjectParty).c.enterprise,
        "expansion options": models.table(models.ExpansionOption).c.enterprise,
        "plant options": models.table(models.PlantOption).c.sponsor,
    }
    with engine.begin() as c:
        before = _row(c, ident)
        if before is None:
            raise LookupError(ident)
        used = [
            name
            for name, col in refs.items()
            if c.execute(select(col).where(col == ident).limit(1)).first()
        ]
        if used:
            raise Conflict(f"id: enterprise {ident!r} is still referred to by {', '.join(used)}")
        c.execute(
            delete(models.table(models.EnterpriseAlias)).where(
                models.table(models.EnterpriseAlias).c.enterprise == ident
            )
        )
        c.execute(delete(ENTERPRISES).where(ENTERPRISES.c.id == ident))
        audit.record(c, actor, "enterprise.delete", f"enterprise:{ident}", before, None)


def check_upload(kind_name: str, filename: str, size: int) -> str:
    """The file's suffix when an upload may be read at all; else a clear error."""
    if kind_name not in KINDS:
        raise UserError(f"kind: {kind_name!r} is not one of {', '.join(KINDS)}")
    suffix = Path(filename or "").suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"{filename}: unknown file type {suffix or '(none)'!r}; use one of {', '.join(FORMATS)}"
        )
    if size > MAX_UPLOAD:
        raise UserError(
            f"{filename}: the file is {size / 1e6:.1f} MB; uploads may be at most "
            f"{MAX_UPLOAD / 1e6:.0f} MB (use `coopatlas import` for larger files)"
        )
    if size == 0:
        raise UserError(f"{filename}: the file is empty")
    return suffix


def import_upload(
    engine: Engine, kind_name: str, filename: str, data: bytes, upsert: bool, actor: str
) -> ImportResult:
    """Validate and store an uploaded file like ``coopatlas import``, all or nothing, audited."""
    suffix = check_upload(kind_name, filename, len(data))
    name = Path(filename).name
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            table = read_table(path)
        except UserError as exc:
            raise UserError(str(exc).replace(str(path), name)) from exc
        except Exception as exc:  # pandas/openpyxl/pyarrow on a malformed file
            raise UserError(f"{name}: cannot be read as {suffix[1:]}: {exc}") from exc
    with engine.begin() as c:
        context = load_context(c, kind_name, kind(kind_name).key)
        checked = validate(kind_name, table, context, upsert=upsert)
        if checked.problems:
            raise ImportRejected(name, checked.problems, checked.bad_rows)
        store(c, checked, upsert)
        updated = int(checked.exists.sum())
        result = ImportResult(
            kind_name, name, len(checked.frame), len(checked.frame) - updated, updated
        )
        audit.record(
            c,
            actor,
            f"import.{kind_name}",
            f"file:{name}",
            None,
            {"rows": result.rows, "inserted": result.inserted, "updated": result.updated},
        )
    return result


def problems_of(exc: UserError) -> list[Problem]:
    """The per-row problems of a rejected import (empty for other errors)."""
    return list(getattr(exc, "problems", []) or [])
