"""Region briefings: a dossier for a meeting with a region's governor (issue 12, item 6).

``write_brief`` is the whole job: gather the region's figures and documents, render the page
in English or Russian (self-contained HTML) and, on request, print it to PDF with Chromium.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coopatlas.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import Engine

LANGUAGES = ("en", "ru")


@dataclass(frozen=True)
class BriefFiles:
    html: Path | None
    pdf: Path | None
    charts: int


def write_brief(
    engine: Engine,
    region: str,
    lang: str = "en",
    html: Path | None = None,
    pdf: Path | None = None,
) -> BriefFiles:
    """Write the briefing on *region* to *html* and/or *pdf*; returns what was written."""
    from coopatlas.brief.data import gather
    from coopatlas.brief.page import render, render_both

    if lang not in LANGUAGES:
        raise UserError(f"--lang {lang!r}: the briefing is written in {' or '.join(LANGUAGES)}")
    if html is None and pdf is None:
        raise UserError("say where to write the briefing: --out FILE.html and/or --pdf FILE.pdf")
    printer = None
    if pdf:
        from coopatlas.brief.pdf import Printer

        printer = Printer(pdf)  # Chromium starts while the page is gathered and drawn
    try:
        data = gather(engine, region, lang)
        if html and pdf:
            page, static = render_both(data, lang)
        elif html:
            page, static = render(data, lang, interactive=True), ""
        else:
            page, static = "", render(data, lang, interactive=False)
    except BaseException:
        if printer:  # stop the browser; the first error is the one to report
            printer.give(None)
            with contextlib.suppress(UserError):
                printer.result()
        raise
    if html:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(page, "utf-8")
    if printer:
        printer.give(static)
        printer.result()
    drawn = (page or static).count('<figure class="chart')
    return BriefFiles(html=html, pdf=pdf, charts=drawn)


def demo_briefs(engine: Engine, region: str, out: Path) -> dict[Path, str]:
    """The demo's briefings on *region*: HTML and PDF, English and Russian, in *out*."""
    written: dict[Path, str] = {}
    for lang in LANGUAGES:
        files = write_brief(
            engine,
            region,
            lang,
            out / f"brief-{region}-{lang}.html",
            out / f"brief-{region}-{lang}.pdf",
        )
        words = {"en": "English", "ru": "Russian"}[lang]
        written[files.html or out] = (
            f"briefing on {region} in {words} (HTML, {files.charts} charts)"
        )
        written[files.pdf or out] = f"the same briefing as PDF ({words})"
    return written


__all__ = ["BriefFiles", "demo_briefs", "write_brief"]
