"""Alerts: what a governor's visit should not be surprised by, with the numbers behind it.

Why: the Chelyabinsk article's complaint was trade falling two years in a row; analysts look
for that, a widening deficit, a main export losing share, growth far below the partner's own
trend, and a partner whose latest figures are missing. Each alert carries its numbers and the
sources of the figures it was computed from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select

from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.registry.store import require_schema
from coopatlas.trade import indicators, store

TREND_GAP_PP = 10.0  # growth this many points below the partner's own trend is "far below"
SHARE_LOSS_PP = 5.0  # a main export losing this many points of share


@dataclass
class Alert:
    kind: str
    partner: str
    message: str
    numbers: dict[str, Any] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sources(*rows: pd.Series) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in rows:
        out.extend(s for s in r["sources"] if s not in out)
    return out


def _m(value: float) -> str:
    return f"${value / 1e6:,.1f}m"


def _years(series: pd.DataFrame) -> pd.DataFrame:
    return series[series["period"].str.fullmatch(r"\d{4}")].set_index("period", drop=False)


def _latest(years: pd.DataFrame) -> str | None:
    """The partner's latest full year with any figure: what an alert speaks of. A fall or a
    deficit of years the partner's later figures have left behind is history, not news."""
    return str(years["period"].max()) if not years.empty else None


def _falling(partner: str, years: pd.DataFrame) -> list[Alert]:
    t = years.dropna(subset=["turnover_usd"])
    out = []
    if len(t) >= 3 and t["period"].iloc[-1] == _latest(years):
        a, b, c = t.iloc[-3], t.iloc[-2], t.iloc[-1]
        consecutive = int(c["period"]) - int(a["period"]) == 2
        if consecutive and a["turnover_usd"] > b["turnover_usd"] > c["turnover_usd"]:
            out.append(
                Alert(
                    "turnover_down_two_years",
                    partner,
                    f"turnover fell two years in a row: {_m(a['turnover_usd'])} in {a['period']}, "
                    f"{_m(b['turnover_usd'])} in {b['period']}, {_m(c['turnover_usd'])} in "
                    f"{c['period']}",
                    {
                        a["period"]: a["turnover_usd"],
                        b["period"]: b["turnover_usd"],
                        c["period"]: c["turnover_usd"],
                    },
                    _sources(a, b, c),
                )
            )
    return out


def _deficit(partner: str, years: pd.DataFrame) -> list[Alert]:
    t = years.dropna(subset=["balance_usd"])
    if len(t) < 2 or t["period"].iloc[-1] != _latest(years):
        return []
    a, b = t.iloc[-2], t.iloc[-1]
    if int(b["period"]) - int(a["period"]) == 1 and b["balance_usd"] < min(a["balance_usd"], 0):
        return [
            Alert(
                "deficit_widening",
                partner,
                f"Belarus's deficit widened from {_m(-a['balance_usd'])} in {a['period']} to "
                f"{_m(-b['balance_usd'])} in {b['period']}"
                + (
                    " (derived: imports = turnover − exports)"
                    if "import_usd" in b["derived"]
                    else ""
                ),
                {
                    f"balance_{a['period']}": a["balance_usd"],
                    f"balance_{b['period']}": b["balance_usd"],
                },
                _sources(a, b),
            )
        ]
    return []


def _trend(partner: str, years: pd.DataFrame) -> list[Alert]:
    t = years.dropna(subset=["turnover_usd"])
    if len(t) < 4 or t["period"].iloc[-1] != _latest(years):
        return []
    last, prev = t.iloc[-1], t.iloc[-2]
    first = t.iloc[0]
    span = int(prev["period"]) - int(first["period"])
    trend = indicators.cagr(first["turnover_usd"], prev["turnover_usd"], span)
    growth = last["turnover_growth_pct"]
    if trend is None or growth is None or pd.isna(growth):
        return []
    if growth < trend - TREND_GAP_PP:
        return [
            Alert(
                "growth_below_trend",
                partner,
                f"turnover {'grew' if growth >= 0 else 'fell'} {abs(growth):.1f}% in "
                f"{last['period']}, far below the partner's own "
                f"trend of {trend:+.1f}% a year ({first['period']}–{prev['period']})",
                {
                    "growth_pct": growth,
                    "trend_cagr_pct": round(trend, 1),
                    "trend_from": first["period"],
                    "trend_to": prev["period"],
                    "year": last["period"],
                },
                _sources(first, prev, last),
            )
        ]
    return []


def _main_export(engine: Engine, partner: str) -> list[Alert]:
    shares = indicators.structure(engine, partner, level=4)
    if shares.empty:
        return []
    year = int(shares["year"].iloc[0])
    before = store.query(
        engine,
        "SELECT substr(hs, 1, 4) AS code, sum(value_usd) AS v FROM stats WHERE partner = ? "
        "AND flow = 'export' AND year = ? GROUP BY ALL ORDER BY v DESC LIMIT 1",
        [partner, year - 1],
    )
    if before.empty:
        return []
    code = before["code"].iloc[0]
    row = shares[shares["code"] == code]
    now = float(row["share_pct"].iloc[0]) if not row.empty else 0.0
    was = float(row["previous_share_pct"].iloc[0]) if not row.empty else None
    if was is None or was - now < SHARE_LOSS_PP:
        return []
    name = row["name_en"].iloc[0] if not row.empty else code
    files = [f.source() for f in store.manifest(engine)]
    return [
        Alert(
            "main_export_losing_share",
            partner,
            f"the main export of {year - 1}, HS {code} ({name}), fell from {was:.1f}% to "
            f"{now:.1f}% of exports in {year}",
            {
                "hs": code,
                f"share_{year - 1}_pct": round(was, 1),
                f"share_{year}_pct": round(now, 1),
            },
            files,
        )
    ]


def _latest_period(engine: Engine) -> dt.date | None:
    t = models.TradeFlow
    with engine.connect() as c:
        latest = c.execute(select(func.max(t.period_end)).where(t.reporter == "BY")).scalar()
    stats = store.query(engine, "SELECT max(year * 12 + month - 1) AS i FROM stats")
    if not stats.empty and not pd.isna(stats["i"].iloc[0]):
        from coopatlas.trade.periods import month_end

        i = int(stats["i"].iloc[0])
        stat_end = month_end(i // 12, i % 12 + 1)
        latest = max(latest, stat_end) if latest else stat_end
    return latest


def _stale(partner: str, series: pd.DataFrame, latest: dt.date | None) -> list[Alert]:
    if latest is None or series.empty:
        return []
    last = series.sort_values("period_end").iloc[-1]
    if last["period_end"].year < latest.year:
        return [
            Alert(
                "no_recent_data",
                partner,
                f"no figures for {latest.year}: the latest is {last['period']} (the registry and "
                f"statistics reach {latest.isoformat()})",
                {
                    "latest_for_partner": last["period_end"].isoformat(),
                    "latest_overall": latest.isoformat(),
                },
                _sources(last),
            )
        ]
    return []


def partner_alerts(
    engine: Engine,
    partner: str,
    latest: dt.date | None = None,
    series: pd.DataFrame | None = None,
) -> list[Alert]:
    code = indicators.check_partner(engine, partner)
    if series is None:
        series = indicators.partner_series(engine, code)
    years = _years(series)
    found = _falling(code, years) + _deficit(code, years) + _trend(code, years)
    found += _main_export(engine, code)
    found += _stale(code, series, latest if latest is not None else _latest_period(engine))
    return found


def alerts(engine: Engine, partner: str | None = None) -> list[Alert]:
    """Alerts for *partner*, or for every partner with figures."""
    require_schema(engine)
    latest = _latest_period(engine)
    if partner is not None:
        return partner_alerts(engine, partner, latest)
    every = indicators.all_series(engine)
    if not every:
        raise UserError("no trade figures in the registry or the statistics store")
    out: list[Alert] = []
    for code, series in every.items():
        out.extend(partner_alerts(engine, code, latest, series))
    # what the trade did (a fall, a deficit, a lost export) before what the data lack: a
    # list cut to its first lines (the dashboard's) shows the former
    return sorted(out, key=lambda a: a.kind == "no_recent_data")
