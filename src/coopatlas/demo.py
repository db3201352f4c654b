"""``coopatlas demo``: the default dataset in a fresh SQLite database, and the main job's outputs.

Outputs: the registry summary and a localization plan (roadmap, investments, HTML report) for
the default dataset. Each capability adds its output here (briefing, matches) as it lands.
"""

from __future__ import annotations

import json
from pathlib import Path

from coopatlas import registry
from coopatlas.brief import demo_briefs
from coopatlas.match.name_cache import warm
from coopatlas.match.rank import load_world, match_all
from coopatlas.match.store import write_matches
from coopatlas.plan.data import load_from_db
from coopatlas.plan.report import write_outputs
from coopatlas.plan.solve import PlanOptions, solve_plan
from coopatlas.registry.dataset import NAME, load_default_dataset
from coopatlas.registry.importer import Progress
from coopatlas.registry.summary import (
    registry_summary,
    render_markdown,
    summary_json,
    trade_table_csv,
)

DEMO_REGION = "RU-LIP"


def run_demo(out: Path, progress: Progress | None = None) -> dict[Path, str]:
    """Build ``out/coopatlas.db`` from scratch and write the demo outputs; returns what it wrote."""
    out.mkdir(parents=True, exist_ok=True)
    db_path = out / "coopatlas.db"
    for stale in out.glob("coopatlas.db*"):
        stale.unlink()
    engine = registry.connect(f"sqlite:///{db_path}")
    registry.init_db(engine)
    load_default_dataset(engine, progress)

    summary = registry_summary(engine, DEMO_REGION)
    markdown, data = out / "summary.md", out / "summary.json"
    trade_csv = out / f"trade-{DEMO_REGION}.csv"
    markdown.write_text(render_markdown(summary), "utf-8")
    data.write_text(json.dumps(summary_json(summary), ensure_ascii=False, indent=1), "utf-8")
    trade_csv.write_text(trade_table_csv(summary["trade"]), "utf-8")
    plan = solve_plan(load_from_db(engine), PlanOptions(unmet_penalty=10.0, time_limit=60))
    briefs = demo_briefs(engine, DEMO_REGION, out / "brief")
    matches = out / "matches.csv"
    write_matches(match_all(load_world(engine)), matches)
    engine.dispose()
    warm(f"sqlite:///{db_path}")
    return {
        db_path: f"registry database with the {NAME} dataset (SQLite)",
        markdown: "registry summary: counts, enterprises by region, trade with Lipetsk Oblast",
        data: "the same summary as JSON",
        trade_csv: "Belarus–Lipetsk Oblast trade by year (as `trade show`), with sources",
        matches: "ranked candidate suppliers of every open demand, with reasons (synthetic)",
        **{path: f"plan: {what}" for path, what in write_outputs(plan, out / "plan").items()},
        **briefs,
    }
