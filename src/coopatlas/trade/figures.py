"""Trade figures from both stores, one per (partner, flow, period), with every provenance.

Why: the same figure reaches the registry more than once (the dataset's row for an article and
the intake's row for the same article, or two outlets quoting one press release). Figures on
one key that agree within 1% are one figure with several sources; statistics beat news; a
disagreement of more than 1% is kept beside the chosen figure so that it can be shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, or_, select

from coopatlas.registry import models
from coopatlas.trade import store
from coopatlas.trade.periods import month_end

TOLERANCE = 0.01
FIGURE_COLUMNS = [
    "flow",
    "period_start",
    "period_end",
    "value_usd",
    "value",
    "currency",
    "qualifier",
    "growth_pct",
    "growth_basis",
    "sources",
]


def _host(address: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(address).netloc or address


def registry_figures(engine: Engine, partner: str, reporter: str = "BY") -> pd.DataFrame:
    """All-goods figures of the registry for *partner*, each with its source described."""
    t, d = models.TradeFlow, models.Document
    query = select(
        t.flow,
        t.period_start,
        t.period_end,
        t.value_usd,
        t.value,
        t.currency,
        t.qualifier,
        t.growth_pct,
        t.growth_basis,
        t.source,
        t.synthetic,
    ).where(t.partner == partner, t.reporter == reporter, t.hs == "TOTAL")
    with engine.connect() as c:
        rows = pd.DataFrame(c.execute(query).all(), columns=list(query.selected_columns.keys()))
        addresses = sorted(set(rows["source"])) if not rows.empty else []
        ids = [a[4:] for a in addresses if a.startswith("doc:")]
        docs = pd.DataFrame(
            c.execute(
                select(d.id, d.url, d.title, d.published, d.source_site).where(
                    or_(d.url.in_(addresses), d.id.in_(ids))
                )
            ).all(),
            columns=["id", "url", "title", "published", "site"],
        )
    if rows.empty:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "rank"])
    described: dict[str, dict[str, Any]] = {}
    docs = docs.astype(object).where(docs.notna(), None)
    for doc in docs.sort_values("published", na_position="last").itertuples():
        title = doc.title or _host(doc.url or "") or doc.site
        if not doc.url:  # a saved text without its address: say where it was published
            title = f"{title} ({doc.site}, saved text)" if doc.site else f"{title} (saved text)"
        entry = {
            "address": doc.url,
            "title": title,
            "date": doc.published.isoformat() if doc.published else None,
            "kind": "news",
        }
        described.setdefault(f"doc:{doc.id}", entry)
        if doc.url:
            described.setdefault(doc.url, entry)

    def describe(address: str, synthetic: bool) -> dict[str, Any]:
        found = described.get(address)
        if found is None:
            kind = "news" if address.startswith(("http://", "https://", "doc:")) else "statistics"
            found = {"address": address, "title": _host(address), "date": None, "kind": kind}
        return {**found, "synthetic": True} if synthetic else dict(found)

    rows["sources"] = [
        [describe(a, bool(s))] for a, s in zip(rows["source"], rows["synthetic"], strict=True)
    ]
    rows["rank"] = [1 if s[0]["kind"] == "news" else 0 for s in rows["sources"]]
    return rows.drop(columns=["source", "synthetic"])


def statistics_figures(
    engine: Engine, partner: str, by: str = "year", reporter: str = "BY"
) -> pd.DataFrame:
    """Exports, imports and turnover from the statistics store, per year (and the latest
    year to date), quarter or month, with the files they come from."""
    monthly = store.monthly_totals(engine, partner, reporter)
    if monthly.empty:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "rank"])
    monthly["index"] = monthly["year"].astype(int) * 12 + monthly["month"].astype(int) - 1
    last = int(monthly["index"].max())
    if by == "month":
        monthly["first"] = monthly["index"]
    elif by == "quarter":
        monthly["first"] = monthly["index"] - monthly["index"] % 3
    else:
        monthly["first"] = monthly["index"] - monthly["index"] % 12
    monthly["last"] = monthly["index"]
    groups = monthly.groupby(["flow", "first"])
    frame = groups.agg(
        value_usd=("value_usd", "sum"),
        last=("last", "max"),
        files=("files", lambda f: sorted({int(x) for fs in f for x in fs})),
    )
    frame = frame.reset_index()
    # a period is whole up to the last month any flow has (the latest year to date)
    span = {"year": 12, "quarter": 3, "month": 1}[by]
    frame["last"] = np.minimum(frame["first"] + span - 1, last)
    # the latest period is partial (a year to date): add the same months a year before
    partial = frame[frame["last"] - frame["first"] < span - 1]
    if not partial.empty:
        first, stop = int(partial["first"].iloc[0]) - 12, int(partial["last"].iloc[0]) - 12
        window = monthly[(monthly["index"] >= first) & (monthly["index"] <= stop)]
        if not window.empty:
            earlier = window.groupby("flow").agg(
                value_usd=("value_usd", "sum"),
                files=("files", lambda f: sorted({int(x) for fs in f for x in fs})),
            )
            earlier = earlier.reset_index().assign(first=first, last=stop)
            frame = pd.concat([frame, earlier], ignore_index=True)
    both = frame.pivot_table(
        index=["first", "last"], columns="flow", values="value_usd", aggfunc="sum"
    )
    both = both.reindex(columns=["export", "import"]).dropna()
    turnover = (both["export"] + both["import"]).rename("value_usd").reset_index()
    turnover["flow"] = "turnover"
    turnover = turnover.merge(
        frame.groupby(["first", "last"])["files"]
        .agg(lambda f: sorted({x for fs in f for x in fs}))
        .reset_index(),
        on=["first", "last"],
    )
    frame = pd.concat([frame, turnover], ignore_index=True)
    loaded = {f.id: f.source() for f in store.manifest(engine)}
    frame["sources"] = [[loaded[i] for i in files if i in loaded] for files in frame["files"]]
    frame["period_start"] = [dt.date(i // 12, i % 12 + 1, 1) for i in frame["first"]]
    frame["period_end"] = [month_end(i // 12, i % 12 + 1) for i in frame["last"]]
    frame["qualifier"] = "exact"
    for column in ("value", "currency", "growth_pct", "growth_basis"):
        frame[column] = None
    frame["rank"] = 0
    return frame[[*FIGURE_COLUMNS, "rank"]]


def resolve(figures: pd.DataFrame) -> pd.DataFrame:
    """One figure per (flow, period): the best source's value, the sources that agree with it
    within 1%, and the ones that disagree (``disagreements``)."""
    if figures.empty:
        return figures.assign(disagreements=[])
    key = ["flow", "period_start", "period_end"]
    ordered = figures.assign(
        _usd=figures["value_usd"].isna(),
        _inexact=figures["qualifier"] != "exact",
    ).sort_values([*key, "rank", "_usd", "_inexact"], kind="stable")
    best = ordered.drop_duplicates(key).drop(columns=["_usd", "_inexact"])
    merged = ordered.merge(
        best[[*key, "value_usd", "value", "currency"]], on=key, suffixes=("", "_best")
    )
    a = merged["value_usd"].where(merged["value_usd_best"].notna(), merged["value"])
    b = merged["value_usd_best"].where(merged["value_usd_best"].notna(), merged["value_best"])
    high = np.maximum(a.astype(float), b.astype(float))
    agrees = (high - np.minimum(a.astype(float), b.astype(float))) <= TOLERANCE * high
    agrees |= a.isna() & merged["currency"].ne(merged["currency_best"])  # another unit
    merged["agrees"] = agrees.fillna(True)
    out = []
    for _, group in merged.groupby(key, sort=True):
        first = group.iloc[0].to_dict()
        sources: list[dict[str, Any]] = []
        for s in group.loc[group["agrees"], "sources"]:
            sources.extend(x for x in s if x not in sources)
        if first["growth_pct"] is None or pd.isna(first["growth_pct"]):
            stated = group.dropna(subset=["growth_pct"])
            if not stated.empty:
                first["growth_pct"] = stated["growth_pct"].iloc[0]
                first["growth_basis"] = stated["growth_basis"].iloc[0]
        first["sources"] = sources
        first["disagreements"] = [
            {
                "value_usd": None if pd.isna(r.value_usd) else float(r.value_usd),
                "value": None if pd.isna(r.value) else float(r.value),
                "currency": r.currency,
                "sources": r.sources,
            }
            for r in group.loc[~group["agrees"]].itertuples()
        ]
        out.append(first)
    frame = pd.DataFrame(out)
    return frame.drop(columns=[c for c in frame.columns if c.endswith("_best") or c == "agrees"])
