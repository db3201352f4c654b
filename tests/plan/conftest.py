"""Tiny planning instances whose optima can be checked by hand.

Transport and discounting are switched off in :data:`EXACT`, and every demand has an explicit
import price, so each optimum is a sum of a few products written in the test.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from coopatlas.plan.data import PlanInstance, make_instance
from coopatlas.plan.solve import PlanOptions

EXACT: dict[str, Any] = {"discount_rate": 0.0, "transport_per_km": 0.0, "import_penalty": 0.0}

ENTERPRISES = pd.DataFrame(
    {
        "id": ["maz", "kamaz", "belaz", "severstal"],
        "name_en": ["MAZ", "KAMAZ", "BelAZ", "Severstal"],
        "region": ["BY-HM", "RU-TA", "BY-MI", "RU-VLG"],
    }
)


def frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def instance(
    capabilities: list[dict[str, Any]] | None = None,
    demands: list[dict[str, Any]] | None = None,
    expansions: list[dict[str, Any]] | None = None,
    plants: list[dict[str, Any]] | None = None,
) -> PlanInstance:
    dem_cols = ["id", "buyer_region", "hs", "quantity", "first_year", "must_localize_from",
                "foreign_source", "import_unit_cost"]  # fmt: skip
    return make_instance(
        {
            "enterprises": ENTERPRISES,
            "capabilities": frame(capabilities or [], ["enterprise", "hs", "capacity", "output",
                                                       "unit_cost", "backlog_months"]),
            "demands": frame(demands or [], dem_cols),
            "expansions": frame(expansions or [], ["id", "enterprise", "hs", "added_capacity",
                                                   "capital_cost", "lead_time_years",
                                                   "unit_cost"]),
            "plants": frame(plants or [], ["id", "region", "hs", "capacity", "capital_cost",
                                           "lead_time_years", "unit_cost"]),
        }
    )  # fmt: skip


def options(first: int = 2024, last: int = 2026, **kw: Any) -> PlanOptions:
    return PlanOptions(first_year=first, last_year=last, gap=1e-9, **{**EXACT, **kw})


def demand(id: str, hs: str, q: float, first: int = 2024, **kw: Any) -> dict[str, Any]:
    row = {"id": id, "buyer_region": "BY-HM", "hs": hs, "quantity": q, "first_year": first,
           "foreign_source": "DE", "import_unit_cost": 20.0}  # fmt: skip
    row.update(kw)
    return row
