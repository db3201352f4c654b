"""Generic line and bar charts as SVG strings (the planner's report uses these).

Each returns ``""`` for no data, so a caller never shows an empty frame as if it were data.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from coopatlas.charts.render import to_svg

WIDTH, HEIGHT = 500, 200


def _short(v: float) -> str:
    for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= size:
            return f"{v / size:.1f}{unit}"
    return f"{v:,.0f}"


def line_chart(xs: list[int], ys: list[float], title: str, percent: bool = True) -> str:
    """A line with labelled points over years; *percent* reads values as shares of 1."""
    if not xs:
        return ""
    frame = pd.DataFrame({"x": [str(x) for x in xs], "y": ys})
    frame["label"] = [f"{v:.0%}" if percent else _short(v) for v in ys]
    y_axis = alt.Axis(format=".0%" if percent else "~s", title=None)
    y_scale = alt.Scale(domain=[0, 1]) if percent else alt.Scale(zero=True)
    base = alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT).encode(
        x=alt.X("x:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("y:Q", axis=y_axis, scale=y_scale),
    )
    chart = base.mark_line(
        color="#1971c2", point=alt.OverlayMarkDef(color="#1971c2")
    ) + base.mark_text(dy=-9, fontSize=9).encode(text="label:N")
    return to_svg(chart)


def bar_chart(labels: list[str], values: list[float], title: str, colours: list[str]) -> str:
    """Vertical bars in the given order and colours, each labelled with its short value."""
    if not labels:
        return ""
    frame = pd.DataFrame({"label": labels, "value": values, "colour": colours})
    frame["text"] = [_short(v) for v in values]
    base = alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT).encode(
        x=alt.X("label:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format="~s")),
    )
    chart = base.mark_bar().encode(color=alt.Color("colour:N", scale=None)) + base.mark_text(
        dy=-6, fontSize=9
    ).encode(text="text:N")
    return to_svg(chart)


def hbar_chart(
    labels: list[str],
    values: list[float],
    title: str,
    colour: str,
    form: Callable[[float], str] | None = None,
) -> str:
    """Horizontal bars, one row per label: long labels (scenario names) stay readable."""
    if not labels:
        return ""
    frame = pd.DataFrame({"label": labels, "value": [max(v, 0.0) for v in values]})
    frame["text"] = [(form or _short)(v) for v in values]
    base = alt.Chart(frame, title=title, width=300, height=alt.Step(22)).encode(
        y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("value:Q", title=None, axis=alt.Axis(format="~s")),
    )
    chart = base.mark_bar(color=colour) + base.mark_text(align="left", dx=4, fontSize=11).encode(
        text="text:N"
    )
    return to_svg(chart)
