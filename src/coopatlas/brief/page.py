"""The briefing as one self-contained HTML page (Jinja2), in English or Russian.

Each chart is drawn twice over: as static SVG inside its element (what the PDF prints and
what a reader without scripts sees) and, in the interactive page, redrawn by vega-embed from
the bundle inlined in the page. Nothing is loaded from another host; source addresses are
printed as text, not links.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
import pandas as pd

from coopatlas import charts
from coopatlas.brief.data import BriefData, Source
from coopatlas.brief.i18n import Formats, translations
from coopatlas.charts.render import bundle_script, spec

STATUS_ORDER = ["operating", "development", "proposed", "suspended", "completed"]


def N_(message: str) -> str:
    """Marks a word for the catalogue that is translated later (project statuses)."""
    return message


STATUS_WORDS = [
    N_("operating"),
    N_("development"),
    N_("proposed"),
    N_("suspended"),
    N_("completed"),
]


def _env(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coopatlas.brief", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def chart_text(f: Formats) -> dict[str, str]:
    """The words the charts print, in the page's language."""
    _ = f._
    return {
        "turnover": _("Turnover"),
        "exports": _("Belarusian exports"),
        "imports": _("Belarusian imports"),
        "balance": _("Balance"),
        "musd": _("million USD"),
        "period": _("Period"),
        "flow": _("Flow"),
        "product": _("Product"),
        "region": _("Region"),
        "no_data": _("no data"),
        "density": _("Density (closeness to what the region exports)"),
        "pci": _("Product complexity"),
        "cog": _("Complexity outlook gain"),
        "title_flows": _("Trade with Belarus by year"),
        "title_balance": _("Balance (Belarusian exports − imports) by year"),
        "title_structure": _("Trade structure by HS section"),
        "title_complexity": _("What the region could make next"),
        "title_map": _("Turnover with Belarus by region, latest full year"),
    }


class Footnotes:
    """Numbers each source once, in the order the page first cites it."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.order: list[str] = []

    def cite(self, addresses: list[str]) -> str:
        marks = []
        for a in addresses:
            if a not in self.order:
                self.order.append(a)
            marks.append(str(self.order.index(a) + 1))
        return ",".join(marks)

    def listed(self) -> list[tuple[int, Source]]:
        return [(i + 1, self.sources.get(a, Source(address=a))) for i, a in enumerate(self.order)]


def _flags(row: Any, col: str) -> tuple[bool, str]:
    """Is *col* derived, and the qualifier its value carries (exact, approx, over, under)."""
    derived, approx = row.get("derived"), row.get("approximate")
    is_derived = col in derived if isinstance(derived, list | tuple | set) else bool(derived)
    qualifiers = row.get("qualifiers")
    if isinstance(qualifiers, dict) and col in qualifiers:
        return is_derived, str(qualifiers[col])
    is_approx = col in approx if isinstance(approx, list | tuple | set) else bool(approx)
    return is_derived, "approx" if is_approx else "exact"


def headline_rows(data: BriefData, f: Formats, notes: Footnotes) -> list[dict[str, Any]]:
    """One row per period: each figure with its footnote marks, derived and approximate."""
    rows = []
    for _, r in data.series.iterrows():
        cites = notes.cite([s["address"] for s in (r.get("sources") or [])])
        cells = {}
        for col in ("turnover_usd", "export_usd", "import_usd", "balance_usd"):
            value = r.get(col)
            derived, qualifier = _flags(r, col)
            cells[col] = {
                "text": f.musd(None if pd.isna(value) else float(value), qualifier, unit=False),
                "derived": derived and not pd.isna(value),
                "cite": cites if not pd.isna(value) else "",
            }
        growth = {
            col: f.pct(None if pd.isna(r.get(col)) else float(r[col]))
            for col in ("turnover_growth_pct", "export_growth_pct")
        }
        rows.append(
            {
                "period": f.period(
                    pd.Timestamp(r["period_start"]).date(), pd.Timestamp(r["period_end"]).date()
                ),
                **cells,
                **growth,
            }
        )
    return rows


def _annual(series: pd.DataFrame, f: Formats) -> pd.DataFrame:
    if series.empty:
        return series
    start, end = pd.to_datetime(series["period_start"]), pd.to_datetime(series["period_end"])
    full = (start.dt.dayofyear == 1) & (end.dt.month == 12) & (end.dt.day == 31)
    annual = series[full & (start.dt.year == end.dt.year)].copy()
    annual["period"] = start[full].dt.year.astype(str)
    return annual.sort_values("period")


def build_charts(data: BriefData, f: Formats) -> dict[str, Any]:
    """The page's charts by element id (None where there is nothing to draw)."""
    text = chart_text(f)
    annual = _annual(data.series, f)
    built: dict[str, Any] = {
        "chart-flows": charts.flows_over_time(annual, text) if len(annual) else None,
        "chart-balance": charts.balance_bars(annual, text) if len(annual) else None,
        "chart-map": charts.tile_map(
            data.map_values, data.region_names, text, f.lang, data.region["code"]
        ),
    }
    if len(data.structure):
        built["chart-structure"] = charts.structure_bars(data.structure, text)
    if len(data.opportunities) and {"density", "pci", "cog"} <= set(data.opportunities):
        frame = data.opportunities.assign(name=data.opportunities.get("name", ""))
        built["chart-complexity"] = charts.complexity_scatter(frame, text)
    return {k: v for k, v in built.items() if v is not None}


def _projects(data: BriefData, f: Formats, notes: Footnotes) -> list[dict[str, Any]]:
    out = []
    parties = data.partners
    name_col = "name_ru" if f.lang == "ru" else "name_en"
    for status in [
        *STATUS_ORDER,
        *sorted(set(data.projects.get("status", [])) - set(STATUS_ORDER)),
    ]:
        if data.projects.empty:
            break
        group = data.projects[data.projects["status"] == status]
        if group.empty:
            continue
        items = []
        for r in group.itertuples():
            who = parties[parties["project"] == r.id] if len(parties) else parties
            names = [
                (getattr(p, name_col) or p.name_en) for p in who.itertuples()
            ] if len(who) else []  # fmt: skip
            items.append(
                {
                    "title": r.title,
                    "stage": None if pd.isna(r.stage) else int(r.stage),
                    "sector": r.sector,
                    "investment": None
                    if pd.isna(r.investment_usd)
                    else f.musd(float(r.investment_usd)),
                    "horizon": None if pd.isna(r.horizon_year) else int(r.horizon_year),
                    "parties": names,
                    "synthetic": bool(r.synthetic),
                    "cite": notes.cite([r.source]) if r.source else "",
                }
            )
        out.append({"status": f._(status), "rows": items})
    return out


def context(data: BriefData, lang: str, interactive: bool = True) -> dict[str, Any]:
    """Everything the template prints, already formatted for *lang*."""
    f = Formats(lang)
    notes = Footnotes(data.sources)
    region = data.region
    name_col = "name_ru" if lang == "ru" else "name_en"
    headline = headline_rows(data, f, notes)
    built = {key: spec(chart) for key, chart in build_charts(data, f).items()}
    svgs = {key: charts.to_svg(chart, lang) for key, chart in built.items()}
    enterprises = [
        {
            "name": (getattr(r, name_col) or r.name_en),
            "city": r.city,
            "sector": r.sector,
            "synthetic": bool(r.synthetic),
            "cite": notes.cite([r.source]) if r.source else "",
        }
        for r in data.enterprises.itertuples()
    ]
    belarusian = data.partners[data.partners["belarusian"]] if len(data.partners) else None
    partners = (
        [
            {"name": getattr(p, name_col) or p.name_en, "city": p.city}
            for p in belarusian.drop_duplicates("id").itertuples()
        ]
        if belarusian is not None and len(belarusian)
        else []
    )
    projects = _projects(data, f, notes)
    stated_goods = [
        {"goods": r.goods, "where": r.where, "cite": notes.cite([r.source]) if r.source else ""}
        for r in data.stated_goods.itertuples()
    ]
    timeline = [
        {
            "date": f.date(r.published) if r.published else (r.published_partial or ""),
            "title": r.title,
            "address": r.url,
            "sentences": r.sentences,
            "cite": notes.cite([r.url]) if r.url else "",
        }
        for r in data.timeline.itertuples()
    ]
    return {
        "lang": lang,
        "region_name": region[name_col],
        "region_code": region["code"],
        "centre": region[f"centre_{lang}"] if region.get(f"centre_{lang}") else "",
        "today": f.date(dt.date.today()),
        "headline": headline,
        "charts": svgs,
        "enterprises": enterprises,
        "partners": partners,
        "projects": projects,
        "structure_stated": stated_goods,
        "has_structure": "chart-structure" in svgs,
        "timeline": timeline,
        "alerts": data.alerts,
        "opportunities": data.opportunities.head(10).to_dict("records")
        if len(data.opportunities)
        else [],
        "monitor_missing": "trade_monitor_missing" in data.notes,
        "footnotes": [
            (
                n,
                {
                    "title": s.title,
                    "date": f.date(s.date),
                    "address": s.address,
                    "sentences": s.sentences,
                },
            )
            for n, s in notes.listed()
        ],
        "script": (bundle_script() + charts.embed_script(built, lang)) if interactive else "",
    }


def render(data: BriefData, lang: str = "en", interactive: bool = True) -> str:
    """The briefing page; *interactive* adds the inlined Vega bundle (the PDF does without)."""
    return _env(lang).get_template("brief.html.j2").render(**context(data, lang, interactive))
