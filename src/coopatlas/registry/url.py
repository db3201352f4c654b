"""Which database a command means: ``--db``, else ``COOPATLAS_DB``, else ``./coopatlas.db``.

Standard library only, so that a command with a fast path (a cold ``coopatlas find`` loading
its cached name index) can tell which SQLite file it reads without importing SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path

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


def sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url.removeprefix(prefix)) if url.startswith(prefix) else None
