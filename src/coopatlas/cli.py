"""The ``coopatlas`` command: thin wrappers over the library.

Exit codes: 0 success, 1 a user error (message on stderr), 2 a usage error.

Rule for every ``cli.py``: import heavy libraries (pandas, numpy, SQLAlchemy, Alembic,
SciPy, HiGHS, ...) inside the command functions, never at module top, so that
``coopatlas --help`` starts in well under 0.3 s. A sub-app is registered with one line,
``app.add_typer(x_cli.app, name="x")``.
"""

from __future__ import annotations

import logging
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from coopatlas.brief import cli as brief_cli
from coopatlas.console import state
from coopatlas.errors import UserError
from coopatlas.intake import cli as intake_cli
from coopatlas.match import cli as match_cli
from coopatlas.plan import cli as plan_cli
from coopatlas.registry.kinds import KINDS
from coopatlas.trade import cli as trade_cli
from coopatlas.web import cli as web_cli

app = typer.Typer(
    help="coopatlas: industrial cooperation atlas and planner for the Belarus–Russia Union State.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Create and upgrade the registry database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(intake_cli.app, name="intake")
app.add_typer(plan_cli.app, name="plan")
match_cli.register(app)
app.add_typer(trade_cli.app, name="trade")
brief_cli.register(app)
web_cli.register(app)

Kind = Enum("Kind", {k: k for k in KINDS}, type=str)  # type: ignore[misc]
ExportFormat = Enum("ExportFormat", {k: k for k in ("csv", "json", "parquet", "xlsx")}, type=str)  # type: ignore[misc]


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (sqlite:///file.db or "
            "postgresql+psycopg://...); default $COOPATLAS_DB or ./coopatlas.db",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    state.db, state.quiet, state.verbose = db, quiet, verbose
    _configure_logging(state.verbose, quiet)


def _configure_logging(verbose: bool, quiet: bool) -> None:
    """``--verbose``: what happens (files read, rows, transactions, solver steps) on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(levelname)s %(name)s: %(message)s" if verbose else "%(message)s")
    )
    root_logger = logging.getLogger("coopatlas")
    root_logger.handlers = [handler]
    root_logger.propagate = False
    level = logging.INFO if verbose else (logging.ERROR if quiet else logging.WARNING)
    root_logger.setLevel(level)
    # psycopg reports a pipeline it abandons after a failed statement as a warning of its own;
    # the failure itself is our one error line, so its note shows only with --verbose
    logging.getLogger("psycopg").setLevel(logging.WARNING if verbose else logging.CRITICAL)


@db_app.command("init")
def db_init() -> None:
    """Create the schema (or bring it up to date) and load regions and HS codes."""
    from coopatlas import registry

    engine = state.engine(create=True)
    results = registry.init_db(engine)
    for r in results:
        state.out.print(f"{r.kind}: {r.rows} reference rows loaded")
    state.out.print(f"database ready: {engine.url.render_as_string(hide_password=True)}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply schema migrations that the database does not have yet."""
    from coopatlas import registry

    revision = registry.upgrade(state.engine())
    state.out.print(f"schema at revision {revision}")


@app.command("import")
def import_command(
    kind: Annotated[Kind, typer.Argument(help="What the file holds.")],
    file: Annotated[Path, typer.Argument(help="A .csv, .xlsx, .json or .parquet file.")],
    upsert: Annotated[
        bool, typer.Option("--upsert", help="Replace rows whose key exists.")
    ] = False,
) -> None:
    """Import a file into the registry: every row is checked, and any bad row stores nothing."""
    from coopatlas import registry

    with state.progress(f"importing {kind.value}") as progress:
        result = registry.import_file(state.engine(), kind.value, file, upsert, progress)
    state.out.print(
        f"{file}: {result.rows} {kind.value} rows imported "
        f"({result.inserted} new, {result.updated} replaced)"
    )


@app.command("export")
def export_command(
    kind: Annotated[Kind, typer.Argument(help="What to export.")],
    file: Annotated[str, typer.Argument(help="Output file, or - for standard output.")] = "-",
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", help="Default: from the file's extension, csv for standard output."
        ),
    ] = None,
) -> None:
    """Export a registry table in its import format."""
    from coopatlas import registry
    from coopatlas.registry.formats import write_table

    frame = registry.export_frame(state.engine(), kind.value)
    fmt_name = fmt.value if fmt else (Path(file).suffix.lstrip(".") if file != "-" else "csv")
    if file == "-":
        write_table(frame, sys.stdout, fmt_name)  # type: ignore[arg-type]
    else:
        write_table(frame, Path(file), fmt_name or "csv")
        state.err.print(f"{file}: {len(frame)} {kind.value} rows written")


@app.command("summary")
def summary_command(
    region: Annotated[
        str, typer.Option(help="Region whose trade with Belarus to show: code or name.")
    ] = "RU-LIP",
) -> None:
    """Counts, regions, enterprises and trade with one region."""
    from coopatlas.registry.regions import region_names, resolve_region
    from coopatlas.registry.store import require_schema
    from coopatlas.registry.summary import registry_summary, render_markdown

    engine = state.engine()
    require_schema(engine)
    code = resolve_region(region, region_names(engine))
    state.out.print(render_markdown(registry_summary(engine, code)), markup=False)


@app.command("demo")
def demo_command(
    out: Annotated[Path, typer.Option("--out", help="Folder for the database and outputs.")] = Path(
        "demo-out"
    ),
) -> None:
    """Build the default dataset in a fresh SQLite database and run the main job on it."""
    from rich.table import Table

    from coopatlas.demo import run_demo

    with state.progress("demo") as progress:
        written = run_demo(out, progress=progress)
    table = Table("output", "what it is", title=f"coopatlas demo: outputs in {out}")
    for path, what in written.items():
        table.add_row(str(path), what)
    state.out.print(table)
    summary = out / "plan" / "summary.txt"
    if summary.exists():
        state.out.print("[bold]The plan:[/bold] " + summary.read_text("utf-8").replace("\n", " "))
        state.out.print(f"Open {out / 'plan' / 'report.html'} in a browser for the whole plan.")
    from coopatlas.web.demo import demo_admin

    name, password, command = demo_admin(out / "coopatlas.db")
    state.out.print(f"Web: run `{command}`, open http://127.0.0.1:8000/ and sign in as "
                    f"{name} with password {password} (shown once).", markup=False)  # fmt: skip


@app.command("synth")
def synth_command(
    enterprises: Annotated[int, typer.Option(min=1, help="Number of enterprises.")] = 1000,
    demands: Annotated[int, typer.Option(min=0, help="Number of demands.")] = 200,
    capabilities: Annotated[
        float, typer.Option(min=0.1, help="Mean capabilities per enterprise.")
    ] = 10.0,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same files.")
    ] = 42,
    out: Annotated[Path, typer.Option("--out", help="Folder for the CSV files.")] = Path(
        "synth-out"
    ),
    trade_rows: Annotated[
        int, typer.Option(min=0, help="Also write trade_statistics.csv with this many rows.")
    ] = 0,
) -> None:
    """Generate deterministic synthetic data in the import formats."""
    from coopatlas.registry.synth import SynthSpec, write_synth

    spec = SynthSpec(
        enterprises=enterprises,
        demands=demands,
        capabilities_per_enterprise=capabilities,
        seed=seed,
    )
    with state.progress("synth") as progress:
        written = write_synth(spec, out, progress=progress)
    if trade_rows:
        from coopatlas.trade.synth import write_statistics

        written[write_statistics(out / "trade_statistics.csv", trade_rows, seed)] = trade_rows
    for path, rows in written.items():
        state.out.print(f"{path}: {rows} rows")


GLOBAL_FLAGS = {"--quiet", "-q", "--verbose", "-v"}
GLOBAL_VALUES = {"--db"}


def hoist_global_options(argv: list[str]) -> list[str]:
    """Move ``--db``, ``--quiet`` and ``--verbose`` to the front, wherever they were given.

    The README tells users to "add --db ... to the commands above", i.e. after the
    sub-command; Click accepts a group's options only before it. Nothing after ``--`` moves.
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg in GLOBAL_FLAGS:
            front.append(arg)
        elif arg in GLOBAL_VALUES and i + 1 < len(argv):
            front += [arg, argv[i + 1]]
            i += 1
        elif arg.split("=", 1)[0] in GLOBAL_VALUES and "=" in arg:
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _debug() -> bool:
    return state.verbose or os.environ.get("COOPATLAS_DEBUG", "") not in ("", "0")


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this).

    The one error path: whatever escapes a command is printed as ``error: ...`` (see
    :mod:`coopatlas.failures`); a traceback only with ``--verbose`` or ``COOPATLAS_DEBUG=1``.
    """
    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    state.db, state.quiet, state.verbose = None, False, False
    try:
        app(args=args, prog_name="coopatlas")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException as exc:  # the one error path
        from coopatlas.failures import describe

        message, code, _ = describe(exc, state.db)
        if _debug() and not isinstance(exc, UserError):
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        return code
    return 0


def main() -> None:
    sys.exit(run())
