"""The briefing in real headless Chromium (Debian's, driven by Playwright) and as PDF pages.

Screenshots and the PDF's pages go to ``test-artifacts/`` for people to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coopatlas import registry
from coopatlas.brief import write_brief
from coopatlas.brief.pdf import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() or shutil.which("pdftoppm") is None,
    reason="needs Debian's chromium and poppler-utils (make browser installs them)",
)


@pytest.fixture
def engine(dataset_url: str) -> Engine:
    return registry.connect(dataset_url)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_charts_draw_in_chromium_and_nothing_is_requested(
    engine: Engine, tmp_path: Path, artifacts: Path, lang: str
) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / f"brief-{lang}.html"
    write_brief(engine, "RU-LIP", lang, html=page_file)
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_function(
                "[...document.querySelectorAll('figure.chart')]"
                ".every(f => f.dataset.drawn === '1' || f.dataset.error)",
                timeout=20000,
            )
            figures = page.eval_on_selector_all(
                "figure.chart",
                "fs => fs.map(f => ({id: f.id, drawn: f.dataset.drawn || null,"
                " error: f.dataset.error || null, marks: f.querySelectorAll("
                "'svg path, svg rect, svg line, svg text').length,"
                " width: f.querySelector('svg') ? f.querySelector('svg')"
                ".getBoundingClientRect().width : 0}))",
            )
            page.screenshot(path=str(artifacts / f"brief-RU-LIP-{lang}.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert len(figures) >= 3
    for f in figures:  # vega-embed replaced the static SVG with its own drawing
        assert f["drawn"] == "1" and f["error"] is None, f
        assert f["marks"] > 10 and f["width"] > 200, f
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []


def _ink(pgm: Path) -> float:
    """Share of pixels that are not white in a binary greyscale PGM page."""
    data = pgm.read_bytes()
    header = data.split(b"\n", 3)  # P5, width height, maxval, pixels
    pixels = header[3]
    return sum(1 for b in pixels if b < 200) / max(len(pixels), 1)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_pages_show_the_briefing(
    engine: Engine, tmp_path: Path, artifacts: Path, lang: str
) -> None:
    pdf = tmp_path / f"brief-{lang}.pdf"
    write_brief(engine, "RU-LIP", lang, pdf=pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    prefix = artifacts / f"brief-RU-LIP-{lang}-page"
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(artifacts.glob(f"{prefix.name}-*.png"))
    assert len(pages) >= 2
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "first")], check=True)  # fmt: skip
    first = next(tmp_path.glob("first-*.pgm"))
    assert 0.01 < _ink(first) < 0.6  # text and charts, not a blank or black page
    text = subprocess.run(
        ["pdftotext", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert ("Lipetsk Oblast" if lang == "en" else "Липецкая область") in text
    assert ("315.0" if lang == "en" else "315,0") in text
