"""The trade monitor's alerts and the matcher's reasons, written in the page's language.

Why: ``trade.alerts`` and ``match.rank`` explain themselves in English sentences built from
numbers they also return (an alert's ``kind`` and ``numbers``; a ranked supplier's match
level, free capacity, backlog, distance, costs and ties). Pages in Russian write the same
sentences from those numbers with the briefing's catalogue and Babel's formats, so the
briefing and the web say the same thing in both languages.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from coopatlas.brief.i18n import Formats


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is used."""
    return message


ALERT_SENTENCES = {
    "turnover_down_two_years": N_(
        "turnover fell two years in a row: {a} in {year_a}, {b} in {year_b}, {c} in {year_c}"
    ),
    "deficit_widening": N_("Belarus's deficit widened from {a} in {year_a} to {b} in {year_b}"),
    "main_export_losing_share": N_(
        "the main export of {year_a}, HS {hs}, fell from {a} to {b} of exports in {year_b}"
    ),
    "growth_below_trend": N_(
        "turnover grew {growth} in {year}, far below the partner's own trend of {trend} a year "
        "({start}–{end})"
    ),
    "no_recent_data": N_(
        "no figures for {year}: the latest run to {latest} (the registry and statistics reach "
        "{overall})"
    ),
}


def _date(f: Formats, value: str) -> str:
    return f.date(dt.date.fromisoformat(value))


def alert_sentence(alert: dict[str, Any], f: Formats) -> str:
    """The alert's sentence in *f*'s language, from its kind and numbers (the English message
    of ``trade.alerts`` for a kind this module does not know)."""
    n, kind = alert.get("numbers") or {}, alert.get("kind")
    try:
        if kind == "turnover_down_two_years":
            years = sorted(n)
            values = {k: f.musd(float(n[y])) for k, y in zip("abc", years, strict=True)}
            years_named = {f"year_{k}": y for k, y in zip("abc", years, strict=True)}
            return f._(ALERT_SENTENCES[kind]).format(**values, **years_named)
        if kind == "deficit_widening":
            years = sorted(k.removeprefix("balance_") for k in n)
            a, b = (-float(n[f"balance_{y}"]) for y in years)
            return f._(ALERT_SENTENCES[kind]).format(
                a=f.musd(a), b=f.musd(b), year_a=years[0], year_b=years[1]
            )
        if kind == "main_export_losing_share":
            years = sorted(k.split("_")[1] for k in n if k.startswith("share_"))
            a, b = (float(n[f"share_{y}_pct"]) for y in years)
            return f._(ALERT_SENTENCES[kind]).format(
                hs=n["hs"], a=f.pct(a).lstrip("+"), b=f.pct(b).lstrip("+"),
                year_a=years[0], year_b=years[1],
            )  # fmt: skip
        if kind == "growth_below_trend":
            return f._(ALERT_SENTENCES[kind]).format(
                growth=f.pct(float(n["growth_pct"])), trend=f.pct(float(n["trend_cagr_pct"])),
                year=n.get("year", ""), start=n["trend_from"], end=n["trend_to"],
            )  # fmt: skip
        if kind == "no_recent_data":
            overall = str(n["latest_overall"])
            return f._(ALERT_SENTENCES[kind]).format(
                year=overall[:4], latest=_date(f, str(n["latest_for_partner"])),
                overall=_date(f, overall),
            )  # fmt: skip
    except (KeyError, ValueError, TypeError):
        pass
    return str(alert.get("message") or "")


COUNTRY_WORDS = {"BY": N_("Belarus"), "RU": N_("Russia")}
THIRD_COUNTRY = N_("a third country")
KIND_WORDS = {
    "existing": N_("existing"),
    "expansion": N_("expansion"),
    "new plant": N_("new plant"),
}


def _number(value: Any) -> float | None:
    """A quantity from a frame row: None for a missing one (None, NaN)."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def match_reasons(
    row: dict[str, Any], f: Formats, name: str | None = None, named: bool = True
) -> str:
    """Why a supplier is on the list (one ``match.rank`` row), in *f*'s language: what it
    makes, its free capacity against the need, backlog, road distance, delivered cost and
    its ties with the buyer. *name* is the supplier's name in the page's language; without
    *named* the sentence leaves it out (a table that shows it beside)."""
    _ = f._
    who = (name or row.get("supplier") or _("a new plant")) if named else ""
    country = _(COUNTRY_WORDS.get(str(row.get("country")), THIRD_COUNTRY))
    kind = _(KIND_WORDS.get(str(row.get("kind")), str(row.get("kind"))))
    level = (
        _("makes the same HS6 product")
        if row.get("match") == 6
        else _("makes a product of the same heading")
    )
    free, need = _number(row.get("free_capacity")) or 0.0, _number(row.get("quantity"))
    free_text = f.number(free, 0)
    if need is not None and free < need:
        capacity = _("free capacity {free} is short of the {need} needed").format(
            free=free_text, need=f.number(need, 0)
        )
    else:
        capacity = _("free capacity {free}").format(free=free_text)
    parts = [f"{who} ({country}, {kind}) {level}".strip(), capacity]
    backlog = _number(row.get("backlog_months"))
    if backlog:
        parts.append(_("backlog {months} months").format(months=f.number(backlog, 0)))
    parts.append(
        _("~{km} km by road, delivered cost {cost} (unit {unit} + transport {transport})").format(
            km=f.number(_number(row.get("road_km")) or 0.0, 0),
            cost=f.number(_number(row.get("cost")) or 0.0, 2),
            unit=f.number(_number(row.get("unit_cost")) or 0.0, 2),
            transport=f.number(_number(row.get("transport")) or 0.0, 2),
        )
    )
    ties = _number(row.get("ties"))
    if ties:
        parts.append(_("already works with the buyer ({n} projects)").format(n=int(ties)))
    return "; ".join(parts)
