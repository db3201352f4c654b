"""Scenario sweeps: the same plan under several assumptions, in local processes or on Ray.

A spec (YAML) names a data source, base options and scenarios; a ``grid`` expands into the
cartesian product of its values::

    years: 2024-2030
    gap: 0.01
    base: {discount_rate: 0.08}
    scenarios:
      - {name: base}
      - {name: tight-budget, budget: 5.0e6}
      - {name: no-german-imports, import_cutoff: {DE: 2026}, unmet_penalty: 1.0e5}
    grid: {demand_multiplier: [0.8, 1.2]}

Every scenario solves with one thread so that results do not depend on where they ran.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from coopatlas.errors import UserError
from coopatlas.plan.data import PlanInputError, PlanInstance
from coopatlas.plan.solve import PlanOptions, solve_plan

KNOBS = {
    "budget",
    "demand_multiplier",
    "import_penalty",
    "import_markup",
    "discount_rate",
    "import_cutoff",
    "unmet_penalty",
    "allow_parallel",
    "transport_per_km",
    "candidates",
    "gap",
    "time_limit",
    "first_year",
    "last_year",
}


TOP_LEVEL = {"years", "base", "scenarios", "grid", "gap", "time_limit"}
RANGES: dict[str, tuple[float, float | None, bool]] = {
    # setting: (lowest, highest, lowest excluded)
    "budget": (0, None, False),
    "demand_multiplier": (0, None, True),
    "import_penalty": (0, None, False),
    "import_markup": (0, None, False),
    "discount_rate": (0, 1, False),
    "unmet_penalty": (0, None, False),
    "transport_per_km": (0, None, False),
    "gap": (0, 1, False),
    "time_limit": (0, None, True),
    "candidates": (1, None, False),
    "first_year": (2000, 2100, False),
    "last_year": (2000, 2100, False),
}
"""Values a sweep setting may take; outside them a scenario is refused before solving."""


def did_you_mean(word: str, known: set[str]) -> str:
    """' (did you mean X?)' for a misspelt key, or ''."""
    import difflib

    close = difflib.get_close_matches(str(word), sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_years(text: str) -> tuple[int, int]:
    try:
        first, _, last = str(text).partition("-")
        a, b = int(first), int(last or first)
    except ValueError as exc:
        raise UserError(f"years {text!r}: write them as 2024-2030") from exc
    if b < a:
        raise UserError(f"years {text!r}: the last year is before the first")
    low, high = RANGES["first_year"][:2]
    if a < low or high is None or b > high:
        raise UserError(f"years {text!r}: plan years between {low:g} and {high:g}")
    return a, b


def _unknown(path: Path, where: str, keys: set[str], known: set[str]) -> None:
    unknown = sorted(str(k) for k in keys - known)
    if unknown:
        hints = "; ".join(f"{k!r}{did_you_mean(k, known)}" for k in unknown)
        raise UserError(
            f"{path}: {where}: unknown setting(s) {hints}; known: {', '.join(sorted(known))}"
        )


def load_spec(path: Path) -> list[dict[str, Any]]:
    """Scenarios of a sweep spec, each a dict of PlanOptions fields with a 'name'."""
    try:
        spec = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(f"{path}: cannot read the sweep spec ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path}: a binary file, not a YAML sweep spec (bad byte at offset {exc.start})"
        ) from exc
    if spec is None:
        raise UserError(f"{path}: the sweep spec is empty; give scenarios or a grid")
    if not isinstance(spec, dict):
        raise UserError(f"{path}: a sweep spec is a mapping (years, base, scenarios, grid)")
    _unknown(path, "top level", set(spec), TOP_LEVEL)
    if not spec.get("scenarios") and not spec.get("grid"):
        raise UserError(f"{path}: the sweep spec has no scenarios and no grid; give one")
    if not isinstance(spec.get("base") or {}, dict):
        raise UserError(f"{path}: base is a mapping of settings")
    _unknown(path, "base", set(spec.get("base") or {}), KNOBS)
    base: dict[str, Any] = dict(spec.get("base") or {})
    if "years" in spec:
        base["first_year"], base["last_year"] = parse_years(spec["years"])
    for key in ("gap", "time_limit"):
        if key in spec:
            base[key] = spec[key]
    scenarios = list(spec.get("scenarios") or [])
    grid = spec.get("grid") or {}
    if not isinstance(grid, dict):
        raise UserError(f"{path}: grid is a mapping of setting: [values]")
    if not isinstance(scenarios, list):
        raise UserError(f"{path}: scenarios is a list of mappings")
    _unknown(path, "grid", set(grid), KNOBS)
    for k, values in grid.items():
        if not isinstance(values, list) or not values:
            raise UserError(f"{path}: grid {k}: give a list of values, e.g. [0.8, 1.2]")
    if grid:
        keys = list(grid)
        combos = list(itertools.product(*[grid[k] for k in keys]))
        scenarios = [
            {
                **s,
                **dict(zip(keys, c, strict=True)),
                "name": f"{s.get('name', 'base')}|"
                + ",".join(f"{k}={v}" for k, v in zip(keys, c, strict=True)),
            }
            for s in (scenarios or [{"name": "base"}])
            for c in combos
        ]
    if not scenarios:
        scenarios = [{"name": "base"}]
    out = []
    for i, s in enumerate(scenarios):
        if not isinstance(s, dict):
            raise UserError(f"{path}: scenario {i + 1} is not a mapping")
        _unknown(path, f"scenario {s.get('name', i + 1)!r}", set(s), KNOBS | {"name"})
        merged = {**base, **s, "name": str(s.get("name", f"scenario-{i + 1}"))}
        out.append(_typed(path, merged))
    return out


FLOATS = {"budget", "demand_multiplier", "import_penalty", "import_markup", "discount_rate",
          "unmet_penalty", "transport_per_km", "gap", "time_limit"}  # fmt: skip
INTS = {"candidates", "first_year", "last_year"}


def _typed(path: Path, scenario: dict[str, Any]) -> dict[str, Any]:
    """Numbers as numbers (YAML reads 1.0e4 as text), cut-offs as {country: year}."""
    out = dict(scenario)
    try:
        for key in FLOATS & set(out):
            out[key] = None if out[key] is None else float(out[key])
        for key in INTS & set(out):
            out[key] = int(out[key])
        if "allow_parallel" in out:
            out["allow_parallel"] = bool(out["allow_parallel"])
        if "import_cutoff" in out:
            cut = out["import_cutoff"] or {}
            out["import_cutoff"] = {str(k).upper(): int(v) for k, v in dict(cut).items()}
    except (TypeError, ValueError) as exc:
        raise UserError(f"{path}: scenario {out['name']!r}: {exc}") from exc
    for key, (low, high, open_low) in RANGES.items():
        value = out.get(key)
        if value is None:
            continue
        bad = not math.isfinite(value) or value < low or (open_low and value == low)
        bad |= high is not None and value > high
        if bad:
            allowed = f"{'above' if open_low else 'at least'} {low:g}"
            if high is not None:
                allowed += f" and at most {high:g}"
            raise UserError(
                f"{path}: scenario {out['name']!r}: {key} {value:g} is out of range "
                f"(give a number {allowed})"
            )
    for country, year in (out.get("import_cutoff") or {}).items():
        if not 2000 <= year <= 2100:
            raise UserError(
                f"{path}: scenario {out['name']!r}: import_cutoff {country}: year {year} "
                "is out of range (2000 to 2100)"
            )
    return out


def run_scenario(instance: PlanInstance, scenario: dict[str, Any]) -> dict[str, Any]:
    """Solve one scenario and return its summary row (runs in a worker)."""
    settings = {k: v for k, v in scenario.items() if k != "name"}
    settings.setdefault("unmet_penalty", 10.0)  # as `plan solve`; `unmet_penalty: null` is strict
    options = PlanOptions(threads=1, explain=False, **settings)
    row: dict[str, Any] = {"scenario": scenario["name"]}
    try:
        result = solve_plan(instance, options)
    except PlanInputError as exc:
        return {**row, "status": "input error", "message": str(exc).splitlines()[1]}
    row.update({"status": result.status, "objective": result.objective, "gap": result.gap})
    if result.roadmap.empty:
        return row
    loc = result.localization
    row["localization_first"] = float(loc["share"].iloc[0])
    row["localization_last"] = float(loc["share"].iloc[-1])
    row["capital"] = float(result.investments["capital_cost"].sum())
    row["investments"] = len(result.investments)
    row["imported_value"] = float(loc["import_value"].sum())
    row["unmet_value"] = float(loc["unmet_value"].sum())
    unmet_cols = [c for c in result.roadmap.columns if c.startswith("unmet_")]
    row["unmet_units"] = float(result.roadmap[unmet_cols].to_numpy().sum()) if unmet_cols else 0.0
    stage = result.roadmap["stage_name"]
    for name in ("1 existing capacity", "2 expansion", "3 new plant", "import", "unmet"):
        row[f"stage {name}"] = int((stage == name).sum())
    row["unmet_demands"] = " ".join(result.roadmap.loc[stage == "unmet", "demand"].astype(str))
    if options.import_cutoff:
        row.update(_cut_off(instance, result.roadmap, options.import_cutoff, result.years[-1]))
    return row


def _cut_off(
    instance: PlanInstance, roadmap: pd.DataFrame, cutoff: dict[str, int], last: int
) -> dict[str, Any]:
    """The demands a cut-off hits: how many, how many go unmet, what is local in the end."""
    source = roadmap["demand"].map(instance.demands.set_index("id")["foreign_source"])
    hit = roadmap[source.astype(str).str.upper().isin(set(cutoff)).to_numpy()]
    unmet = hit["stage_name"] == "unmet"
    return {
        "cut_off_demands": len(hit),
        "cut_off_unmet": int(unmet.sum()),
        "cut_off_localized": int((~unmet).sum()),
        "cut_off_local_share_last": float(hit[f"local_{last}"].sum() / hit["quantity"].sum())
        if len(hit) and hit["quantity"].sum() > 0
        else 0.0,
    }


def run_sweep(
    instance: PlanInstance,
    scenarios: list[dict[str, Any]],
    workers: int = 2,
    ray_address: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Solve every scenario; local processes by default, Ray tasks when given an address
    (or when Ray is already initialised in this process). Rows keep the spec's order."""
    from coopatlas.plan.data import check_instance

    check_instance(instance, 2024, 2024, strict=False)  # an empty registry: say so, once
    report = progress or (lambda done, total: None)
    total = len(scenarios)
    rows: list[dict[str, Any] | None] = [None] * total
    report(0, total)
    if ray_address is not None:
        rows = _run_ray(instance, scenarios, ray_address, report)
    elif workers <= 1:
        for i, s in enumerate(scenarios):
            rows[i] = run_scenario(instance, s)
            report(i + 1, total)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(run_scenario, instance, s): i for i, s in enumerate(scenarios)}
            for done, future in enumerate(as_completed(futures), start=1):
                rows[futures[future]] = future.result()
                report(done, total)
    return pd.DataFrame([r for r in rows if r is not None])


RAY_MISSING = (
    "--ray-address needs Ray, which is the optional extra 'cluster': "
    "pip install 'coopatlas[cluster]' (or run without --ray-address, on local processes)"
)


def require_ray() -> Any:
    """The ray module, or a UserError that says how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise UserError(RAY_MISSING) from exc
    return ray


def _run_ray(
    instance: PlanInstance,
    scenarios: list[dict[str, Any]],
    address: str,
    report: Callable[[int, int], None],
) -> list[dict[str, Any] | None]:
    ray = require_ray()
    if not ray.is_initialized():
        try:
            if address == "local":
                ray.init(include_dashboard=False, log_to_driver=False)
            else:
                ray.init(address=address, log_to_driver=False)
        except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError...
            raise UserError(
                f"--ray-address {address}: cannot reach the Ray cluster ({exc}); check the "
                "address, or give 'local' to start one here"
            ) from exc
    task = ray.remote(num_cpus=1)(run_scenario)
    shared = ray.put(instance)
    refs = [task.remote(shared, s) for s in scenarios]
    index = {ref: i for i, ref in enumerate(refs)}
    rows: list[dict[str, Any] | None] = [None] * len(refs)
    pending = list(refs)
    while pending:
        ready, pending = ray.wait(pending, num_returns=1)
        for ref in ready:
            rows[index[ref]] = ray.get(ref)
        report(len(refs) - len(pending), len(refs))
    return rows


def scenario_label(name: object) -> str:
    """``base|demand_multiplier=1.3`` as people read it: ``base · demand×1.3``."""
    return str(name).replace("|", " · ").replace("demand_multiplier=", "demand×")


def sweep_html(frame: pd.DataFrame) -> str:
    """A self-contained page: what each scenario changes, in charts and one table."""
    from coopatlas.plan.charts import hbar_chart, table
    from coopatlas.plan.page import CSS

    names = [scenario_label(n) for n in frame["scenario"]]

    def column(name: str, missing: float = 0.0) -> list[float]:
        values = frame.get(name, pd.Series([missing] * len(frame))).fillna(missing)
        return [float(v) for v in values]

    charts = [
        ("Share supplied in the Union State in the last year",
         hbar_chart(names, column("localization_last"), "local share", "#2b8a3e", "{:.1%}".format)),
        ("Discounted total cost (USD)",
         hbar_chart(names, column("objective"), "cost", "#1971c2")),
        ("Capital committed over the horizon (USD)",
         hbar_chart(names, column("capital"), "capital", "#e8590c")),
        ("Units short over the horizon",
         hbar_chart(names, column("unmet_units"), "unmet", "#c92a2a", "{:,.0f}".format)),
    ]  # fmt: skip
    figures = "".join(
        f"<figure><figcaption><b>{html.escape(title)}</b></figcaption>{svg}</figure>"
        for title, svg in charts
    )

    cut_off = [column(f"cut_off_{k}", math.nan) for k in ("demands", "localized", "unmet")]
    stages = [c for c in frame.columns if str(c).startswith("stage ")]
    first, last = column("localization_first"), column("localization_last")
    shown = pd.DataFrame(
        {
            "scenario": names,
            "status": frame["status"],
            "cost (USD)": frame["objective"].map(_money),
            "local share, first → last year": [
                f"{a:.1%} → {b:.1%}" for a, b in zip(first, last, strict=True)
            ],
            "capital (USD)": frame["capital"].map(_money),
            "builds": frame.get("investments", pd.Series([""] * len(frame))),
            **{str(c).removeprefix("stage "): frame[c] for c in stages},
            "cut-off demands: localized / unmet": [
                "" if pd.isna(n) else f"{int(n)}: {int(a)} / {int(b)}"
                for n, a, b in zip(*cut_off, strict=True)
            ],
            "unmet demands": frame.get("unmet_demands", pd.Series([""] * len(frame))),
        }
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>coopatlas "
        f"scenario sweep</title><style>{CSS}</style></head><body><h1>Scenario sweep</h1>"
        f"<p class='note'>{len(frame)} plans of the same registry, each under one scenario "
        "(budgets, demand, import penalties and cut-offs, discount rate). Stage columns count "
        "demands; all columns are in sweep.csv.</p>"
        f"{figures}{table(shown)}</body></html>\n"
    )


def _money(v: object) -> str:
    return "-" if v is None or pd.isna(v) else f"{float(v):,.0f}"  # type: ignore[arg-type]
