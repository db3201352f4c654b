"""The registry: regions, enterprises, products, capabilities, demands, trade, projects, documents.

Public surface::

    engine = connect(url)            # SQLite file or PostgreSQL
    init_db(engine)                  # schema + reference data
    import_file(engine, "enterprises", Path("enterprises.csv"))
    export_frame(engine, "enterprises")
"""

from sqlalchemy import Engine

from coopatlas.registry.exporter import export_frame
from coopatlas.registry.importer import ImportResult, import_file, import_table
from coopatlas.registry.kinds import KINDS, kind
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


def init_db(engine: Engine) -> list[ImportResult]:
    """Create or upgrade the schema and load the reference data (regions, HS codes)."""
    upgrade(engine)
    return load_reference(engine)
