"""The registry summary: what the database holds, and Belarus's trade with one region.

This is the demo's main job until the trade monitor and the planner add theirs. Every trade
figure is shown with its qualifier and source; derived figures (imports as turnover minus
exports, the balance) say they are derived.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, Integer, func, select

from coopatlas.registry import models
from coopatlas.registry.store import require_schema

COUNTED = {
    "regions": models.Region,
    "products": models.Product,
    "enterprises": models.Enterprise,
    "capabilities": models.Capability,
    "demands": models.Demand,
    "trade flows": models.TradeFlow,
    "projects": models.Project,
    "documents": models.Document,
    "expansion options": models.ExpansionOption,
    "new-plant options": models.PlantOption,
}
QUALIFIER_WORD = {"exact": "", "approx": "about ", "over": "over ", "under": "under "}


def _counts(engine: Engine) -> pd.DataFrame:
    rows = []
    with engine.connect() as c:
        for label, model in COUNTED.items():
            total = c.execute(select(func.count()).select_from(model)).scalar_one()
            synthetic_col = getattr(model, "synthetic", None)
            synthetic = (
                c.execute(select(func.count()).where(synthetic_col.is_(True))).scalar_one()
                if synthetic_col is not None
                else 0
            )
            rows.append({"table": label, "rows": total, "synthetic": synthetic})
    return pd.DataFrame(rows)


def _enterprises_by_region(engine: Engine) -> pd.DataFrame:
    e, r = models.Enterprise, models.Region
    query = (
        select(
            r.code,
            r.name_en,
            r.country,
            func.count(e.id).label("enterprises"),
            func.sum(func.cast(e.synthetic, Integer)).label("synthetic"),
        )
        .join(e, e.region == r.code)
        .group_by(r.code, r.name_en, r.country)
        .order_by(func.count(e.id).desc(), r.code)
    )
    with engine.connect() as c:
        return pd.DataFrame(
            c.execute(query).all(),
            columns=["code", "region", "country", "enterprises", "synthetic"],
        )


def trade_with(engine: Engine, region: str) -> pd.DataFrame:
    """Belarus's reported trade with *region*, one row per figure, with its source."""
    t = models.TradeFlow
    query = (
        select(
            t.period_start,
            t.period_end,
            t.flow,
            t.hs,
            t.value_usd,
            t.value,
            t.currency,
            t.qualifier,
            t.growth_pct,
            t.growth_basis,
            t.source,
            t.synthetic,
        )
        .where(t.partner == region, t.reporter == "BY")
        .order_by(t.period_start, t.period_end, t.flow)
    )
    with engine.connect() as c:
        return pd.DataFrame(c.execute(query).all(), columns=list(query.selected_columns.keys()))


def yearly_balance(trade: pd.DataFrame) -> pd.DataFrame:
    """Exports, imports and balance per period where the sources allow it.

    Officials usually quote turnover and exports; imports are then turnover minus exports,
    and the result is marked as derived. Where several sources give a period, each flow comes
    from the source that gives the most flows of it.
    """
    totals = trade[trade["hs"] == "TOTAL"].dropna(subset=["value_usd"])
    if totals.empty:
        return pd.DataFrame(
            columns=[
                "period_start",
                "period_end",
                "turnover",
                "exports",
                "imports",
                "balance",
                "derived",
                "approx",
            ]
        )
    # Several articles may state the same period's figures: take each flow from the source
    # that states the most flows of that period, so turnover, exports and imports agree.
    cover = totals.groupby(["period_start", "period_end", "source"])["flow"].transform("nunique")
    totals = totals.assign(_cover=cover).sort_values("_cover", ascending=False, kind="stable")
    inexact = (
        (totals["qualifier"] != "exact")
        .groupby([totals["period_start"], totals["period_end"]])
        .any()
    )
    wide = totals.pivot_table(
        index=["period_start", "period_end"], columns="flow", values="value_usd", aggfunc="first"
    )
    wide = wide.reindex(columns=["turnover", "export", "import"])
    wide.columns = ["turnover", "exports", "imports"]
    derived = wide["imports"].isna() & wide["turnover"].notna() & wide["exports"].notna()
    wide["imports"] = wide["imports"].fillna(wide["turnover"] - wide["exports"])
    wide["balance"] = wide["exports"] - wide["imports"]
    wide["derived"] = derived
    wide["approx"] = inexact.reindex(wide.index).fillna(False).astype(bool)
    return wide.reset_index()


def registry_summary(engine: Engine, region: str = "RU-LIP") -> dict[str, Any]:
    """Counts, enterprises by region, and trade with *region*, as plain data."""
    require_schema(engine)
    with engine.connect() as c:
        name = c.execute(select(models.Region.name_en).where(models.Region.code == region)).scalar()
    trade = trade_with(engine, region)
    return {
        "counts": _counts(engine),
        "enterprises_by_region": _enterprises_by_region(engine),
        "region": {"code": region, "name": name or region},
        "trade": trade,
        "balance": yearly_balance(trade),
    }


def _money(value: float | None, qualifier: str = "exact") -> str:
    if value is None or pd.isna(value):
        return "–"
    word = QUALIFIER_WORD.get(qualifier, "")
    sign = "−" if value < 0 else ""
    if abs(value) >= 1e9:
        return f"{word}{sign}${abs(value) / 1e9:,.2f} bn"
    return f"{word}{sign}${abs(value) / 1e6:,.1f} m"


def _period(start: Any, end: Any) -> str:
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{start:%Y-%m}..{end:%Y-%m}"


def render_markdown(summary: dict[str, Any]) -> str:
    """The summary as a Markdown report (the demo writes it; the CLI prints it)."""
    counts: pd.DataFrame = summary["counts"]
    by_region: pd.DataFrame = summary["enterprises_by_region"]
    trade: pd.DataFrame = summary["trade"]
    balance: pd.DataFrame = summary["balance"]
    region = summary["region"]
    lines = [
        "# coopatlas registry summary",
        "",
        "## What the registry holds",
        "",
        "| table | rows | of which synthetic |",
        "|---|---:|---:|",
    ]
    lines += [f"| {r.table} | {r.rows:,} | {r.synthetic:,} |" for r in counts.itertuples()]
    lines += [
        "",
        "Synthetic rows were generated by `coopatlas synth` (fixed seed) where no public "
        "source gives the quantities; they are marked `synthetic` in every table.",
        "",
        "## Enterprises by region (top 10)",
        "",
        "| region | code | enterprises | of which synthetic |",
        "|---|---|---:|---:|",
    ]
    lines += [
        f"| {r.region} | {r.code} | {r.enterprises} | {int(r.synthetic or 0)} |"
        for r in by_region.head(10).itertuples()
    ]
    lines += ["", f"## Trade between Belarus and {region['name']} ({region['code']})", ""]
    if trade.empty:
        lines.append("No trade figures recorded.")
        return "\n".join(lines) + "\n"
    lines += ["| period | flow | value | growth | source |", "|---|---|---:|---:|---|"]
    for r in trade.itertuples():
        growth = "" if pd.isna(r.growth_pct) else f"{r.growth_pct:+.1f}%"
        value = (
            _money(r.value_usd, r.qualifier)
            if not pd.isna(r.value_usd)
            else (f"{r.value:,.0f} {r.currency}")
        )
        mark = " (synthetic)" if r.synthetic else ""
        lines.append(
            f"| {_period(r.period_start, r.period_end)} | {r.flow} | {value} | "
            f"{growth} | {r.source}{mark} |"
        )
    if not balance.empty:
        lines += [
            "",
            "| period | turnover | exports | imports | balance |",
            "|---|---:|---:|---:|---:|",
        ]
        for r in balance.itertuples():
            note = " (derived: turnover − exports)" if r.derived else ""
            q = "approx" if r.approx else "exact"
            lines.append(
                f"| {_period(r.period_start, r.period_end)} | {_money(r.turnover)} | "
                f"{_money(r.exports)} | {_money(r.imports, q)}{note} | {_money(r.balance, q)} |"
            )
        lines += [
            "",
            "A derived figure built from an approximate one (about, over) is approximate.",
        ]
    return "\n".join(lines) + "\n"


def summary_json(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary as JSON-ready data."""

    def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
        plain = frame.astype(object).where(frame.notna(), None)
        iso = plain.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
        rows: list[dict[str, Any]] = iso.to_dict("records")
        return rows

    return {
        "counts": records(summary["counts"]),
        "enterprises_by_region": records(summary["enterprises_by_region"]),
        "region": summary["region"],
        "trade": records(summary["trade"]),
        "balance": records(summary["balance"]),
    }
