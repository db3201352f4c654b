"""A region's page as data: figures, trade with Belarus, charts, enterprises, projects, sources.

The same object feeds ``/regions/{code}`` (HTML) and ``GET /api/regions/{code}`` (JSON).
Charts are inline SVG drawn on the server, so the page needs no chart script.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from coopatlas.plan.charts import bar_chart
from coopatlas.registry import models
from coopatlas.registry.summary import trade_with, yearly_balance
from coopatlas.web import queries


@dataclass
class RegionBrief:
    region: dict[str, Any]
    enterprises: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    trade: pd.DataFrame
    balance: pd.DataFrame

    def latest(self) -> dict[str, Any] | None:
        """The latest period with turnover and exports (else with turnover), for the headline."""
        have = self.balance.dropna(subset=["turnover"])
        if have.empty:
            return None
        both = have.dropna(subset=["exports"])
        row = (both if len(both) else have).iloc[-1]
        out = {k: (None if pd.isna(v) else v) for k, v in row.items()}
        out["period"] = _period(row["period_start"], row["period_end"])
        return out

    def charts(self, title: str, labels: dict[str, str]) -> list[tuple[str, str]]:
        """(caption, SVG) for exports and imports per period; empty when no figures exist."""
        b = self.balance.dropna(subset=["exports", "imports"], how="all")
        if b.empty:
            return []
        periods = [_period(s, e) for s, e in zip(b["period_start"], b["period_end"], strict=True)]
        out = []
        for col, colour in (("exports", "#2f6db5"), ("imports", "#d9822b")):
            values = b[col].fillna(0.0).astype(float).tolist()
            caption = f"{title}: {labels[col]}"
            out.append((caption, bar_chart(periods, values, caption, [colour] * len(values))))
        return out

    def as_json(self) -> dict[str, Any]:
        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[no-any-return]

        return {
            "region": self.region,
            "enterprises": self.enterprises,
            "projects": self.projects,
            "documents": self.documents,
            "trade": records(self.trade),
            "balance": records(self.balance),
        }


def _period(start: dt.date, end: dt.date) -> str:
    if start.month == 1 and end.month == 12:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{start:%m.%Y}–{end:%m.%Y}"


_CACHE: dict[tuple[str, str], tuple[float, int, RegionBrief | None]] = {}
FRESH_SECONDS = 30.0


def region_brief(engine: Engine, code: str) -> RegionBrief | None:
    """The brief, reused while no web change was recorded and for at most 30 s.

    Every change made through the web writes an audit entry, so the newest audit id is a
    cheap version of the data (one indexed query); the time limit covers changes made with
    the CLI, which are not audited.
    """
    version = queries.audit_version(engine)
    key = (str(engine.url), code)
    hit = _CACHE.get(key)
    if hit and hit[1] == version and time.monotonic() - hit[0] < FRESH_SECONDS:
        return hit[2]
    brief = _build(engine, code)
    if len(_CACHE) > 512:
        _CACHE.clear()
    _CACHE[key] = (time.monotonic(), version, brief)
    return brief


def _build(engine: Engine, code: str) -> RegionBrief | None:
    region = queries.region(engine, code)
    if region is None:
        return None
    ents = queries.list_rows(
        engine,
        models.table(models.Enterprise),
        columns=queries.PUBLIC_ENTERPRISE,
        equal={"region": code},
        limit=500,
    ).items
    trade = trade_with(engine, code)
    return RegionBrief(
        region,
        ents,
        queries.region_projects(engine, code),
        queries.region_documents(engine, code),
        trade,
        yearly_balance(trade),
    )
