"""`coopatlas intake ...` commands: thin wrappers over extract, store and evaluate."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from coopatlas.console import state

app = typer.Typer(help="Read official articles into dated, sourced facts.", no_args_is_help=True)


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _gazetteer() -> Any:
    """The registry's names when the database exists and is initialised, else the package's."""
    from sqlalchemy import inspect

    from coopatlas.intake.gazetteer import database_gazetteer, reference_gazetteer
    from coopatlas.registry.store import resolve_url, sqlite_path

    url = resolve_url(state.db)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return reference_gazetteer()
    try:
        engine = state.engine()
        if "regions" in inspect(engine).get_table_names():
            return database_gazetteer(engine)
    except Exception:  # an unreachable database must not stop reading files
        pass
    return reference_gazetteer()


@app.command("extract")
def extract_command(
    files: Annotated[list[Path], typer.Argument(help="Articles (.txt or .html).")],
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.jsonl,
) -> None:
    """Extract facts from articles and print them (one JSON object per document for jsonl)."""
    from coopatlas.intake.extract import extract
    from coopatlas.intake.store import iter_files
    from coopatlas.intake.text import ArticleError, read_article

    gaz = _gazetteer()
    results: list[dict[str, Any]] = []
    failed = 0
    for path in iter_files(files):
        try:
            result = extract(read_article(path), gaz)
        except ArticleError as exc:
            failed += 1
            print(f"error: {exc}", file=sys.stderr)
            continue
        result["document"] = str(path)
        if fmt is Format.jsonl:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        results.append(result)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.table:
        table = Table("document", "date", "partner", "indicator", "period", "value", "qualifier",
                      "growth", title="trade figures")  # fmt: skip
        for r in results:
            for f in r["trade_figures"]:
                value = f"{f['value']:,.0f} {f['currency']}"
                table.add_row(
                    Path(r["document"]).name, r["published"] or r["published_partial"] or "",
                    f["partner"], f["indicator"], f"{f['period_start']}..{f['period_end']}",
                    value, f["qualifier"], "" if f["growth_pct"] is None else f"{f['growth_pct']}%",
                )  # fmt: skip
        state.out.print(table)
    if failed:
        raise typer.Exit(1)


@app.command("add")
def add_command(
    paths: Annotated[list[Path], typer.Argument(help="Articles, or folders of .txt/.html files.")],
    url: Annotated[
        str | None, typer.Option("--url", help="The page's address (one article only).")
    ] = None,
) -> None:
    """Store articles: documents, facts with spans, trade flows, projects and trends; flag
    duplicates and conflicts. A text's first line `url: ADDRESS` or an HTML page's canonical
    link gives its address; figures the registry already holds merge with its rows."""
    from coopatlas.intake.store import add_files

    results = add_files(state.engine(), paths, url)
    failed = 0
    for r in results:
        if r.status == "failed":
            failed += 1
            print(f"error: {r.error}", file=sys.stderr)
        elif r.status == "unchanged":
            state.out.print(f"{r.path}: already stored as {r.document}, nothing new")
        elif r.status == "duplicate":
            state.out.print(
                f"{r.path}: near-duplicate of {r.duplicate_of}; stored as {r.document} with "
                f"{_count(r.facts, 'fact')}, no trade flows"
            )
        else:
            held = _count(r.merged, "figure")
            merged = f" ({held} already held, merged)" if r.merged else ""
            state.out.print(
                f"{r.path}: stored as {r.document}: {_count(r.facts, 'fact')}, "
                f"{_count(r.trade_flows, 'trade flow')}{merged}, {_count(r.projects, 'project')}, "
                f"{_count(r.trends, 'trend')}",
                markup=False,
            )
        for c in r.conflicts:
            state.err.print(
                f"conflict: {c['partner']} {c['flow']} {c['period_start']}..{c['period_end']}: "
                f"{c['value_a']:,.0f} ({c['source_a']}) vs {c['value_b']:,.0f} ({c['source_b']})"
            )
    if failed:
        raise typer.Exit(1)


def _count(n: int, noun: str) -> str:
    """ "1 project", "2 projects" (the CLI speaks English)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


@app.command("conflicts")
def conflicts_command() -> None:
    """List trade figures that disagree (same partner, flow and period; >1% apart)."""
    from coopatlas.intake.store import conflicts

    found = conflicts(state.engine())
    state.out.print(f"{len(found)} conflicting trade figures", markup=False)
    for c in found:
        state.out.print(
            f"{c['partner']} {c['flow']} {c['period_start']}..{c['period_end']}: "
            f"{c['value_a']:,.0f} {c['unit']} ({c['source_a']}) vs "
            f"{c['value_b']:,.0f} {c['unit']} ({c['source_b']})",
            markup=False,
        )


class Half(StrEnum):
    dev = "dev"
    check = "check"


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file in the format of seeds-expected.json.")],
    folder: Annotated[Path, typer.Argument(help="Folder holding the gold documents' files.")],
    show_misses: Annotated[
        bool, typer.Option("--misses", help="List missed and extra items.")
    ] = False,
    part: Annotated[
        Half | None,
        typer.Option("--half", help="Only one half of the documents (a stable split by id)."),
    ] = None,
) -> None:
    """Print precision, recall and F1 per field, overall and per language, and the errors by
    kind; gold documents whose text the folder lacks are counted and skipped."""
    from coopatlas.intake.evaluate import evaluate

    report = evaluate(gold, folder, _gazetteer(), part.value if part else None)
    table = Table("field", "language", "precision", "recall", "F1", "gold", "extracted",
                  title=f"intake eval: {report.documents} documents")  # fmt: skip
    groups = [("all", report.scores), *sorted(report.by_language.items())]
    for name in report.scores:
        for language, scores in groups:
            if len(groups) == 2 and language != "all":
                continue  # one language: the overall line says it
            s = scores[name]
            table.add_row(name, language, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}",
                          str(s.gold), str(s.extracted))  # fmt: skip
    state.out.print(table)
    if report.missing_texts:
        state.out.print(
            f"{len(report.missing_texts)} gold documents skipped: no text in {folder}",
            markup=False,
        )
    if report.trained_on:
        state.out.print(
            f"the figure model was trained on {report.trained_on} of these documents: their "
            "trade-figure scores are not those of unseen articles (the out-of-fold estimate: "
            "python scripts/train_figure_model.py --oof)",
            markup=False,
        )
    for key, kinds in sorted(report.errors.items()):
        shown = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        state.out.print(f"errors {key}: {shown}", markup=False)
    if show_misses:
        for line in report.misses:
            state.out.print(line, markup=False)


@app.command("sentences")
def sentences_command(
    source: Annotated[
        str, typer.Argument(help="A document: doc:<id>, the id `intake add` printed, or a URL.")
    ],
) -> None:
    """Print each fact of a document with the sentence it was read from."""
    from coopatlas.intake.store import document_sentences

    found = document_sentences(state.engine(), source)
    if not found:
        print(f"error: no intake facts for source {source!r}", file=sys.stderr)
        raise typer.Exit(1)
    for sentence in found:
        state.out.print(sentence, markup=False)


@app.command("projects")
def projects_command(
    region: Annotated[
        str | None, typer.Option("--region", help="Only projects of this region (RU-LIP).")
    ] = None,
) -> None:
    """List projects with status, stage, horizon, parties, and the sentences that report them."""
    from coopatlas.intake.records import list_projects

    found = list_projects(state.engine(), region)
    state.out.print(
        _count(len(found), "project") + (f" in {region}" if region else ""), markup=False
    )
    for p in found:
        extra = [f"stage {p['stage']}" if p["stage"] else "",
                 f"to {p['horizon']}" if p["horizon"] else ""]  # fmt: skip
        state.out.print(
            f"{p['id']}: {p['title']} [{p['status']}{''.join(', ' + e for e in extra if e)}]",
            markup=False,
        )
        parties, regions = ", ".join(p["parties"]) or "-", ", ".join(p["regions"]) or "-"
        state.out.print(
            f"  parties: {parties}; regions: {regions}; source: {p['source']}",
            markup=False,
        )
        for s in p["stages"]:
            state.out.print(f"  stage {s['stage']}: {s['summary']}", markup=False)
        for e in p["sentences"]:
            state.out.print(
                f"  {e['published'] or 'undated'} {e['url'] or 'doc:' + e['document']} "
                f"({e['status']}): {e['sentence']}",
                markup=False,
            )


@app.command("trends")
def trends_command(
    partner: Annotated[
        str | None, typer.Option("--partner", help="Only trends with this partner (RU-CHE).")
    ] = None,
) -> None:
    """List trends read from articles (direction of trade without a figure) with their sentences."""
    from coopatlas.intake.records import list_trends

    found = list_trends(state.engine(), partner)
    state.out.print(
        _count(len(found), "trend") + (f" with {partner}" if partner else ""), markup=False
    )
    for t in found:
        period = f" ({t['period']})" if t["period"] else ""
        state.out.print(
            f"{t['partner']} {t['indicator']} {t['direction']}{period}, "
            f"{t['published'] or 'undated'} {t['url'] or 'doc:' + t['document']}: {t['sentence']}",
            markup=False,
        )
