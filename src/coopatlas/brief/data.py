"""What a briefing says about one region, gathered from the registry as plain data.

Trade figures, structure, alerts and opportunities come from the trade monitor
(``coopatlas.trade``: news figures and customs statistics as one series, one figure per
flow and period with all its sources); the partners for the region's demands and for the
partner country's come from the matcher (:mod:`coopatlas.brief.matches`). Every figure
keeps the sources behind it, and each document adds the sentences the intake read its
figures from, so the page can footnote each number with its address, title, date and
sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, or_, select

from coopatlas.brief.matches import RegionMatches, region_matches
from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.registry.store import require_schema
from coopatlas.trade import alerts as trade_alerts
from coopatlas.trade import complexity, indicators


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
    matches: RegionMatches | None  # the matcher's suppliers and buyers (None: why in notes)
    map_values: dict[str, float]
    region_names: dict[str, str]
    notes: dict[str, str] = field(default_factory=dict)  # why a part is empty


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
        return {str(k): str(v) for k, v in c.execute(select(r.code, col)).all()}


def source_key(source: dict[str, Any]) -> str:
    """How a source is told apart: its address, else its title (a saved text)."""
    return str(source.get("address") or source.get("title") or "?")


def _sources(
    engine: Engine, given: list[dict[str, Any]], addresses: set[str], lang: str
) -> dict[str, Source]:
    """The sources as shown (titles in *lang* where a document has one), with the sentences
    the intake read from each document."""
    d, f = models.Document, models.Fact
    out: dict[str, Source] = {}
    for s in given:
        date = s.get("date")
        out.setdefault(
            source_key(s),
            Source(
                address=s.get("address") or "",
                title=s.get("title"),
                date=dt.date.fromisoformat(date) if isinstance(date, str) else date,
                kind=s.get("kind") or "document",
            ),
        )
    urls = {k for k in out if out[k].address} | addresses
    with engine.connect() as c:
        docs = c.execute(
            select(d.id, d.url, d.title, d.title_ru, d.published).where(d.url.in_(urls))
        ).all()
        by_doc = {doc_id: str(url) for doc_id, url, *_ in docs}
        for _, url, title, title_ru, published in docs:
            out.setdefault(str(url), Source(address=str(url), title=title, date=published))
            if lang == "ru" and title_ru:  # the document's own Russian title
                out[str(url)].title = title_ru
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


def full_years(frame: pd.DataFrame) -> pd.Series:
    start = pd.to_datetime(frame["period_start"])
    end = pd.to_datetime(frame["period_end"])
    return (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12) & (end.dt.day == 31)


def _series(engine: Engine, region: str) -> tuple[pd.DataFrame, str | None]:
    """Years and year-to-date spans (Q1, January–May) of trade with *region*, or why none."""
    try:
        return indicators.partner_series(engine, region, by="year"), None
    except UserError as exc:
        return pd.DataFrame(columns=indicators.SERIES_COLUMNS), str(exc)


def map_values(engine: Engine) -> dict[str, float]:
    """Each partner's latest full-year turnover with Belarus, for the map: the trade
    monitor's figure (``trade.indicators.turnover_by_partner``)."""
    frame = indicators.turnover_by_partner(engine)
    return {str(p): float(v) for p, v in zip(frame["partner"], frame["turnover_usd"], strict=True)}


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
            p.title_ru,
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
            select(
                d.id, d.title, d.title_ru, d.url, d.published, d.published_partial, d.language
            ).where(or_(d.id.in_(doc_ids), d.url.in_(addresses)), d.duplicate_of.is_(None))
        ).all()
        frame = pd.DataFrame(
            docs,
            columns=[
                "id",
                "title",
                "title_ru",
                "url",
                "published",
                "published_partial",
                "language",
            ],
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
    try:
        return [a.as_dict() for a in trade_alerts.alerts(engine, region)]
    except UserError:  # no figures to raise an alert on: the headline section says so
        return []


def _opportunities(engine: Engine, region: str) -> tuple[pd.DataFrame, str | None]:
    try:
        return complexity.next_products(engine, region, 10), None
    except UserError as exc:  # no statistics to compute complexity from: the page says so
        return pd.DataFrame(), str(exc)


def _matches(engine: Engine, region: str) -> tuple[RegionMatches | None, str | None]:
    try:
        return region_matches(engine, region), None
    except UserError as exc:  # nothing to match (no capabilities or demands): the page says so
        return None, str(exc)


def _structure(engine: Engine, region: str) -> tuple[pd.DataFrame, str | None]:
    """Chapters of Belarus's exports to and imports from *region* (statistics only)."""
    parts = []
    reason = None
    for flow in ("export", "import"):
        try:
            frame = indicators.structure(engine, region, level=2, flow=flow)
        except UserError as exc:
            return pd.DataFrame(), str(exc)
        reason = frame.attrs.get("reason") or reason
        if len(frame):
            parts.append(frame.assign(flow=flow))
    if not parts:
        return pd.DataFrame(), reason
    return pd.concat(parts, ignore_index=True), None


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
    series, no_series = _series(engine, code)
    projects = _projects(engine, code)
    enterprises = _enterprises(engine, code)
    given = [s for row in series["sources"] for s in row]
    addresses = {source_key(s) for s in given}
    addresses |= set(projects["source"].dropna())
    addresses |= set(enterprises["source"].dropna())
    structure, no_structure = _structure(engine, code)
    opportunities, no_opportunities = _opportunities(engine, code)
    matches, no_matches = _matches(engine, code)
    notes = {
        k: v
        for k, v in (
            ("series", no_series),
            ("structure", no_structure),
            ("opportunities", no_opportunities),
            ("matches", no_matches),
        )
        if v
    }
    return BriefData(
        region=info,
        series=series,
        sources=_sources(engine, given, addresses, lang),
        structure=structure,
        stated_goods=_stated_goods(projects, enterprises),
        enterprises=enterprises,
        partners=_partners(engine, code, projects),
        projects=projects,
        timeline=_timeline(engine, code, addresses),
        alerts=_alerts(engine, code),
        opportunities=opportunities,
        matches=matches,
        map_values=map_values(engine),
        region_names=_names(engine, lang),
        notes=notes,
    )
