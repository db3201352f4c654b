"""Where `match all` keeps its candidate set: a Parquet (or CSV) file.

For a SQLite registry the default is ``<database>.matches.parquet`` beside the database
file; for PostgreSQL it is ``matches.parquet`` in the working folder. A file rather than a
table: the set is rebuilt whole from the registry by one command, is read whole by the
planner and by analysts (pandas, DuckDB), and needs no migration.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from coopatlas.errors import UserError


def default_path(engine: Engine) -> Path:
    from coopatlas.registry.store import sqlite_path

    db = sqlite_path(engine.url.render_as_string(hide_password=False))
    return db.with_suffix(".matches.parquet") if db else Path("matches.parquet")


def write_matches(frame: pd.DataFrame, path: Path) -> None:
    """Write all-or-nothing: to a temporary file first, then renamed over *path*."""
    tmp = path.with_name(path.name + ".tmp")
    if path.suffix == ".csv":
        frame.to_csv(tmp, index=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(tmp, index=False)
    else:
        raise UserError(f"{path}: write .parquet or .csv")
    tmp.replace(path)


def read_matches(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise UserError(f"{path}: no matches yet (run `coopatlas match all`)")
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str)
