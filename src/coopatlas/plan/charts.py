"""Inline SVG charts and HTML tables for the plan and sweep reports (no scripts, no CDN)."""

from __future__ import annotations

import html
import math
from collections.abc import Callable

import pandas as pd


def _svg(width: int, height: int, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">'
        f"<title>{html.escape(title)}</title>{body}</svg>"
    )


def line_chart(xs: list[int], ys: list[float], title: str, percent: bool = True) -> str:
    w, h, pad = 560, 240, 44
    if not xs:
        return ""
    top = 1.0 if percent else max(max(ys), 1e-9)
    inner = 18  # keeps the first point's label clear of the axis labels
    sx = (w - 2 * pad - 2 * inner) / max(len(xs) - 1, 1)

    def px(i: int) -> float:
        return pad + inner + i * sx

    def py(v: float) -> float:
        return h - pad - (v / top) * (h - 2 * pad)

    parts = [f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#999"/>']
    for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = py(frac * top)
        label = f"{frac:.0%}" if percent else f"{frac * top:,.0f}"
        parts.append(f'<line x1="{pad}" y1="{y:.1f}" x2="{w - pad}" y2="{y:.1f}" stroke="#eee"/>')
        parts.append(
            f'<text x="{pad - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{label}</text>'
        )
    points = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(ys))
    parts.append(f'<polyline points="{points}" fill="none" stroke="#1971c2" stroke-width="2"/>')
    for i, (x, v) in enumerate(zip(xs, ys, strict=True)):
        parts.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="#1971c2"/>')
        parts.append(
            f'<text x="{px(i):.1f}" y="{h - pad + 16}" font-size="10" '
            f'text-anchor="middle">{x}</text>'
        )
        text = f"{v:.0%}" if percent else f"{v:,.0f}"
        parts.append(
            f'<text x="{px(i):.1f}" y="{py(v) - 7:.1f}" font-size="9" '
            f'text-anchor="middle">{text}</text>'
        )
    return _svg(w, h, "".join(parts), title)


def bar_chart(labels: list[str], values: list[float], title: str, colours: list[str]) -> str:
    w, h, pad = 560, 240, 44
    if not labels:
        return ""
    top = max(max(values), 1e-9)
    bw = (w - 2 * pad) / len(labels)
    parts = [f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#999"/>']
    for i, (label, v, colour) in enumerate(zip(labels, values, colours, strict=True)):
        bh = (v / top) * (h - 2 * pad)
        x = pad + i * bw + bw * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{h - pad - bh:.1f}" width="{bw * 0.7:.1f}" '
            f'height="{bh:.1f}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{x + bw * 0.35:.1f}" y="{h - pad + 14}" font-size="10" '
            f'text-anchor="middle">{html.escape(label)}</text>'
        )
        parts.append(
            f'<text x="{x + bw * 0.35:.1f}" y="{h - pad - bh - 4:.1f}" font-size="9" '
            f'text-anchor="middle">{short(v)}</text>'
        )
    return _svg(w, h, "".join(parts), title)


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


def hbar_chart(labels: list[str], values: list[float], title: str, colour: str,
               form: Callable[[float], str] | None = None) -> str:  # fmt: skip
    """Horizontal bars, one row per label: long labels (scenario names) stay readable."""
    if not labels:
        return ""
    row, label_w, bar_w, value_w = 22, 300, 300, 70
    w, h = label_w + bar_w + value_w, row * len(labels) + 8
    top = max(max(values), 1e-9)
    parts = []
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = 4 + i * row
        length = max(v, 0.0) / top * bar_w
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"{html.escape(label)}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
            f'fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_w + length + 4:.1f}" y="{y + 15}" font-size="11">'
            f"{html.escape((form or short)(v))}</text>"
        )
    return _svg(w, h, "".join(parts), title)
