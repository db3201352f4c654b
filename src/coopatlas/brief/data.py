"""What a briefing says about one region, gathered from the registry as plain data.

Trade figures come from the trade monitor (``coopatlas.trade``) when this build has it;
without it, from the registry's own reading of the trade rows (``registry.summary``), which
knows turnover, exports, imports as turnover minus exports, and stated growth. Every figure
keeps the sources behind it, so the page can footnote each number.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, or_, select

from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.registry.store import require_schema
from coopatlas.registry.summary import trade_with, yearly_balance


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # the parent package is absent
        return False


HAS_TRADE_MONITOR = _has("coopatlas.trade.indicators")


@dataclass
class Source:
    """A document or statistics file a figure comes from, as people are shown it."""

    address: str
    title: str | None = None
    date: dt.date | None = None
    kind: str = "document"
    sentences: list[str] = field(default_factory=list)


@dataclass
class BriefData:
    region: dict[str, Any]
    series: pd.DataFrame  # one row per period: flows, growth, flags, source addresses
    sources: dict[str, Source]
    structure: pd.DataFrame  # name, flow, usd, source (statistics), may be empty
    stated_goods: pd.DataFrame  # what the articles say is traded, "as stated"
    enterprises: pd.DataFrame
    partners: pd.DataFrame
    projects: pd.DataFrame
    timeline: pd.DataFrame
    alerts: list[dict[str, Any]]
    opportunities: pd.DataFrame
    map_values: dict[str, float]
    region_names: dict[str, str]
    notes: list[str] = field(default_factory=list)


def _region(engine: Engine, code: str) -> dict[str, Any]:
    r = models.Region
    with engine.connect() as c:
        cols = ("code", "country", "kind", "name_en", "name_ru", "centre_en", "centre_ru")
        row = c.execute(select(*(getattr(r, k) for k in cols)).where(r.code == code)).first()
        if row is None:
            known = c.execute(select(r.code).order_by(r.code)).scalars().all()
            near = [k for k in known if k.split("-")[-1][:2] == code.split("-")[-1][:2].upper()]
            hint = f"; did you mean {', '.join(near[:5])}?" if near else ""
            raise UserError(f"unknown region {code!r} (a code from regions.csv, e.g. RU-LIP){hint}")
        return dict(zip(cols, row, strict=True))


def _names(engine: Engine, lang: str) -> dict[str, str]:
    r = models.Region
    col = r.name_ru if lang == "ru" else r.name_en
    with engine.connect() as c:
        return dict(c.execute(select(r.code, col)))


def _sources(engine: Engine, addresses: set[str]) -> dict[str, Source]:
    """Titles, dates and the sentences read from each document (facts from the intake)."""
    d, f = models.Document, models.Fact
    urls = {a for a in addresses if not a.startswith("doc:")}
    ids = {a[4:] for a in addresses if a.startswith("doc:")}
    out = {a: Source(address=a) for a in addresses}
    with engine.connect() as c:
        docs = c.execute(
            select(d.id, d.url, d.title, d.published, d.kind).where(
                or_(d.url.in_(urls), d.id.in_(ids))
            )
        ).all()
        by_doc: dict[str, str] = {}
        for doc_id, url, title, published, kind in docs:
            key = url if url in urls else f"doc:{doc_id}"
            if key in out and out[key].title is None:
                out[key] = Source(address=url or key, title=title, date=published, kind=kind)
            by_doc[doc_id] = key
        facts = c.execute(
            select(f.document, f.sentence)
            .where(f.document.in_(list(by_doc)), f.kind == "trade_figure")
            .order_by(f.document, f.span_start)
        ).all()
    for doc_id, sentence in facts:
        src = out[by_doc[doc_id]]
        if sentence and sentence not in src.sentences:
            src.sentences.append(sentence)
    return out


def _fallback_series(engine: Engine, region: str) -> pd.DataFrame:
    """Per-period flows from the registry's rows when the trade monitor is not installed."""
    trade = trade_with(engine, region)
    balance = yearly_balance(trade)
    if balance.empty:
        return pd.DataFrame()
    totals = trade[trade["hs"] == "TOTAL"]
    key = ["period_start", "period_end"]
    sources = totals.groupby(key)["source"].agg(lambda s: sorted(set(s)))
    stated = totals.dropna(subset=["growth_pct"]).pivot_table(
        index=key, columns="flow", values="growth_pct", aggfunc="first"
    )
    frame = balance.set_index(key)
    out = pd.DataFrame(
        {
            "turnover_usd": frame["turnover"],
            "export_usd": frame["exports"],
            "import_usd": frame["imports"],
            "balance_usd": frame["balance"],
        }
    )
    for flow, col in (("turnover", "turnover"), ("export", "export")):
        given = stated[flow] if flow in stated else pd.Series(dtype=float)
        out[f"{col}_growth_pct"] = given.reindex(out.index)
    out["derived"] = [["import_usd", "balance_usd"] if d else [] for d in frame["derived"]]
    out["approximate"] = frame["approx"].to_numpy()
    # the source's own word per figure (about, over): derived ones are approximate if any is
    words = totals.pivot_table(index=key, columns="flow", values="qualifier", aggfunc="first")
    names = {"turnover": "turnover_usd", "export": "export_usd", "import": "import_usd"}
    out["qualifiers"] = [
        {
            **{names[k]: v for k, v in words.loc[idx].dropna().items() if k in names},
            **({"import_usd": "approx", "balance_usd": "approx"} if frame.loc[idx, "derived"]
               and frame.loc[idx, "approx"] else {}),
        }
        for idx in out.index.to_list()
    ]  # fmt: skip
    out["sources"] = [[{"address": a} for a in sources.get(idx, [])] for idx in out.index.to_list()]
    out = out.reset_index()
    full = _full_years(out)
    for col in ("turnover", "export"):
        value = out[f"{col}_usd"].where(full)
        prev = value.shift(1).where(
            full.shift(1, fill_value=False)
            & (out["period_start"].map(lambda d: d.year) - 1
               == out["period_start"].shift(1).map(lambda d: d.year if d else None))
        )  # fmt: skip
        computed = (value / prev - 1) * 100
        out[f"{col}_growth_pct"] = out[f"{col}_growth_pct"].fillna(computed)
    return out


def _full_years(frame: pd.DataFrame) -> pd.Series:
    start = pd.to_datetime(frame["period_start"])
    end = pd.to_datetime(frame["period_end"])
    return (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12) & (end.dt.day == 31)


def _series(engine: Engine, region: str) -> pd.DataFrame:
    if HAS_TRADE_MONITOR:
        from coopatlas.trade import indicators

        annual = indicators.partner_series(engine, region, by="year")
        stated = indicators.partner_series(engine, region, by="period")
        frame = pd.concat([annual, stated], ignore_index=True)
        return frame.drop_duplicates(subset=["period_start", "period_end"])
    return _fallback_series(engine, region)


def _map_values(engine: Engine) -> dict[str, float]:
    """Latest full-year turnover with each partner region (for the map)."""
    t = models.TradeFlow
    with engine.connect() as c:
        rows = pd.DataFrame(
            c.execute(
                select(t.partner, t.period_start, t.period_end, t.value_usd).where(
                    t.flow == "turnover", t.hs == "TOTAL", t.value_usd.is_not(None)
                )
            ).all(),
            columns=["partner", "period_start", "period_end", "value_usd"],
        )
    if rows.empty:
        return {}
    rows = rows[_full_years(rows)]
    latest = rows.sort_values("period_end").groupby("partner")["value_usd"].last()
    return {str(k): float(v) for k, v in latest.items()}


def _enterprises(engine: Engine, region: str) -> pd.DataFrame:
    e = models.Enterprise
    query = select(
        e.id, e.name_en, e.name_ru, e.city, e.sector, e.holding, e.source, e.synthetic
    ).where(e.region == region)
    with engine.connect() as c:
        rows = c.execute(query.order_by(e.synthetic, e.name_en)).all()
    return pd.DataFrame(rows, columns=list(query.selected_columns.keys()))


def _projects(engine: Engine, region: str) -> pd.DataFrame:
    p, pr = models.Project, models.ProjectRegion
    query = (
        select(
            p.id,
            p.title,
            p.sector,
            p.kind,
            p.status,
            p.stage,
            p.investment_usd,
            p.horizon_year,
            p.source,
            p.synthetic,
        )
        .join(pr, pr.project == p.id)
        .where(pr.region == region)
        .order_by(p.status, p.stage, p.id)
    )
    with engine.connect() as c:
        return pd.DataFrame(c.execute(query).all(), columns=list(query.selected_columns.keys()))


def _partners(engine: Engine, region: str, projects: pd.DataFrame) -> pd.DataFrame:
    """Enterprises on the region's projects, Belarusian and local, per project."""
    pp, e = models.ProjectParty, models.Enterprise
    ids = list(projects["id"]) if len(projects) else []
    query = (
        select(pp.project, e.id, e.name_en, e.name_ru, e.region, e.city)
        .join(e, e.id == pp.enterprise)
        .where(pp.project.in_(ids))
    )
    with engine.connect() as c:
        frame = pd.DataFrame(
            c.execute(query).all(),
            columns=["project", "id", "name_en", "name_ru", "region", "city"],
        )
    frame["belarusian"] = frame["region"].str.startswith("BY-")
    return frame


def _timeline(engine: Engine, region: str, addresses: set[str]) -> pd.DataFrame:
    """Documents about the region: the sources of its figures and projects, and any article
    whose facts name it, oldest first, each with the sentences it was read from."""
    d, f = models.Document, models.Fact
    with engine.connect() as c:
        naming = c.execute(
            select(f.document).where(f.kind == "region", f.payload.like(f'%"{region}"%'))
        ).scalars()
        doc_ids = set(naming)
        docs = c.execute(
            select(d.id, d.title, d.url, d.published, d.published_partial, d.language).where(
                or_(d.id.in_(doc_ids), d.url.in_(addresses)), d.duplicate_of.is_(None)
            )
        ).all()
        frame = pd.DataFrame(
            docs, columns=["id", "title", "url", "published", "published_partial", "language"]
        )
        facts = pd.DataFrame(
            c.execute(
                select(f.document, f.kind, f.sentence)
                .where(f.document.in_(list(frame["id"])), f.sentence.is_not(None))
                .order_by(f.document, f.span_start)
            ).all(),
            columns=["document", "kind", "sentence"],
        )
    sentences = facts.drop_duplicates(["document", "sentence"]).groupby("document")["sentence"]
    frame["sentences"] = (
        frame["id"].map(sentences.agg(list)).map(lambda v: v if isinstance(v, list) else [])
    )
    return frame.sort_values("published", na_position="last").reset_index(drop=True)


def _alerts(engine: Engine, region: str) -> list[dict[str, Any]]:
    if not HAS_TRADE_MONITOR:
        return []
    from coopatlas.trade import alerts

    found: list[dict[str, Any]] = alerts.alerts(engine, region)
    return found


def _opportunities(engine: Engine, region: str) -> pd.DataFrame:
    if not _has("coopatlas.trade.complexity"):
        return pd.DataFrame()
    from coopatlas.trade import complexity

    try:
        frame: pd.DataFrame = complexity.next_products(engine, region, 10)
    except UserError:
        return pd.DataFrame()  # no statistics to compute complexity from: the page says so
    return frame


def _structure(engine: Engine, region: str) -> pd.DataFrame:
    if not HAS_TRADE_MONITOR:
        return pd.DataFrame()
    from coopatlas.trade import indicators

    frame: pd.DataFrame = indicators.structure(engine, region, level=2)
    return frame


def _stated_goods(projects: pd.DataFrame, enterprises: pd.DataFrame) -> pd.DataFrame:
    """Goods the articles name (project and enterprise sectors), marked as stated."""
    rows = []
    for r in projects.itertuples():
        if r.sector:
            rows.append({"goods": r.sector, "where": r.title, "source": r.source})
    for r in enterprises.itertuples():
        if r.sector and not r.synthetic:
            rows.append({"goods": r.sector, "where": r.name_en, "source": r.source})
    return pd.DataFrame(rows, columns=["goods", "where", "source"]).drop_duplicates("goods")


def gather(engine: Engine, region: str, lang: str = "en") -> BriefData:
    """Everything the briefing on *region* shows, in *lang* where names have two languages."""
    require_schema(engine)
    info = _region(engine, region.upper())
    code = info["code"]
    series = _series(engine, code)
    projects = _projects(engine, code)
    enterprises = _enterprises(engine, code)
    addresses = {s["address"] for row in series.get("sources", []) for s in row}
    addresses |= set(projects["source"].dropna()) if len(projects) else set()
    notes = []
    if not HAS_TRADE_MONITOR:
        notes.append("trade_monitor_missing")
    return BriefData(
        region=info,
        series=series,
        sources=_sources(engine, addresses),
        structure=_structure(engine, code),
        stated_goods=_stated_goods(projects, enterprises),
        enterprises=enterprises,
        partners=_partners(engine, code, projects),
        projects=projects,
        timeline=_timeline(engine, code, addresses),
        alerts=_alerts(engine, code),
        opportunities=_opportunities(engine, code),
        map_values=_map_values(engine),
        region_names=_names(engine, lang),
        notes=notes,
    )
