"""Writing a plan: CSV tables, a JSON summary and a self-contained HTML report.

The HTML has no scripts and no external resources: its charts (localization share by year,
the investment timeline, demands by stage) are SVG drawn here.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from coopatlas.plan.solve import PlanResult

STAGE_COLOURS = {
    "1 existing capacity": "#2b8a3e",
    "2 expansion": "#1971c2",
    "3 new plant": "#e8590c",
    "import": "#868e96",
    "unmet": "#c92a2a",
}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    if frame.empty:
        return []
    clean = frame.astype(object).where(frame.notna(), None)
    out: list[dict[str, Any]] = clean.to_dict("records")
    return out


def result_json(result: PlanResult, roadmap_rows: int | None = None) -> dict[str, Any]:
    """The whole result as JSON-ready data (the roadmap cut to *roadmap_rows* if given)."""
    roadmap = result.roadmap if roadmap_rows is None else result.roadmap.head(roadmap_rows)
    return {
        **result.summary(),
        "model": result.model,
        "years": result.years,
        "localization": _records(result.localization),
        "investments": _records(result.investments),
        "trade": _records(result.trade),
        "roadmap": _records(roadmap),
        "stretched": _records(result.stretched),
    }


def write_outputs(result: PlanResult, out: Path) -> dict[Path, str]:
    """Write roadmap.csv, investments.csv, flows.csv, localization.csv, trade.csv,
    costs.csv, plan.json and report.html into *out*; return {path: what it is}."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[Path, str] = {}
    tables = {
        "roadmap": (result.roadmap, "each demand: stage, suppliers, local and imported by year"),
        "investments": (result.investments, "expansions and plants: where, when, cost, note"),
        "flows": (result.flows, "supplier to demand quantities by year"),
        "localization": (result.localization, "localization share by year"),
        "trade": (result.trade, "plan-implied trade between Belarus and Russian regions"),
        "costs": (
            pd.DataFrame(list(result.costs.items()), columns=["item", "usd"]),
            "cost breakdown over the horizon",
        ),
    }
    if not result.stretched.empty:
        tables["infeasibility"] = (result.stretched, "constraints the relaxation stretched")
    for name, (frame, what) in tables.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        written[path] = what
    path = out / "plan.json"
    path.write_text(json.dumps(result_json(result), indent=1, default=str) + "\n", "utf-8")
    written[path] = "summary, solver status and all tables as JSON"
    path = out / "report.html"
    path.write_text(render_html(result), "utf-8")
    written[path] = "the report: charts, stages, investments, parallel-production notes"
    return written


# -- SVG charts ---------------------------------------------------------------------------


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
    sx = (w - 2 * pad) / max(len(xs) - 1, 1)

    def px(i: int) -> float:
        return pad + i * sx

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
            f'text-anchor="middle">{_short(v)}</text>'
        )
    return _svg(w, h, "".join(parts), title)


def _parts(model: dict[str, Any]) -> str:
    count = int(model.get("parts", 1))
    return f", in {count:,} independent parts" if count > 1 else ""


def _short(v: float) -> str:
    if abs(v) >= 1e9:
        return f"{v / 1e9:.1f}B"
    if abs(v) >= 1e6:
        return f"{v / 1e6:.1f}M"
    if abs(v) >= 1e3:
        return f"{v / 1e3:.1f}k"
    return f"{v:,.0f}"


def _table(frame: pd.DataFrame, limit: int = 200) -> str:
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


CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;font-size:12px;margin:0.5em 0}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.kpi{display:inline-block;margin:0 2em 1em 0}
.kpi b{display:block;font-size:20px}.note{color:#555;font-size:13px}
.bad{color:#c92a2a}
"""


def render_html(result: PlanResult, title: str = "coopatlas localization plan") -> str:
    """A self-contained HTML page (inline CSS and SVG, no scripts or external resources)."""
    s = result.summary()
    kpis = [
        ("status", result.status),
        ("objective (discounted USD)", _short(result.objective or 0.0)),
        ("best bound", _short(result.bound or 0.0)),
        ("gap", f"{(result.gap or 0.0):.2%}"),
        ("investments", f"{len(result.investments)} ({_short(s['capital'])} USD)"),
        ("demands", f"{len(result.roadmap):,}"),
    ]
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='note'>Years {result.years[0]}–{result.years[-1]}. Solved by HiGHS "
        f"in {result.seconds_solve:.1f} s (model built in {result.seconds_build:.1f} s: "
        f"{result.model.get('columns', 0):,} variables, {result.model.get('rows', 0):,} "
        f"constraints{_parts(result.model)}). Quantities that no public source gives are "
        "synthetic where the registry marks them so.</p>",
    ]
    parts.append(
        "".join(f"<div class='kpi'>{k}<b>{html.escape(str(v))}</b></div>" for k, v in kpis)
    )
    if result.explanation:
        parts.append("<h2 class='bad'>Why there is no plan</h2><ul>")
        parts += [f"<li>{html.escape(line)}</li>" for line in result.explanation]
        parts.append("</ul>")
        parts.append(_table(result.stretched))
    if not result.roadmap.empty:
        loc = result.localization
        parts.append("<h2>Localization share by year</h2>")
        parts.append(
            line_chart(
                [int(y) for y in loc["year"]],
                [float(v) for v in loc["share"]],
                "Share of demand supplied in the Union State",
            )
        )
        parts.append(_table(loc))
        parts.append("<h2>Investment timeline</h2>")
        inv = result.investments
        by_year = inv.groupby("decided")["capital_cost"].sum() if len(inv) else pd.Series()
        labels = [str(y) for y in result.years]
        values = [float(by_year.get(y, 0.0)) for y in result.years]
        parts.append(
            bar_chart(
                labels,
                values,
                "Capital committed by decision year (USD)",
                ["#1971c2"] * len(labels),
            )
        )
        parts.append("<h2>Demands by stage</h2>")
        stages = list(result.stages)
        parts.append(
            bar_chart(
                stages,
                [float(result.stages[k]) for k in stages],
                "Demands by stage",
                [STAGE_COLOURS.get(k, "#999") for k in stages],
            )
        )
        parts.append(
            "<p class='note'>Stage 1: covered from existing spare capacity from its first "
            "year; 2: needs an expansion of an existing plant; 3: needs a new plant; import: "
            "still imported in some year.</p>"
        )
        parts.append("<h2>Investments and parallel-production notes</h2>")
        parts.append(
            "<p class='note'>For every proposed plant: how much of the demand it can serve "
            "remained after the Union State's existing and expanded capacity for the same "
            "product. With the no-parallel rule on (the default), a plant produces only in "
            "years when that capacity is fully used.</p>"
        )
        parts.append(_table(inv))
        parts.append("<h2>Trade between Belarus and Russian regions implied by the plan</h2>")
        trade = result.trade
        if len(trade):
            total = (
                trade.groupby("region")[["by_exports_usd", "by_imports_usd", "balance_change_usd"]]
                .sum()
                .reset_index()
            )
            parts.append(_table(total.sort_values("balance_change_usd")))
        else:
            parts.append("<p><em>no cross-border flows</em></p>")
        parts.append("<h2>Cost breakdown (undiscounted, whole horizon)</h2>")
        parts.append(_table(pd.DataFrame(list(result.costs.items()), columns=["item", "USD"])))
        parts.append("<h2>Roadmap</h2>")
        parts.append(_table(result.roadmap, limit=300))
    body = "\n".join(parts)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
        f"{html.escape(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n"
    )
