"""The names :class:`~coopatlas.match.names.NameIndex` indexes, read from the registry."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

KINDS = ("enterprise", "region", "product")


def _aliases(engine: Engine, table: str, key: str) -> pd.Series:
    frame = pd.read_sql_query(f"SELECT {key} AS id, alias FROM {table}", engine)
    return frame.groupby("id")["alias"].agg("|".join)


def names_frame(engine: Engine, kinds: tuple[str, ...] = KINDS) -> pd.DataFrame:
    """kind, id, name_en, name_ru, aliases for the registry's enterprises, regions, products."""
    from coopatlas.registry import require_schema

    require_schema(engine)
    parts = []
    if "enterprise" in kinds:
        ent = pd.read_sql_query("SELECT id, name_en, name_ru FROM enterprises", engine)
        ent["aliases"] = ent["id"].map(_aliases(engine, "enterprise_aliases", "enterprise"))
        parts.append(ent.assign(kind="enterprise"))
    if "region" in kinds:
        reg = pd.read_sql_query(
            "SELECT code AS id, name_en, name_ru, centre_en, centre_ru FROM regions", engine
        )
        alias = reg["id"].map(_aliases(engine, "region_aliases", "region")).fillna("")
        reg["aliases"] = (
            alias + "|" + reg["centre_en"].fillna("") + "|" + reg["centre_ru"].fillna("")
        )
        parts.append(reg.drop(columns=["centre_en", "centre_ru"]).assign(kind="region"))
    if "product" in kinds:
        prod = pd.read_sql_query(
            "SELECT code AS id, name_en, name_ru FROM products WHERE level IN (4, 6)", engine
        )
        parts.append(prod.assign(kind="product", aliases=""))
    return pd.concat(parts, ignore_index=True).fillna("")
