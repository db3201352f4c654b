"""The registry: regions, enterprises, products, capabilities, demands, trade, projects, documents.

Public surface::

    engine = connect(url)            # SQLite file or PostgreSQL
    init_db(engine)                  # schema + reference data
    import_file(engine, "enterprises", Path("enterprises.csv"))
    export_frame(engine, "enterprises")

The names are loaded on first use (PEP 562 ``__getattr__``) so that importing
``coopatlas.registry.kinds`` for the CLI's argument types does not pull in pandas,
SQLAlchemy and Alembic: ``coopatlas --help`` must start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from coopatlas.registry.kinds import KINDS, kind

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from coopatlas.registry.exporter import export_frame
    from coopatlas.registry.importer import ImportResult, import_file, import_table
    from coopatlas.registry.reference import load_reference
    from coopatlas.registry.store import connect, require_schema, resolve_url, upgrade

__all__ = [
    "KINDS",
    "ImportResult",
    "connect",
    "export_frame",
    "import_file",
    "import_table",
    "init_db",
    "kind",
    "load_reference",
    "require_schema",
    "resolve_url",
    "upgrade",
]

_LAZY = {
    "export_frame": "exporter",
    "ImportResult": "importer",
    "import_file": "importer",
    "import_table": "importer",
    "load_reference": "reference",
    "connect": "store",
    "require_schema": "store",
    "resolve_url": "store",
    "upgrade": "store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"coopatlas.registry.{module}"), name)
    globals()[name] = value
    return value


def init_db(engine: Engine) -> list[ImportResult]:
    """Create or upgrade the schema and load the reference data (regions, HS codes)."""
    from coopatlas.registry.reference import load_reference
    from coopatlas.registry.store import upgrade

    upgrade(engine)
    return load_reference(engine)
