"""`coopatlas find`, `coopatlas hs ...` and `coopatlas match ...`: thin wrappers.

Heavy imports (pandas, rapidfuzz, the indexes) happen inside the commands so that
``coopatlas --help`` stays fast.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from coopatlas.console import state
from coopatlas.errors import UserError

hs_app = typer.Typer(help="HS codes from free text (English or Russian), offline.",
                     no_args_is_help=True)  # fmt: skip
match_app = typer.Typer(help="Ranked suppliers with reasons: who can serve whom.",
                        no_args_is_help=True)  # fmt: skip


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class Kind(StrEnum):
    enterprise = "enterprise"
    region = "region"
    product = "product"


def register(app: typer.Typer) -> None:
    """Add `find` and the `hs` and `match` groups to the main command."""
    app.command("find")(find_command)
    app.add_typer(hs_app, name="hs")
    app.add_typer(match_app, name="match")


def find_command(
    text: Annotated[str, typer.Argument(help="A name in English or Russian, any spelling.")],
    kind: Annotated[Kind | None, typer.Option("--kind", help="Only this kind.")] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=100)] = 5,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Find enterprises and regions (or, with --kind product, HS products) by name, across
    languages and spellings."""
    from coopatlas.match.name_cache import registry_index
    from coopatlas.match.query import check_query

    check_query(text)
    kinds = (kind.value,) if kind else ("enterprise", "region")  # products: --kind product
    hits = registry_index(state.db, kinds).search(text, top=top)
    rows = [h.__dict__ for h in hits]
    if fmt is not Format.table:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("kind", "id", "name_en", "name_ru", "score", title=f"find {text!r}")
    for r in rows:
        table.add_row(r["kind"], r["id"], r["name_en"], r["name_ru"], f"{r['score']:.2f}")
    state.out.print(table if rows else f"nothing found for {text!r}")


def _suggestions(text: str, top: int) -> list[dict[str, Any]]:
    from coopatlas.match.hs import hs_index

    return [s.__dict__ for s in hs_index().suggest(text, top=top)]


@hs_app.command("suggest")
def hs_suggest_command(
    text: Annotated[str | None, typer.Argument(help="What the product is, in words.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="One query a line.")] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=50)] = 5,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Suggest HS headings for a product described in English or Russian."""
    if (text is None) == (file is None):
        raise UserError("give either TEXT or --file QUERIES.txt")
    if file is not None:
        if not file.exists():
            raise UserError(f"{file}: no such file")
        if file.is_dir():
            raise UserError(f"{file}: a folder, not a file of queries")
        try:
            lines = file.read_text("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise UserError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                found = _suggestions(line, top)
            except UserError as exc:
                raise UserError(f"{file} line {number}: {exc}") from exc
            typer.echo(json.dumps({"query": line, "suggestions": found}, ensure_ascii=False))
        return
    assert text is not None
    found = _suggestions(text, top)
    if fmt is not Format.table:
        typer.echo(json.dumps(found, ensure_ascii=False))
        return
    table = Table("hs", "level", "description", "score", "best HS6", title=f"HS for {text!r}")
    for s in found:
        table.add_row(s["hs"], str(s["level"]), s["description"], f"{s['score']:.2f}",
                      s["subheading"] or "")  # fmt: skip
    state.out.print(table if found else f"no HS heading found for {text!r}")


SHOWN = ["rank", "supplier", "kind", "hs", "match", "country", "free_capacity",
         "backlog_months", "road_km", "cost", "ties"]  # fmt: skip


def _print_ranked(frame: Any, fmt: Format, title: str, extra: list[str] | None = None) -> None:
    if fmt is not Format.table:
        typer.echo(frame.to_json(orient="records", force_ascii=False))
        return
    if frame.empty:
        state.out.print(f"{title}: no Union State source can serve it")
        return
    cols = [*(extra or []), *SHOWN]
    table = Table(*cols, title=title)
    for row in frame[cols].itertuples(index=False):
        table.add_row(*(f"{v:,.2f}" if isinstance(v, float) else str(v) for v in row))
    state.out.print(table)
    for line in frame["explanation"].head(5):
        state.out.print("  • " + line, markup=False)


TopOption = Annotated[int, typer.Option("--top", min=1, max=1000)]
FormatOption = Annotated[Format, typer.Option("--format")]


@match_app.command("demand")
def match_demand_command(
    demand: Annotated[str, typer.Argument(help="A demand id.")],
    top: TopOption = 10,
    fmt: FormatOption = Format.table,
) -> None:
    """Ranked suppliers for one demand of the registry, with their reasons."""
    from coopatlas.match.rank import load_world, match_demand

    _print_ranked(match_demand(load_world(state.engine()), demand, top), fmt, f"demand {demand}")


@match_app.command("product")
def match_product_command(
    text: Annotated[str | None, typer.Argument(help="The product, in words.")] = None,
    hs: Annotated[str | None, typer.Option("--hs", help="An HS4 or HS6 code instead.")] = None,
    region: Annotated[str, typer.Option("--region", help="The buyer's region code.")] = "RU-LIP",
    quantity: Annotated[float | None, typer.Option("--quantity", min=0)] = None,
    top: TopOption = 10,
    fmt: FormatOption = Format.table,
) -> None:
    """Ranked suppliers for a product (words or --hs) delivered to a region."""
    from coopatlas.match.query import check_query
    from coopatlas.match.rank import heading_for_text, load_world, match_product

    if (text is None) == (hs is None):
        raise UserError("give either TEXT or --hs CODE")
    world = load_world(state.engine())
    if text is not None:
        hs, heads = heading_for_text(world, check_query(text))
        state.err.print(f"HS {hs} for {text!r} (headings considered: {', '.join(heads)})")
    assert hs is not None
    if hs not in world.heading_slices and hs[:4] not in world.heading_slices:
        from coopatlas.match.hs import hs_index

        if hs[:4] not in set(hs_index().headings["code"]):
            raise UserError(f"unknown HS code {hs!r}")
    frame = match_product(world, hs, region, quantity, top)
    _print_ranked(frame, fmt, f"HS {hs} to {region}")


@match_app.command("supplier")
def match_supplier_command(
    enterprise: Annotated[str, typer.Argument(help="An enterprise id or any name of it.")],
    top: TopOption = 20,
    fmt: FormatOption = Format.table,
) -> None:
    """The open demands an enterprise could serve, and where."""
    from coopatlas.match.rank import load_world, match_supplier

    engine = state.engine()
    world = load_world(engine)
    ident = _resolve_enterprise(engine, world, enterprise)
    frame = match_supplier(world, ident, top)
    _print_ranked(frame, fmt, f"demands {ident} could serve", extra=["demand", "buyer_region"])


def _resolve_enterprise(engine: Any, world: Any, text: str) -> str:
    from coopatlas.match.name_cache import registry_index

    if text in set(world.instance.enterprises["id"].astype(str)):
        return text
    hits = registry_index(state.db, ("enterprise",)).search(text, top=1)
    if not hits or hits[0].score < 0.6:
        raise UserError(f"unknown enterprise {text!r} (try `coopatlas find {text!r}`)")
    state.err.print(f"{text!r} is {hits[0].id} ({hits[0].name_en})")
    return hits[0].id


@match_app.command("all")
def match_all_command(
    out: Annotated[Path | None, typer.Option("--out", help="Parquet or CSV file.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="Cheapest candidates per demand.")] = 20,
) -> None:
    """Match every open demand and store the candidate set (the planner's definition)."""
    from coopatlas.match.rank import load_world, match_all
    from coopatlas.match.store import default_path, write_matches

    engine = state.engine()
    path = out or default_path(engine)
    world = load_world(engine)
    with state.progress("matching demands") as progress:
        frame = match_all(world, k=k, progress=progress)
    write_matches(frame, path)
    state.out.print(f"{path}: {len(frame)} candidates for {frame['demand'].nunique()} demands")
