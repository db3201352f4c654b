"""Exporting registry tables in the import formats, so an export imports again unchanged."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from coopatlas.registry import models
from coopatlas.registry.importer import CHILDREN
from coopatlas.registry.kinds import kind
from coopatlas.registry.store import require_schema


def export_frame(engine: Engine, kind_name: str) -> pd.DataFrame:
    """All rows of *kind_name* as a DataFrame with the import format's columns, in key order."""
    spec = kind(kind_name)
    require_schema(engine)
    table = models.TABLE_OF_KIND[kind_name]
    stored = [c.name for c in spec.columns if c.name in table.c]
    with engine.connect() as connection:
        query = select(*[table.c[c] for c in stored]).order_by(*[table.c[k] for k in spec.key])
        frame = pd.DataFrame(connection.execute(query).all(), columns=stored)
        for child in CHILDREN.get(kind_name, ()):
            link = child.table
            query = select(link.c[child.parent], link.c[child.value])
            if child.language:
                query = query.where(link.c["language"] == child.language)
            links = pd.DataFrame(
                connection.execute(query.order_by(*link.c)).all(), columns=["key", "value"]
            )
            joined = links.groupby("key")["value"].agg("|".join)
            frame[child.column] = frame[spec.key[0]].map(joined)
    for col in spec.columns:
        if col.type == "int" and col.name in frame:
            frame[col.name] = frame[col.name].astype("Int64")
    return frame[[c for c in spec.names if c in frame.columns]]
