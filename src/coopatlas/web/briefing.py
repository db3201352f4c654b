"""A region's page as data: figures, trade with Belarus, charts, enterprises, projects, sources.

The same object feeds ``/regions/{code}`` (HTML) and ``GET /api/regions/{code}`` (JSON).
Charts are inline SVG drawn on the server, so the page needs no chart script.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.trade import indicators
from coopatlas.web import queries


@dataclass
class RegionBrief:
    region: dict[str, Any]
    enterprises: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    series: pd.DataFrame  # trade.indicators.partner_series: one figure per period and flow
    drawn: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # by language
    rendered: dict[str, str] = field(default_factory=dict)  # the page's content per language

    # The brief is kept between requests (see region_brief), so what the pages read from its
    # frame is computed once: pandas' per-call cost was most of a cached page's time.
    @cached_property
    def _latest(self) -> dict[str, Any] | None:
        """The latest full year with turnover (else the latest period), for the headline."""
        have = self.series.dropna(subset=["turnover_usd"])
        if have.empty:
            return None
        full = have[[str(p).isdigit() for p in have["period"]]]
        row = (full if len(full) else have).iloc[-1]
        return {
            "period": row["period"],
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "turnover": row["turnover_usd"],
            "exports": None if pd.isna(row["export_usd"]) else row["export_usd"],
            "imports": None if pd.isna(row["import_usd"]) else row["import_usd"],
            "derived": "import_usd" in row["derived"],
        }

    def charts(self, lang: str) -> list[tuple[str, str]]:
        """(caption, SVG): the briefing's trade charts (flows by full year, balance), so the
        page and the briefing show a region's trade in one picture; empty when there is
        nothing to draw (a missing figure leaves a gap, never a zero).

        Drawing is most of a page's time (about 0.15 s), so the SVGs are kept with the brief,
        which is itself reused while the data has not changed."""
        if lang in self.drawn:
            return self.drawn[lang]
        from coopatlas import charts
        from coopatlas.brief.i18n import Formats
        from coopatlas.brief.page import annual_series, chart_text

        text = chart_text(Formats(lang))
        annual = annual_series(self.series)
        out = []
        for draw, title in (
            (charts.flows_over_time, "title_flows"),
            (charts.balance_bars, "title_balance"),
        ):
            chart = draw(annual, text) if len(annual) else None
            if chart is not None:
                out.append((text[title], charts.to_svg(chart, lang)))
        self.drawn[lang] = out
        return out

    def latest(self) -> dict[str, Any] | None:
        return self._latest

    @cached_property
    def _trade_rows(self) -> list[dict[str, Any]]:
        frame = self.series.astype(object).where(self.series.notna(), None)
        return frame.to_dict("records")  # type: ignore[no-any-return]

    def trade_rows(self) -> list[dict[str, Any]]:
        """One row per period: the resolved figures, which are derived, and their sources."""
        return self._trade_rows

    def as_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "enterprises": self.enterprises,
            "projects": self.projects,
            "documents": self.documents,
            "trade": self.trade_rows(),
        }


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
    try:
        series = indicators.partner_series(engine, code)
    except UserError:  # no figures for this region: the page says so
        series = pd.DataFrame(columns=indicators.SERIES_COLUMNS)
    return RegionBrief(
        region,
        ents,
        queries.region_projects(engine, code),
        queries.region_documents(engine, code),
        series,
    )
