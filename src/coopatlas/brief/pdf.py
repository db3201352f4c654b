"""Printing the briefing to PDF with Debian's headless Chromium, driven by Playwright.

The PDF is printed from the static page (charts as SVG, no script), so what prints does not
depend on JavaScript timing. No browser is downloaded: Playwright drives ``/usr/bin/chromium``
(``$COOPATLAS_CHROMIUM`` to use another), with network access cut for the page.
"""

from __future__ import annotations

import os
import queue
import threading
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
    printer = Printer(out)
    printer.give(html)
    return printer.result()


class Printer:
    """Prints one page to PDF in a thread of its own, so Chromium starts (about a second)
    while the page is still being gathered and drawn; ``give`` hands it the page,
    ``result`` waits for the file."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.executable = chromium_path()
        self._page: queue.Queue[str | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="pdf", daemon=True)
        self._thread.start()

    def give(self, html: str | None) -> None:
        """The page to print (None: print nothing, stop the browser)."""
        self._page.put(html)

    def result(self) -> Path:
        self._thread.join()
        if isinstance(self._error, UserError):
            raise self._error
        if self._error is not None:
            raise UserError(
                f"{self.out}: Chromium could not print the briefing: {self._error}"
            ) from self._error
        return self.out

    def _run(self) -> None:
        try:
            self._print()
        except BaseException as exc:  # reported to the caller by result()
            self._error = exc

    def _print(self) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise UserError("PDF output needs the playwright package") from exc
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=self.executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())  # nothing from any host
                html = self._page.get()
                if html is None:
                    return
                page.set_content(html, wait_until="load")
                page.emulate_media(media="print")
                self.out.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(
                    path=str(self.out),
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
