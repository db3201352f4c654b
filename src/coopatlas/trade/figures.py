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


def registry_figures(engine: Engine, partner: str | None, reporter: str = "BY") -> pd.DataFrame:
    """All-goods figures of the registry for *partner* (every partner for None, with a
    ``partner`` column), each with its source described."""
    t, d = models.TradeFlow, models.Document
    query = select(
        t.partner,
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
    ).where(t.reporter == reporter, t.hs == "TOTAL")
    if partner is not None:
        query = query.where(t.partner == partner)
    with engine.connect() as c:
        rows = pd.DataFrame(c.execute(query).all(), columns=list(query.selected_columns.keys()))
        addresses = sorted(set(rows["source"])) if not rows.empty else []
        ids = [a[4:] for a in addresses if a.startswith("doc:")]
        docs = pd.DataFrame(
            c.execute(
                select(d.id, d.url, d.title, d.title_ru, d.published, d.source_site).where(
                    or_(d.url.in_(addresses), d.id.in_(ids))
                )
            ).all(),
            columns=["id", "url", "title", "title_ru", "published", "site"],
        )
    if rows.empty:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "rank", "partner"])
    described: dict[str, dict[str, Any]] = {}
    docs = docs.astype(object).where(docs.notna(), None)
    for doc in docs.sort_values("published", na_position="last").itertuples():
        title = doc.title or _host(doc.url or "") or doc.site
        if not doc.url:  # a saved text without its address: say where it was published
            title = f"{title} ({doc.site}, saved text)" if doc.site else f"{title} (saved text)"
        entry = {
            "address": doc.url,
            "title": title,
            "title_ru": doc.title_ru,
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
    rows = rows.drop(columns=["source", "synthetic"])
    return rows if partner is None else rows.drop(columns="partner")


def statistics_figures(
    engine: Engine, partner: str, by: str = "year", reporter: str = "BY"
) -> pd.DataFrame:
    """Exports, imports and turnover from the statistics store, per year (and the latest
    year to date), quarter or month, with the files they come from."""
    monthly = store.monthly_totals(engine, partner, reporter)
    loaded = {f.id: f.source() for f in store.manifest(engine)}
    return statistics_from_monthly(monthly, by, loaded)


def _union(lists: pd.Series) -> list[int]:
    return sorted({int(x) for fs in lists for x in fs})


def statistics_from_monthly(
    monthly: pd.DataFrame, by: str, loaded: dict[int, dict[str, Any]]
) -> pd.DataFrame:
    """The figures of :func:`statistics_figures` from monthly totals, for one partner or, with
    a ``partner`` column, for all at once (one set of vector operations either way)."""
    if monthly.empty:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "rank"])
    m = monthly.copy()
    single = "partner" not in m.columns
    if single:
        m["partner"] = ""
    m["index"] = m["year"].astype(int) * 12 + m["month"].astype(int) - 1
    span = {"year": 12, "quarter": 3, "month": 1}[by]
    m["first"] = m["index"] - m["index"] % span
    latest = m.groupby("partner")["index"].max()
    frame = m.groupby(["partner", "flow", "first"], as_index=False).agg(
        value_usd=("value_usd", "sum"), files=("files", _union)
    )
    # a period is whole up to the last month the partner has (the latest year to date)
    frame["last"] = np.minimum(frame["first"] + span - 1, frame["partner"].map(latest))
    # a partial latest period is compared with the same months a year before: add those
    partial = frame.loc[frame["last"] - frame["first"] < span - 1, ["partner", "first", "last"]]
    partial = partial.drop_duplicates("partner")
    if not partial.empty:
        window = m.merge(
            partial.rename(columns={"first": "first_p", "last": "last_p"}), on="partner"
        )
        window = window[
            (window["index"] >= window["first_p"] - 12) & (window["index"] <= window["last_p"] - 12)
        ]
        if not window.empty:
            earlier = window.groupby(["partner", "flow", "first_p", "last_p"], as_index=False).agg(
                value_usd=("value_usd", "sum"), files=("files", _union)
            )
            earlier["first"] = earlier["first_p"] - 12
            earlier["last"] = earlier["last_p"] - 12
            frame = pd.concat(
                [frame, earlier.drop(columns=["first_p", "last_p"])], ignore_index=True
            )
    key = ["partner", "first", "last"]
    both = frame.pivot_table(index=key, columns="flow", values="value_usd", aggfunc="sum")
    both = both.reindex(columns=["export", "import"]).dropna()
    turnover = (both["export"] + both["import"]).rename("value_usd").reset_index()
    turnover["flow"] = "turnover"
    turnover = turnover.merge(frame.groupby(key)["files"].agg(_union).reset_index(), on=key)
    frame = pd.concat([frame, turnover], ignore_index=True)
    frame["sources"] = [[loaded[i] for i in files if i in loaded] for files in frame["files"]]
    frame["period_start"] = [dt.date(i // 12, i % 12 + 1, 1) for i in frame["first"]]
    frame["period_end"] = [month_end(i // 12, i % 12 + 1) for i in frame["last"]]
    frame["qualifier"] = "exact"
    for column in ("value", "currency", "growth_pct", "growth_basis"):
        frame[column] = None
    frame["rank"] = 0
    return frame[[*FIGURE_COLUMNS, "rank"] + ([] if single else ["partner"])]


def _num(value: Any) -> float | None:
    return None if value is None or value != value else float(value)


def significant_digits(value: float | None) -> int:
    """How many significant digits a stated figure has (330 million: 2; 334 million: 3)."""
    if value is None or value == 0:
        return 0
    digits = f"{abs(value):.6g}".replace(".", "").lstrip("0")
    digits = digits.split("e")[0]
    return len(digits.rstrip("0")) or 1


def consistent(stated: float, qualifier: Any, best: float) -> bool:
    """Whether a stated figure says the same as *best*: within 1%, *best* rounded to the
    stated figure's precision ("over $330 million" and "$330 million" both say what "about
    $334 million" says more precisely), or inside a stated bound ("over", "under")."""
    if abs(stated - best) <= TOLERANCE * max(abs(stated), abs(best)):
        return True
    if qualifier == "over":
        return best >= stated
    if qualifier == "under":
        return best <= stated
    digits = significant_digits(stated)
    return digits > 0 and float(f"{best:.{digits}g}") == stated


def stated_precedence(value: float | None, qualifier: Any) -> tuple[int, bool]:
    """Which of several news figures for one key to show: the most precisely stated (the
    others are its roundings or bounds), then exact before approximate. Sorts ascending."""
    return -significant_digits(value), qualifier != "exact"


def resolve(figures: pd.DataFrame) -> pd.DataFrame:
    """One figure per (flow, period): the best source's value, the sources that agree with it
    within 1%, and the ones that disagree (``disagreements``).

    Figures that agree form one group, led by its most precisely stated figure. Of groups
    that disagree, statistics beat news, and of news the group reported last wins: a later
    report of the same period revises an earlier one ("preliminary data: $25.5 billion"
    in February, "$28.5 billion" in May), and the earlier stays beside it as a disagreement.

    With a ``partner`` column, figures of several partners are resolved at once (the key
    includes the partner): one conversion to records instead of one per partner.

    Plain Python over records: there is one record per figure (periods × flows × sources, a
    few hundred per partner), and pandas' per-call overhead was most of the time here."""
    if figures.empty:
        return figures.assign(disagreements=[])
    columns = list(figures.columns)
    records = figures.astype(object).where(figures.notna(), None).to_dict("records")
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    by_partner = "partner" in figures.columns
    for r in records:
        key = (r["flow"], r["period_start"], r["period_end"])
        groups.setdefault((r["partner"], *key) if by_partner else key, []).append(r)
    out = []
    for members in groups.values():
        # statistics first, then figures in USD, then stated_precedence
        members.sort(
            key=lambda r: (
                r["rank"],
                r["value_usd"] is None,
                *stated_precedence(
                    _num(r["value_usd"] if r["value_usd"] is not None else r["value"]),
                    r["qualifier"],
                ),
            )
        )
        agreeing: list[list[dict[str, Any]]] = []
        for r in members:
            home = next((g for g in agreeing if _agrees(r, g[0])), None)
            if home is None:
                agreeing.append([r])
            else:
                home.append(r)
        rank = members[0]["rank"]
        chosen = max((g for g in agreeing if g[0]["rank"] == rank), key=_reported_last)
        best = chosen[0]
        first = {c: best[c] for c in columns}
        first["sources"], first["disagreements"] = [], []
        for r in chosen:
            first["sources"].extend(x for x in r["sources"] if x not in first["sources"])
            if first["growth_pct"] is None and r["growth_pct"] is not None:
                first["growth_pct"] = r["growth_pct"]
                first["growth_basis"] = r["growth_basis"]
        for r in (r for g in agreeing if g is not chosen for r in g):
            first["disagreements"].append(
                {
                    "value_usd": _num(r["value_usd"]),
                    "value": _num(r["value"]),
                    "currency": r["currency"],
                    "sources": r["sources"],
                }
            )
        out.append(first)
    return pd.DataFrame(out)


def _agrees(r: dict[str, Any], best: dict[str, Any]) -> bool:
    """Whether figure *r* says what *best* says (figures in different units cannot be
    compared here and are taken to agree)."""
    same_unit = (r["value_usd"] is not None) == (best["value_usd"] is not None) and (
        best["value_usd"] is not None or r["currency"] == best["currency"]
    )
    a = _num(r["value_usd"] if best["value_usd"] is not None else r["value"])
    b = _num(best["value_usd"] if best["value_usd"] is not None else best["value"])
    return not same_unit or a is None or b is None or consistent(a, r["qualifier"], b)


def _reported_last(group: list[dict[str, Any]]) -> str:
    """The latest publication date of a group's sources (ISO dates compare as strings; an
    undated source counts as the earliest)."""
    return max((s.get("date") or "" for r in group for s in r["sources"]), default="")
