"""Printing the briefing to PDF with Debian's headless Chromium, driven by Playwright.

The PDF is printed from the static page (charts as SVG, no script), so what prints does not
depend on JavaScript timing. No browser is downloaded: Playwright drives ``/usr/bin/chromium``
(``$COOPATLAS_CHROMIUM`` to use another), with network access cut for the page.
"""

from __future__ import annotations

import os
from pathlib import Path

from coopatlas.errors import UserError

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("COOPATLAS_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        raise UserError(
            f"no Chromium at {path}: install Debian's chromium package (apt-get install "
            "chromium) or set COOPATLAS_CHROMIUM to a Chromium binary; the HTML briefing "
            "needs no browser"
        )
    return path


def write_pdf(html: str, out: Path) -> Path:
    """Print *html* (a self-contained page) to *out* as A4 PDF; returns *out*."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise UserError("PDF output needs the playwright package (pip install playwright)") from exc
    executable = chromium_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())  # nothing from any host
                page.set_content(html, wait_until="load")
                page.emulate_media(media="print")
                page.pdf(
                    path=str(out),
                    format="A4",
                    print_background=True,
                    margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=(
                        "<div style='font-size:8px;width:100%;text-align:center;color:#666'>"
                        "<span class='pageNumber'></span> / <span class='totalPages'></span>"
                        "</div>"
                    ),
                )
            finally:
                browser.close()
    except Error as exc:
        raise UserError(f"{out}: Chromium could not print the briefing: {exc}") from exc
    return out
