"""The plan as a page a planner reads: the answer in sentences, charts, then the detail.

Order: what the plan says (stages, localization, capital) in words; the three charts; every
new plant with its parallel-production test; the expansions; the roadmap stage by stage, with
enterprise, region and product names; the trade effect and the costs. Self-contained: inline
CSS and SVG, no scripts, no external resources.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from coopatlas.plan.charts import bar_chart, line_chart, short, table
from coopatlas.plan.solve import PlanResult

STAGE_COLOURS = {
    "1 existing capacity": "#2b8a3e",
    "2 expansion": "#1971c2",
    "3 new plant": "#e8590c",
    "import": "#868e96",
    "unmet": "#c92a2a",
}
STAGE_TITLES = {
    1: "Stage 1: covered from existing spare capacity",
    2: "Stage 2: needs an expansion of an existing plant",
    3: "Stage 3: needs a new plant",
    4: "Still imported in some year",
    5: "Not met in some year",
    0: "Needed only after the horizon",
}
ROWS_PER_STAGE = 150

CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
table{border-collapse:collapse;font-size:12px;margin:0.5em 0}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.kpi{display:inline-block;margin:0 2em 1em 0}
.kpi b{display:block;font-size:20px}.note{color:#555;font-size:13px}
.bad{color:#c92a2a}.lead{font-size:15px;line-height:1.5;max-width:900px}
.charts{display:flex;flex-wrap:wrap;gap:0 1.5em}figure{margin:0 0 1em 0}
.charts figure{flex:1 1 440px;max-width:540px}.charts svg{width:100%;height:auto}
.plant{border-left:4px solid #e8590c;padding:0.3em 1em;margin:0.8em 0;background:#fff8f3}
.plant h3{margin:0.2em 0;font-size:15px}
.verdict{font-size:13px}
"""


def render_html(result: PlanResult, title: str = "coopatlas localization plan") -> str:
    """A self-contained HTML page (inline CSS and SVG, no scripts or external resources)."""
    parts = [f"<h1>{html.escape(title)}</h1>", _kpis(result)]
    if result.explanation:
        parts.append("<h2 class='bad'>Why there is no plan</h2><ul>")
        parts += [f"<li>{html.escape(line)}</li>" for line in result.explanation]
        parts.append("</ul>")
        parts.append(table(result.stretched))
    if not result.roadmap.empty:
        parts.append(f"<div class='lead'>{''.join(_summary(result))}</div>")
        parts.append(_charts(result))
        parts.append(_plants(result.investments))
        parts.append(_expansions(result.investments))
        parts.append(_roadmap(result))
        parts.append(_trade_and_costs(result))
    parts.append(
        f"<p class='note'>Years {result.years[0]}–{result.years[-1]}. Solved by HiGHS in "
        f"{result.seconds_solve:.1f} s (model built in {result.seconds_build:.1f} s: "
        f"{result.model.get('columns', 0):,} variables, {result.model.get('rows', 0):,} "
        f"constraints{_parts(result.model)}). Quantities that no public source gives are "
        "synthetic where the registry marks them so. All tables in full: the CSV files "
        "beside this page.</p>"
    )
    body = "\n".join(parts)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
        f"{html.escape(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n"
    )


def _parts(model: dict[str, Any]) -> str:
    count = int(model.get("parts", 1))
    return f", in {count:,} independent parts" if count > 1 else ""


def _kpis(result: PlanResult) -> str:
    s = result.summary()
    kpis = [("status", result.status)]
    if result.objective is not None:
        kpis += [
            ("cost, discounted (USD)", short(result.objective)),
            ("gap to the best bound", "-" if result.gap is None else f"{result.gap:.2%}"),
            ("investments", f"{len(result.investments)} ({short(s['capital'])} USD)"),
            ("demands", f"{len(result.roadmap):,}"),
        ]
    return "".join(f"<div class='kpi'>{k}<b>{html.escape(str(v))}</b></div>" for k, v in kpis)


def _summary(result: PlanResult) -> list[str]:
    return [f"<p>{html.escape(line)}</p>" for line in plan_sentences(result)]


def plan_sentences(result: PlanResult) -> list[str]:
    """The plan in three sentences (stages, localization, capital), as plain text."""
    count = result.roadmap["stage"].value_counts()
    n = len(result.roadmap)
    staged = [
        f"{count.get(1, 0):,} are covered from existing spare capacity (stage 1)",
        f"{count.get(2, 0):,} need an expansion of an existing plant (stage 2)",
        f"{count.get(3, 0):,} need a new plant (stage 3)",
    ]
    tail = []
    if count.get(4, 0):
        tail.append(f"{count.get(4, 0):,} are still imported in some year")
    if count.get(5, 0):
        tail.append(f"{count.get(5, 0):,} cannot be met in some year")
    if count.get(0, 0):
        tail.append(f"{count.get(0, 0):,} are needed only after {result.years[-1]}")
    text = [f"Of {n:,} demands, " + ", ".join(staged) + ("; " + " and ".join(tail) if tail
            else "") + "."]  # fmt: skip
    loc = result.localization
    if len(loc):
        first, last = loc.iloc[0], loc.iloc[-1]
        text.append(
            f"The share of demand supplied in the Union State goes from "
            f"{first['share']:.0%} in {int(first['year'])} to {last['share']:.0%} in "
            f"{int(last['year'])}; imports in {int(last['year'])} are worth "
            f"{short(float(last['import_value']))} USD."
        )
    inv = result.investments
    if len(inv):
        kinds = inv["kind"].value_counts()
        by_year = inv.groupby("decided")["capital_cost"].sum()
        peak = int(by_year.idxmax())
        text.append(
            f"{len(inv):,} investments ({kinds.get('expansion', 0):,} expansions, "
            f"{kinds.get('plant', 0):,} new plants) cost {short(float(inv['capital_cost'].sum()))}"
            f" USD, most of it decided in {peak} ({short(float(by_year[peak]))} USD)."
        )
    else:
        text.append("No investment pays for itself: existing capacity and imports.")
    return text


def _charts(result: PlanResult) -> str:
    loc = result.localization
    share = line_chart(
        [int(y) for y in loc["year"]],
        [float(v) for v in loc["share"]],
        "Share of demand supplied in the Union State",
    )
    inv = result.investments
    by_year = inv.groupby("decided")["capital_cost"].sum() if len(inv) else pd.Series()
    capital = bar_chart(
        [str(y) for y in result.years],
        [float(by_year.get(y, 0.0)) for y in result.years],
        "Capital committed by decision year (USD)",
        ["#1971c2"] * len(result.years),
    )
    stages = list(result.stages)
    by_stage = bar_chart(
        stages,
        [float(result.stages[k]) for k in stages],
        "Demands by stage",
        [STAGE_COLOURS.get(k, "#999") for k in stages],
    )
    figure = "<figure><figcaption><b>{}</b></figcaption>{}</figure>"
    return (
        "<div class='charts'>"
        + figure.format("Localization share by year", share)
        + figure.format("Capital by decision year", capital)
        + figure.format("Demands by stage", by_stage)
        + "</div>"
    )


def _plants(inv: pd.DataFrame) -> str:
    plants = inv[inv["kind"] == "plant"] if len(inv) else inv
    out = ["<h2>New plants and the parallel-production test</h2>"]
    out.append(
        "<p class='note'>With the no-parallel rule (the default), a new plant may produce "
        "only in years when the Union State's existing and expanded capacity for the same "
        "product is fully used. Each plant below says what that capacity delivered in its "
        "first producing year and what remained for the plant.</p>"
    )
    if plants.empty:
        out.append("<p><em>The plan builds no new plant.</em></p>")
        return "".join(out)
    for row in plants.sort_values("capital_cost", ascending=False).itertuples(index=False):
        r = row._asdict()
        out.append(
            "<div class='plant'>"
            f"<h3>{html.escape(str(r['what']))}: HS {html.escape(str(r['hs']))} "
            f"{html.escape(str(r['product']))}</h3>"
            f"<div>capacity {r['capacity']:,.0f} a year; decided {r['decided']}, producing "
            f"from {r['producing_from']}; capital {short(float(r['capital_cost']))} USD; "
            f"delivers {r['delivered_total']:,.0f} units over the horizon</div>"
            f"<div class='verdict'>{html.escape(str(r['parallel_note']))}</div></div>"
        )
    return "".join(out)


def _expansions(inv: pd.DataFrame) -> str:
    out = ["<h2>Expansions of existing plants</h2>"]
    exp = inv[inv["kind"] == "expansion"] if len(inv) else inv
    if exp.empty:
        return out[0] + "<p><em>The plan expands no existing plant.</em></p>"
    exp = exp.sort_values("capital_cost", ascending=False)
    shown = pd.DataFrame(
        {
            "what": exp["what"],
            "HS": exp["hs"],
            "product": exp["product"],
            "added capacity / yr": exp["capacity"].map("{:,.0f}".format),
            "decided": exp["decided"],
            "producing from": exp["producing_from"],
            "capital (USD)": exp["capital_cost"].map("{:,.0f}".format),
            "delivered, all years": exp["delivered_total"].map("{:,.0f}".format),
            "option": exp["option"],
        }
    )
    return out[0] + table(shown, limit=ROWS_PER_STAGE)


def _roadmap(result: PlanResult) -> str:
    road = result.roadmap
    years = result.years
    last = years[-1]
    out = [
        "<h2>Roadmap, stage by stage</h2>",
        "<p class='note'>Each demand: what is needed where, from when, who supplies it in "
        f"the plan, and the share supplied locally in {last}. Largest demands first.</p>",
    ]
    share_last = road[f"local_{last}"] / road["quantity"].where(road["quantity"] > 0)
    for stage in (1, 2, 3, 4, 5, 0):
        rows = road[road["stage"] == stage]
        if rows.empty:
            continue
        rows = rows.assign(share=share_last[rows.index]).sort_values("quantity", ascending=False)
        out.append(f"<h3>{STAGE_TITLES[stage]} ({len(rows):,})</h3>")
        shown = pd.DataFrame(
            {
                "demand": rows["demand"],
                "HS": rows["hs"],
                "product": rows["product"],
                "buyer region": rows["buyer_region_name"].fillna(rows["buyer_region"]),
                "quantity / yr": rows["quantity"].map("{:,.0f}".format),
                "from": rows["first_year"],
                "supplied by": rows["supplier_names"].replace("", "imports only"),
                f"local in {last}": rows["share"].map(_percent),
                "localized from": rows["localized_from"]
                .astype(object)
                .where(rows["localized_from"].notna(), "–"),
            }
        )
        if stage == 5 and "note" in rows:
            shown["why"] = rows["note"]
        out.append(table(shown, limit=ROWS_PER_STAGE))
    return "".join(out)


def _percent(v: float) -> str:
    return "–" if pd.isna(v) else f"{v:.0%}"


def _trade_and_costs(result: PlanResult) -> str:
    out = ["<h2>Trade between Belarus and Russian regions implied by the plan</h2>"]
    trade = result.trade
    if len(trade):
        total = (
            trade.groupby("region")[["by_exports_usd", "by_imports_usd", "balance_change_usd"]]
            .sum()
            .reset_index()
            .sort_values("balance_change_usd", ascending=False)
        )
        out.append(
            "<p class='note'>Plan flows across the border over the horizon, valued at the "
            "supplier's unit cost: Belarusian exports to each Russian region, imports from it, "
            "and the change in Belarus's balance with it.</p>"
        )
        out.append(table(total))
    else:
        out.append("<p><em>no cross-border flows</em></p>")
    out.append("<h2>Cost breakdown (undiscounted, whole horizon)</h2>")
    costs = pd.DataFrame(
        [(k.replace("_", " "), f"{v:,.0f}") for k, v in result.costs.items()],
        columns=["item", "USD"],
    )
    out.append(table(costs))
    return "".join(out)
