"""Region arguments of commands: a code (``RU-LIP``) or a name or alias (``Lipetsk Oblast``).

Users type what they know; the registry's names and aliases (English and Russian, case
forms) map it to the ISO 3166-2 code, and an unknown region is refused with the closest
codes and names as a suggestion, the same way the importer suggests them.
"""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz, process
from sqlalchemy import Engine, select

from coopatlas.errors import UserError
from coopatlas.registry import models


def region_names(engine: Engine) -> pd.DataFrame:
    """``code, name`` rows: each region's code, English and Russian names, and aliases."""
    r, ra = models.Region, models.RegionAlias
    with engine.connect() as c:
        regions = pd.DataFrame(
            c.execute(select(r.code, r.name_en, r.name_ru)).all(),
            columns=["code", "name_en", "name_ru"],
        )
        aliases = pd.DataFrame(
            c.execute(select(ra.region, ra.alias)).all(), columns=["code", "name"]
        )
    return names_frame(regions, aliases)


def names_frame(regions: pd.DataFrame, aliases: pd.DataFrame | None = None) -> pd.DataFrame:
    """``code, name`` rows from a regions table (``code`` and any ``name_*`` columns)."""
    parts = [regions[["code"]].assign(name=regions["code"])]
    for column in [c for c in regions.columns if c.startswith("name")]:
        parts.append(regions[["code", column]].set_axis(["code", "name"], axis=1))
    if aliases is not None:
        parts.append(aliases[["code", "name"]])
    names = pd.concat(parts, ignore_index=True).dropna()
    return names.assign(key=names["name"].astype(str).str.strip().str.lower())


def resolve_region(text: str, names: pd.DataFrame, what: str = "region") -> str:
    """The code of the region *text* names (code, name or alias, any case), or a UserError
    that suggests the closest codes."""
    key = text.strip().lower()
    hit = names.loc[names["key"] == key, "code"]
    if len(hit):
        return str(hit.iloc[0])
    choices = dict(zip(names.index, names["name"].astype(str), strict=True))
    matches = process.extract(text, choices, scorer=fuzz.WRatio, limit=8)
    seen: list[str] = []
    for _, score, index in matches:
        code = str(names.at[index, "code"])
        if score >= 60 and code not in seen:
            seen.append(code)
    hint = f" (did you mean {', '.join(seen[:3])}?)" if seen else ""
    raise UserError(
        f"unknown {what} {text!r}{hint}; give an ISO 3166-2 code such as RU-LIP or a region's name"
    )
