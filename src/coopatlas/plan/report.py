"""Writing a plan: CSV tables, a JSON summary and a self-contained HTML report.

The HTML page is drawn in ``plan/page.py`` (charts in ``plan/charts.py``): no scripts and no
external resources.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from coopatlas.plan.page import plan_sentences, render_html
from coopatlas.plan.solve import PlanResult


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
    if not result.roadmap.empty:
        path = out / "summary.txt"
        path.write_text("\n".join(plan_sentences(result)) + "\n", "utf-8")
        written[path] = "the plan in three sentences"
    path = out / "report.html"
    path.write_text(render_html(result), "utf-8")
    written[path] = "the report: charts, stages, investments, parallel-production notes"
    return written
