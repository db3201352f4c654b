"""Trade charts: flows over time, balance, structure by HS section, complexity scatter.

Inputs are plain frames (the trade indicators' output); *text* holds the already translated
words, so one function serves every language. Amounts are drawn in million USD.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from coopatlas.charts.render import Chart

FLOW_COLOURS = {"turnover": "#1971c2", "exports": "#2f9e44", "imports": "#e8590c"}
WIDTH = 330


def flows_over_time(series: pd.DataFrame, text: Mapping[str, str]) -> Chart:
    """Turnover, exports and imports per period as lines (missing values leave gaps)."""
    cols = {"turnover_usd": "turnover", "export_usd": "exports", "import_usd": "imports"}
    long = series[["period", *cols]].melt("period", var_name="flow", value_name="usd")
    long = long.dropna(subset=["usd"])
    if long.empty:
        return None
    long["musd"] = long["usd"] / 1e6
    long["flow_name"] = long["flow"].map(lambda f: text[cols[f]])
    domain = [text[v] for v in cols.values()]
    base = alt.Chart(long, title=text["title_flows"], width=WIDTH, height=220).encode(
        x=alt.X("period:O", title=None, sort=list(series["period"]), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("musd:Q", title=text["musd"]),
        color=alt.Color(
            "flow_name:N",
            title=None,
            scale=alt.Scale(domain=domain, range=list(FLOW_COLOURS.values())),
        ),
        tooltip=[
            alt.Tooltip("period:O", title=text["period"]),
            alt.Tooltip("flow_name:N", title=text["flow"]),
            alt.Tooltip("musd:Q", title=text["musd"], format=",.1f"),
        ],
    )
    return base.mark_line(point=True) + base.mark_text(dy=-9, fontSize=9).encode(
        text=alt.Text("musd:Q", format=",.0f")
    )


def balance_bars(series: pd.DataFrame, text: Mapping[str, str]) -> Chart:
    """The balance (exports − imports) per period: surplus green, deficit red."""
    frame = series[["period", "balance_usd"]].dropna()
    if frame.empty:
        return None
    frame = frame.assign(musd=frame["balance_usd"] / 1e6, surplus=frame["balance_usd"] >= 0)
    base = alt.Chart(frame, title=text["title_balance"], width=WIDTH, height=220).encode(
        x=alt.X("period:O", title=None, sort=list(frame["period"]), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("musd:Q", title=text["musd"]),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "surplus:N",
            scale=alt.Scale(domain=[True, False], range=["#2f9e44", "#e03131"]),
            legend=None,
        ),
        tooltip=[alt.Tooltip("musd:Q", title=text["balance"], format=",.1f")],
    )
    labels = base.mark_text(dy=-7, fontSize=9).encode(text=alt.Text("musd:Q", format=",.0f"))
    return bars + labels


def structure_bars(structure: pd.DataFrame, text: Mapping[str, str]) -> Chart:
    """Horizontal bars by HS section or heading (*structure*: name, flow_name, usd)."""
    frame = structure.dropna(subset=["usd"])
    frame = frame[frame["usd"] > 0]
    if frame.empty:
        return None
    frame = frame.assign(musd=frame["usd"] / 1e6)
    order = list(frame.groupby("name")["musd"].sum().sort_values(ascending=False).index)
    base = alt.Chart(frame, title=text["title_structure"], width=300, height=alt.Step(18)).encode(
        y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("musd:Q", title=text["musd"], stack=True),
        color=alt.Color("flow_name:N", title=None),
        tooltip=[
            alt.Tooltip("name:N", title=text["product"]),
            alt.Tooltip("flow_name:N", title=text["flow"]),
            alt.Tooltip("musd:Q", title=text["musd"], format=",.1f"),
        ],
    )
    return base.mark_bar()


def complexity_scatter(frame: pd.DataFrame, text: Mapping[str, str]) -> Chart:
    """Products the region could make next: density (x), complexity (y), gain (size)."""
    data = frame.dropna(subset=["density", "pci"])
    if data.empty:
        return None
    return (
        alt.Chart(data, title=text["title_complexity"], width=WIDTH, height=240)
        .mark_circle(opacity=0.75, color="#7048e8")
        .encode(
            x=alt.X(
                "density:Q",
                title=text["density"],
                scale=alt.Scale(zero=False, nice=True),
                axis=alt.Axis(tickCount=5, format=".3~f"),
            ),
            y=alt.Y("pci:Q", title=text["pci"]),
            size=alt.Size("cog:Q", title=text["cog"], legend=None),
            tooltip=[
                alt.Tooltip("name:N", title=text["product"]),
                alt.Tooltip("density:Q", format=".3f", title=text["density"]),
                alt.Tooltip("pci:Q", format=".2f", title=text["pci"]),
                alt.Tooltip("cog:Q", format=".2f", title=text["cog"]),
            ],
        )
    )
