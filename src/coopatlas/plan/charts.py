"""Charts and HTML tables for the plan and sweep reports (no scripts, no CDN).

The charts come from the product's one charting layer (``coopatlas.charts``: Vega-Lite drawn
to static SVG); the names stay here so the report code does not change.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from coopatlas.charts import bar_chart, hbar_chart, line_chart

__all__ = ["bar_chart", "hbar_chart", "line_chart", "short", "table"]


def short(v: float) -> str:
    if abs(v) >= 1e9:
        return f"{v / 1e9:.1f}B"
    if abs(v) >= 1e6:
        return f"{v / 1e6:.1f}M"
    if abs(v) >= 1e3:
        return f"{v / 1e3:.1f}k"
    return f"{v:,.0f}"


def table(frame: pd.DataFrame, limit: int = 200) -> str:
    if frame.empty:
        return "<p><em>none</em></p>"
    shown = frame.head(limit)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    body = []
    for row in shown.itertuples(index=False):
        cells = []
        for v in row:
            if isinstance(v, float) and math.isfinite(v):
                text = f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
            else:
                text = "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p>{len(frame) - limit:,} more rows in the CSV file.</p>" if len(frame) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"
