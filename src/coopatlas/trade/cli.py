"""`coopatlas trade ...`: thin wrappers over indicators, store, alerts and complexity.

Heavy imports (pandas, duckdb, numpy) happen inside the commands, so `coopatlas --help` stays
fast.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from coopatlas.console import state
from coopatlas.errors import UserError

app = typer.Typer(
    help="Trade monitor: indicators, statistics, alerts, complexity.", no_args_is_help=True
)


class ShowFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class By(StrEnum):
    year = "year"
    quarter = "quarter"
    month = "month"
    hs2 = "hs2"
    hs4 = "hs4"


class TableJson(StrEnum):
    table = "table"
    json = "json"


class CsvJson(StrEnum):
    csv = "csv"
    json = "json"


class StatsFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


def _millions(value: Any) -> str:
    """A cell of the table in million USD (the unit is in the title): "375.0", "−60.4"."""
    if value is None or value != value:
        return "–"
    return f"{'−' if value < 0 else ''}{abs(value) / 1e6:,.1f}"


def _money(value: Any) -> str:
    """An amount in a sentence: "$375.0m", "−$60.4m"."""
    cell = _millions(value)
    if cell == "–":
        return cell
    sign, digits = ("−", cell[1:]) if cell.startswith("−") else ("", cell)
    return f"{sign}${digits}m"


def _pct(value: Any) -> str:
    return "" if value is None or value != value else f"{value:+.1f}%"


def _source_text(sources: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{s.get('title') or ''} <{s['address']}>" if s.get("address") else str(s.get("title"))
        for s in sources
    )


_FLOW_NAMES = {"turnover": "turnover", "export": "exports", "import": "imports"}
_QUALIFIER_WORDS = {"approx": "about", "over": "over", "under": "under"}


def _notes(row: Any) -> list[str]:
    """What a reader of the table needs beside the numbers, in words: how a derived figure was
    reached ("imports = turnover − exports"), the source's qualifier ("exports over"), and a
    growth the source states where it differs from the one computed. The balance (always
    exports − imports) and indicators the table does not show go unmentioned."""
    notes = []
    for flow, name in _FLOW_NAMES.items():
        how = row.stated.get(f"{flow}_derived_as")
        if how:
            notes.append(f"{name} = {how}")
        word = _QUALIFIER_WORDS.get(row.stated.get(f"{flow}_qualifier"))
        if word:
            notes.append(f"{name} {word}")
        stated = row.stated.get(f"{flow}_growth_pct")
        if stated is None:
            continue
        shown = getattr(row, f"{flow}_growth_pct", None)
        if shown is None or shown != shown or round(shown) != round(stated):
            notes.append(f"{name} growth {stated:+g}% as stated")
    return notes


def _emit(frame: Any, fmt: str, out: Path | None, table: Table | None) -> None:
    from coopatlas.trade.indicators import records

    if fmt == "json":
        text = json.dumps(records(frame), ensure_ascii=False, indent=1, default=str) + "\n"
        if out:
            out.write_text(text, "utf-8")
        else:
            sys.stdout.write(text)
        return
    flat = frame.copy()
    for column in flat.columns:
        if flat[column].map(lambda v: isinstance(v, list | dict)).any():
            flat[column] = flat[column].map(
                lambda v: (
                    _source_text(v)
                    if isinstance(v, list) and v and isinstance(v[0], dict) and "address" in v[0]
                    else json.dumps(v, ensure_ascii=False, default=str)
                )
            )
    if fmt == "csv":
        flat.to_csv(out if out else sys.stdout, index=False)
    elif fmt == "xlsx":
        if out is None:
            raise UserError("--format xlsx needs --out FILE.xlsx")
        flat.to_excel(out, index=False)
    elif table is not None:
        state.out.print(table)
    if out and fmt != "table":
        state.err.print(f"{out}: {len(frame)} rows written")


@app.command("show")
def show_command(
    partner: Annotated[str, typer.Argument(help="Partner code (RU-LIP) or name.")],
    start: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    end: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    by: Annotated[By, typer.Option("--by", help="Periods, or HS chapters/headings.")] = By.year,
    fmt: Annotated[ShowFormat, typer.Option("--format")] = ShowFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="Write to a file.")] = None,
) -> None:
    """Turnover, exports, imports, balance and growth with PARTNER, with their sources."""
    from coopatlas.trade import indicators

    engine = state.engine()
    if by in (By.hs2, By.hs4):
        frame = indicators.structure(
            engine, partner, level=2 if by is By.hs2 else 4, period=end, against=start
        )
        if frame.empty:
            raise UserError(str(frame.attrs.get("reason")))
        table = Table(
            "code",
            "name",
            "year",
            "exports",
            "share",
            f"share {frame.attrs.get('against')}",
            "change",
            title=f"exports to {partner.upper()} by HS",
        )
        for r in frame.itertuples():
            table.add_row(
                r.code,
                str(r.name_en or "")[:60],
                str(r.year),
                _money(r.value_usd),
                f"{r.share_pct:.1f}%",
                f"{r.previous_share_pct:.1f}%",
                f"{r.change_pp:+.1f} pp",
            )
        _emit(frame, fmt.value, out, table)
        return
    frame = indicators.partner_series(engine, partner, by=by.value, start=start, end=end)
    # a narrow terminal keeps the numbers whole: the notes go under the table, by period
    wide = state.out.width >= 120
    table = Table(
        title=f"Belarus – {partner.upper()}, million USD", box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column("period", no_wrap=True)
    for name in ("turnover", "exports", "imports", "balance", "growth", "exp. growth"):
        table.add_column(name, justify="right", no_wrap=True)
    if wide:
        table.add_column("notes", overflow="fold")
    footnotes: list[str] = []
    below: list[str] = []
    for r in frame.itertuples():
        notes = _notes(r)
        notes += [
            f"disagrees: {_money(d['value_usd'])} ({_source_text(d['sources'])})"
            for d in r.disagreements
        ]
        refs = []
        for s in r.sources:
            text = _source_text([s]) + (f", {s['date']}" if s.get("date") else "")
            if text not in footnotes:
                footnotes.append(text)
            refs.append(f"[{footnotes.index(text) + 1}]")
        if not wide:
            below.append(f"{r.period}: {'; '.join([*notes, ''.join(refs)])}")
        cells = [
            r.period + ("≈" if r.approximate else ""),
            _millions(r.turnover_usd),
            _millions(r.export_usd),
            _millions(r.import_usd),
            _millions(r.balance_usd),
            _pct(r.turnover_growth_pct),
            _pct(r.export_growth_pct),
        ]
        table.add_row(*cells, *(["; ".join([*notes, "".join(refs)])] if wide else []))
    if fmt is ShowFormat.table:
        state.out.print(table)
        state.out.print("≈ approximate (about, over, or derived from such a figure)")
        for line in below:
            state.out.print(line, markup=False)
        for n, text in enumerate(footnotes, 1):
            state.out.print(f"[{n}] {text}", markup=False)
        return
    _emit(frame, fmt.value, out, table)


@app.command("load")
def load_command(
    files: Annotated[list[Path], typer.Argument(help="Statistics files (.csv or .parquet).")],
    fmt: Annotated[StatsFormat | None, typer.Option("--format")] = None,
) -> None:
    """Load customs statistics into the store beside the registry (all files or none)."""
    from coopatlas.registry.store import require_schema
    from coopatlas.trade import store

    engine = state.engine()
    require_schema(engine)
    loaded = store.load_files(engine, files, fmt.value if fmt else None)
    for item in loaded:
        state.out.print(f"{item.path}: {item.rows:,} rows loaded")
    state.out.print(f"statistics store: {store.store_dir(engine)}")


@app.command("alerts")
def alerts_command(
    partner: Annotated[str | None, typer.Option("--partner", help="One partner only.")] = None,
    fmt: Annotated[TableJson, typer.Option("--format")] = TableJson.table,
) -> None:
    """Turnover falling, deficit widening, a main export losing share, growth below trend,
    no recent data: each with its numbers and sources."""
    from coopatlas.trade.alerts import alerts

    found = alerts(state.engine(), partner)
    if fmt is TableJson.json:
        rows = [a.as_dict() for a in found]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n")
        return
    table = Table("partner", "alert", "what", "sources", title=f"{len(found)} alert(s)")
    for a in found:
        table.add_row(a.partner, a.kind, a.message, _source_text(a.sources))
    state.out.print(table)


@app.command("complexity")
def complexity_command(
    file: Annotated[Path, typer.Argument(help="Exporter × product × time table (.csv/.parquet).")],
    time: Annotated[str, typer.Option("--time", help="Time column.")],
    loc: Annotated[str, typer.Option("--loc", help="Location (exporter) column.")],
    prod: Annotated[str, typer.Option("--prod", help="Product column.")],
    value: Annotated[str, typer.Option("--value", help="Export value column.")],
    fmt: Annotated[CsvJson, typer.Option("--format")] = CsvJson.csv,
    out: Annotated[Path | None, typer.Option("--out", help="Write to a file.")] = None,
) -> None:
    """RCA, M, diversity, ubiquity, ECI, PCI, density, COI and COG (Growth Lab definitions)."""
    import pandas as pd

    from coopatlas.trade.complexity import complexity

    if not file.is_file():
        raise UserError(f"{file}: no such file")
    try:
        if file.suffix.lower() == ".parquet":
            frame = pd.read_parquet(file)
        else:
            frame = pd.read_csv(file, dtype={prod: str, loc: str})
    except Exception as exc:
        raise UserError(f"{file}: cannot read: {exc}") from exc
    try:
        result = complexity(frame, time=time, loc=loc, prod=prod, value=value)
    except UserError as exc:
        raise UserError(f"{file}: {exc}") from exc
    _emit(result, fmt.value, out, None)


@app.command("next")
def next_command(
    region: Annotated[str, typer.Argument(help="Exporter code (BY, BY-MI, RU-LIP, ...).")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many products.")] = 10,
    fmt: Annotated[TableJson, typer.Option("--format")] = TableJson.table,
) -> None:
    """Products REGION does not yet export with comparative advantage, nearest first."""
    from coopatlas.trade.complexity import next_products

    frame = next_products(state.engine(), region, top)
    table = Table(
        "hs",
        "product",
        "exports",
        "RCA",
        "density",
        "PCI",
        "COG",
        title=f"what {region.upper()} could export next ({int(frame['year'].iloc[0])})",
    )
    for r in frame.itertuples():
        table.add_row(
            r.hs,
            str(r.name_en or "")[:60],
            _money(r.exports_usd),
            f"{r.rca:.2f}",
            f"{r.density:.3f}",
            f"{r.pci:+.2f}",
            f"{r.cog:+.3g}",
        )
    table.caption = (
        "RCA within the trade in the statistics store (Belarus and its regions with Russia's "
        "regions), not world exports; ranked by density and complexity outlook gain"
    )
    _emit(frame, fmt.value, None, table)
