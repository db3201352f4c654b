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
from coopatlas.brief.data import BriefData, Source, full_years, source_key
from coopatlas.brief.i18n import Formats, translations
from coopatlas.brief.texts import alert_sentence, match_reasons
from coopatlas.charts.render import bundle_script, spec
from coopatlas.registry.labels import city_label, sector_label, title_in

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
    env.filters["citation_runs"] = citation_runs
    return env


def citation_runs(cite: str) -> list[tuple[str, str]]:
    """Footnote numbers as (first, last) runs: "5,6,7,9" reads 5–7, 9, not 5679."""
    numbers = sorted({int(c) for c in str(cite).split(",") if c.strip().isdigit()})
    runs: list[tuple[str, str]] = []
    for n in numbers:
        if runs and int(runs[-1][1]) == n - 1:
            runs[-1] = (runs[-1][0], str(n))
        else:
            runs.append((str(n), str(n)))
    return runs


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
        "title_structure": _("Trade structure by HS chapter, latest year"),
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
    """Is *col* derived, and the word its value carries (exact, approx, over, under)?

    The source's own qualifier wins ("over 91 million"); a derived figure in an approximate
    row is approximate.
    """
    derived = col in (row.get("derived") or [])
    stated = row.get("stated") or {}
    flow = col.removesuffix("_usd")
    if not derived and stated.get(f"{flow}_qualifier"):
        return derived, str(stated[f"{flow}_qualifier"])
    return derived, "approx" if derived and row.get("approximate") else "exact"


def headline_rows(data: BriefData, f: Formats, notes: Footnotes) -> list[dict[str, Any]]:
    """One row per period: each figure with its footnote marks, derived and approximate."""
    rows = []
    for _, r in data.series.iterrows():
        cites = notes.cite([source_key(s) for s in (r.get("sources") or [])])
        cells = {}
        for col in ("turnover_usd", "export_usd", "import_usd", "balance_usd"):
            value = r.get(col)
            derived, qualifier = _flags(r, col)
            cells[col] = {
                "text": f.musd(None if pd.isna(value) else float(value), qualifier, unit=False),
                "derived": derived and not pd.isna(value),
                "cite": cites if not pd.isna(value) else "",
            }
        stated = r.get("stated") or {}
        growth = {}
        for col in ("turnover_growth_pct", "export_growth_pct"):
            value = None if pd.isna(r.get(col)) else float(r[col])
            text = f.pct(value)
            given = stated.get(col)
            if given is not None and value is not None and abs(float(given) - value) >= 0.05:
                text += " (" + f._("{pct} as stated").format(pct=f.pct(float(given))) + ")"
            growth[col] = text
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


def annual_series(series: pd.DataFrame) -> pd.DataFrame:
    """The full calendar years of a partner series, labelled by year (what the charts draw:
    a part of a year beside whole years would read as a fall)."""
    if series.empty:
        return series
    start, end = pd.to_datetime(series["period_start"]), pd.to_datetime(series["period_end"])
    full = full_years(series) & (start.dt.year == end.dt.year)
    annual = series[full].copy()
    annual["period"] = start[full].dt.year.astype(str)
    return annual.sort_values("period")


def build_charts(data: BriefData, f: Formats) -> dict[str, Any]:
    """The page's charts by element id (None where there is nothing to draw)."""
    text = chart_text(f)
    annual = annual_series(data.series)
    built: dict[str, Any] = {
        "chart-flows": charts.flows_over_time(annual, text) if len(annual) else None,
        "chart-balance": charts.balance_bars(annual, text) if len(annual) else None,
        "chart-map": charts.tile_map(
            data.map_values, data.region_names, text, f.lang, data.region["code"]
        ),
    }
    if len(data.structure):
        built["chart-structure"] = charts.structure_bars(structure_frame(data, f), text)
    if len(data.opportunities):
        frame = data.opportunities.assign(name=product_names(data.opportunities, f))
        built["chart-complexity"] = charts.complexity_scatter(frame, text)
    return {k: v for k, v in built.items() if v is not None}


def product_names(frame: pd.DataFrame, f: Formats, limit: int = 60) -> pd.Series:
    """'8701 Tractors…': the HS code with its name in the page's language (English if none)."""
    names = frame.get(f"name_{f.lang}", frame.get("name_en"))
    names = names.fillna(frame.get("name_en")) if f.lang != "en" and names is not None else names
    code = frame["hs"] if "hs" in frame else frame["code"]
    text = code.astype(str) + " " + (names.fillna("") if names is not None else "")
    return text.str.strip().map(lambda t: t if len(t) <= limit else t[: limit - 1] + "…")


def structure_frame(data: BriefData, f: Formats, top: int = 12) -> pd.DataFrame:
    """The largest HS chapters of exports and imports, named, for the structure chart."""
    frame = data.structure.copy()
    frame["name"] = product_names(frame, f, 45)
    frame["flow_name"] = frame["flow"].map(
        {"export": f._("Belarusian exports"), "import": f._("Belarusian imports")}
    )
    keep = frame.groupby("name")["value_usd"].sum().nlargest(top).index
    return frame[frame["name"].isin(keep)].rename(columns={"value_usd": "usd"})


ALERT_TITLES = {
    "turnover_down_two_years": N_("Turnover down two years in a row"),
    "deficit_widening": N_("Belarus's deficit widening"),
    "main_export_losing_share": N_("Main export losing share"),
    "growth_below_trend": N_("Growth far below the region's own trend"),
    "no_recent_data": N_("No data for the latest period"),
}


NUMBER_WORDS = {
    "balance": N_("balance"),
    "share": N_("share"),
    "growth": N_("growth"),
    "trend": N_("trend"),
    "cagr": N_("a year"),
    "latest": N_("latest"),
    "for": N_("for the region"),
    "overall": N_("anywhere"),
    "from": N_("from"),
    "to": N_("to"),
}


def alert_numbers(numbers: dict[str, Any], f: Formats) -> str:
    """An alert's numbers in the page's language: keys are words and years (balance_2022,
    share_2021_pct), values are USD, percentages, codes or dates."""
    parts = []
    for key, value in numbers.items():
        words = [w for w in str(key).split("_") if w not in ("pct", "usd", "partner")]
        label = " ".join(f._(NUMBER_WORDS[w]) if w in NUMBER_WORDS else w for w in words)
        if isinstance(value, int | float) and str(key).endswith("_pct"):
            text = f.pct(float(value)).lstrip("+") if "share" in str(key) else f.pct(float(value))
        elif isinstance(value, int | float):
            text = f.musd(float(value))
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-":
            text = f.date(dt.date.fromisoformat(value))
        else:
            text = str(value)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)


def _alerts(data: BriefData, f: Formats, notes: Footnotes) -> list[dict[str, Any]]:
    return [
        {
            "title": f._(ALERT_TITLES.get(a["kind"], a["kind"])),
            "message": a["message"] if f.lang == "en" else alert_sentence(a, f),
            "cite": notes.cite([source_key(s) for s in a.get("sources") or []]),
        }
        for a in data.alerts
    ]


def _disagreements(data: BriefData, f: Formats, notes: Footnotes) -> list[str]:
    """Figures more than 1% away from the one shown, with their sources."""
    out = []
    for _, r in data.series.iterrows():
        for d in r.get("disagreements") or []:
            period = f.period(pd.Timestamp(r["period_start"]).date(),
                              pd.Timestamp(r["period_end"]).date())  # fmt: skip
            cite = notes.cite([source_key(s) for s in d.get("sources") or []])
            value = f.musd(d.get("value_usd")) if d.get("value_usd") is not None else "–"
            out.append(
                f._("{period}, {flow}: another source gives {value} [{cite}]").format(
                    period=period,
                    flow=f._(FLOW_WORDS.get(d["flow"], d["flow"])),
                    value=value,
                    cite=cite,
                )
            )
    return out


FLOW_WORDS = {"turnover": N_("turnover"), "export": N_("exports"), "import": N_("imports")}


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
                    "title": title_in(r.title, r.title_ru, f.lang),
                    "stage": None if pd.isna(r.stage) else int(r.stage),
                    "sector": sector_label(r.sector, f.lang),
                    "investment": None
                    if pd.isna(r.investment_usd)
                    else f.musd(float(r.investment_usd)),
                    "horizon": None if pd.isna(r.horizon_year) else int(r.horizon_year),
                    "parties": names,
                    "synthetic": bool(r.synthetic),
                    "cite": notes.cite([r.source]) if r.source else "",
                }
            )
        word = f._(status)
        out.append({"status": word[:1].upper() + word[1:], "rows": items})
    return out


MATCH_TEXT = {
    "BY": {
        "suppliers": N_("Suppliers in Belarus for the region's open demands"),
        "buyers": N_("Belarusian demands the region's enterprises can serve"),
        "served": N_(
            "{served} of the region's {total} open demands have a candidate supplier in "
            "Belarus; the best for each:"
        ),
        "open": N_(
            "The region's enterprises are candidate suppliers for {served} of the {total} "
            "Belarusian demands in the registry; the best of them:"
        ),
        "no_suppliers": N_("No supplier in Belarus is a candidate for the region's demands."),
        "no_buyers": N_("No Belarusian demand has a candidate supplier in this region."),
    },
    "RU": {
        "suppliers": N_("Suppliers in Russia for the region's open demands"),
        "buyers": N_("Russian demands the region's enterprises can serve"),
        "served": N_(
            "{served} of the region's {total} open demands have a candidate supplier in "
            "Russia; the best for each:"
        ),
        "open": N_(
            "The region's enterprises are candidate suppliers for {served} of the {total} "
            "Russian demands in the registry; the best of them:"
        ),
        "no_suppliers": N_("No supplier in Russia is a candidate for the region's demands."),
        "no_buyers": N_("No Russian demand has a candidate supplier in this region."),
    },
}


NO_DEMANDS = N_("The registry holds no open demands of buyers in this region.")


def _match_rows(frame: pd.DataFrame, data: BriefData, f: Formats) -> list[dict[str, Any]]:
    """The matcher's rows as the page prints them: what is needed, by whom, how much, and
    the candidate with its reasons, in the page's language."""
    lang, rows = f.lang, []
    plain = frame.astype(object).where(frame.notna(), None)  # a missing name is None, not NaN
    for r in plain.to_dict("records"):
        product = r.get(f"product_{lang}") or r.get("product_en") or ""
        product = product if len(product) <= 70 else product[:69] + "…"
        buyer = r.get(f"buyer_enterprise_name_{lang}") or r.get("buyer_enterprise_name_en")
        where = data.region_names.get(str(r.get("buyer_region")), str(r.get("buyer_region")))
        supplier = r.get(f"supplier_name_{lang}") or r.get("supplier_name_en") or r["supplier"]
        rows.append(
            {
                "product": f"{r['hs']} {product}".strip(),
                "buyer": f"{buyer}, {where}" if buyer else where,
                "quantity": "–" if r.get("quantity") is None else f.number(r["quantity"], 0),
                "supplier": supplier,
                "supplier_region": data.region_names.get(str(r["region"]), str(r["region"])),
                "rank": int(r["rank"]),
                "reasons": match_reasons(r, f, supplier, named=False),
                "synthetic": bool(r.get("synthetic")),
            }
        )
    return rows


def _matching(data: BriefData, f: Formats) -> dict[str, Any] | None:
    """The two matching tables with their sentences (None: the matcher had nothing)."""
    m = data.matches
    if m is None:
        return None
    text = {k: f._(v) for k, v in MATCH_TEXT[m.partner].items()}
    return {
        "suppliers_title": text["suppliers"],
        "buyers_title": text["buyers"],
        "suppliers_intro": text["served"].format(
            served=m.served_demands, total=m.region_demands
        ) if m.served_demands else (
            text["no_suppliers"] if m.region_demands else f._(NO_DEMANDS)
        ),
        "buyers_intro": text["open"].format(
            served=m.open_to_region, total=m.partner_demands
        ) if m.open_to_region else text["no_buyers"],
        "suppliers": _match_rows(m.suppliers, data, f),
        "buyers": _match_rows(m.buyers, data, f),
    }  # fmt: skip


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
            "city": city_label(r.city, lang),
            "sector": sector_label(r.sector, lang),
            "synthetic": bool(r.synthetic),
            "cite": notes.cite([r.source]) if r.source else "",
        }
        for r in data.enterprises.itertuples()
    ]
    belarusian = data.partners[data.partners["belarusian"]] if len(data.partners) else None
    partners = (
        [
            {"name": getattr(p, name_col) or p.name_en, "city": city_label(p.city, lang)}
            for p in belarusian.drop_duplicates("id").itertuples()
        ]
        if belarusian is not None and len(belarusian)
        else []
    )
    projects = _projects(data, f, notes)
    stated_goods = [
        {
            "goods": sector_label(r.goods, lang),
            "where": r.where,
            "cite": notes.cite([r.source]) if r.source else "",
        }
        for r in data.stated_goods.itertuples()
    ]
    timeline = [
        {
            "date": f.date(r.published)
            if not pd.isna(r.published) and r.published
            else ("" if pd.isna(r.published_partial) else str(r.published_partial or "")),
            "title": title_in(r.title, r.title_ru, lang),
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
        "alerts": _alerts(data, f, notes),
        "matching": _matching(data, f),
        "no_matching": data.notes.get("matches"),
        "disagreements": _disagreements(data, f, notes),
        "opportunities": [
            {
                "name": n,
                "density": f.significant(d),
                "pci": f.significant(p),
                "cog": f.significant(c),
            }
            for n, d, p, c in zip(
                product_names(data.opportunities, f),
                data.opportunities["density"],
                data.opportunities["pci"],
                data.opportunities["cog"],
                strict=True,
            )
        ]
        if len(data.opportunities)
        else [],
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
        "synthetic_sources": any(
            s.kind == "statistics" and "synthetic" in (s.title or "") for _, s in notes.listed()
        ),
    }


def render(data: BriefData, lang: str = "en", interactive: bool = True) -> str:
    """The briefing page; *interactive* adds the inlined Vega bundle (the PDF does without)."""
    return _env(lang).get_template("brief.html.j2").render(**context(data, lang, interactive))


def render_both(data: BriefData, lang: str = "en") -> tuple[str, str]:
    """The interactive page and the static one (for print), from one set of drawn charts."""
    values = context(data, lang, interactive=True)
    template = _env(lang).get_template("brief.html.j2")
    return template.render(**values), template.render(**{**values, "script": ""})
