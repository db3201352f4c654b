"""``coopatlas brief REGION``: the region briefing (a top-level command; imports stay lazy)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coopatlas.console import state


def register(app: typer.Typer) -> None:
    """Add the ``brief`` command to *app*."""

    @app.command("brief")
    def brief_command(
        region: Annotated[str, typer.Argument(help="Region code, e.g. RU-LIP (regions.csv).")],
        lang: Annotated[
            str, typer.Option("--lang", help="Language of the briefing: en or ru.")
        ] = "en",
        out: Annotated[
            Path | None,
            typer.Option("--out", help="HTML file to write (default: brief-REGION-LANG.html)."),
        ] = None,
        pdf: Annotated[
            Path | None, typer.Option("--pdf", help="Also print to this PDF file (Chromium).")
        ] = None,
    ) -> None:
        """A dossier for a meeting with the region: figures with sources, charts, map,
        enterprises, projects, what was said before, alerts, opportunities."""
        from coopatlas.brief import write_brief

        html = out if out or pdf else Path(f"brief-{region.upper()}-{lang}.html")
        written = write_brief(state.engine(), region, lang, html, pdf)
        for path in (written.html, written.pdf):
            if path:
                state.out.print(f"{path}: briefing on {region.upper()} ({lang})")
