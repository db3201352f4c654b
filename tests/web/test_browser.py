"""Browser tests in Debian's headless Chromium (Playwright, no browser download).

A real `coopatlas serve` runs on a copy of the test world; screenshots go to
``test-artefacts/web/`` (gitignored) for a person to look at. Every request the pages make
must go to the server itself: no network assets.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import PASSWORD, World

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
SHOTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "web"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db_url: str, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "COOPATLAS_SECRET": "browser-test", "COOPATLAS_LOGIN_RATE": "100/minute"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coopatlas", "--db", db_url, "serve", "--port", str(port),
         "--workers", str(workers)],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start")


@pytest.fixture
def server(world: World) -> Iterator[str]:
    proc, base = start_server(world.url)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def browser_page(server: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        outside: list[str] = []
        page.on(
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith(server) else None,
        )
        page.set_default_timeout(20_000)
        yield page, server, outside
        context.close()
        browser.close()


def sign_in(page, base: str, name: str = "admin") -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(base + "/")
    page.wait_for_selector("#logout")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_region_page_charts_and_russian(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, base, outside = browser_page
    sign_in(page, base)
    shot(page, "01-dashboard")
    page.goto(base + "/regions/RU-LIP")
    page.wait_for_selector("#charts svg rect")
    bars = page.locator("#charts svg rect")
    assert bars.count() >= 2
    box = bars.first.bounding_box()
    assert box and box["height"] > 5  # drawn, not an empty frame
    assert "Lipetsk Oblast" in page.inner_text("h1")
    assert "million USD" in page.inner_text("#figures")
    shot(page, "02-region-en")
    page.click("#lang-ru")
    page.wait_for_selector("text=Торговля с Беларусью")
    assert "Липецкая область" in page.inner_text("h1")
    figures = page.inner_text("#figures")
    assert re.search(r"\d+,\d\sмлн долл\. США", figures), figures  # Russian decimal comma
    shot(page, "03-region-ru")
    page.goto(base + "/enterprises")  # the choice is remembered
    assert "Предприятия" in page.inner_text("h1")
    assert not outside, f"requests left the server: {outside}"


def test_russian_match_search(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, base, outside = browser_page
    sign_in(page, base, "analyst")
    page.goto(base + "/lang/ru?next=/match")
    page.fill("#q", "тракторы")
    page.click("#match-form button[type=submit]")
    page.wait_for_selector("#suppliers tbody tr td a")
    rows = page.locator("#suppliers tbody tr")
    assert rows.count() >= 1
    assert "8701" in page.inner_text("#match-results")
    shot(page, "04-match-ru")
    assert not outside


ENGLISH_REASONS = re.compile(r"free capacity|by road|delivered cost|makes (the|a) ")
ENGLISH_ALERTS = re.compile(r"turnover fell|deficit widened|no figures for|far below")


def test_lang_on_the_address_switches_the_page(browser_page) -> None:  # type: ignore[no-untyped-def]
    """?lang=ru gives the page in Russian, alerts and the matcher's reasons included, and
    the next pages follow; ?lang=en switches back."""
    page, base, outside = browser_page
    page.goto(base + "/?lang=ru")
    assert page.get_attribute("html", "lang") == "ru"
    assert "Сигналы" in page.inner_text("main")
    alerts = page.inner_text("#alerts")
    assert re.search(r"[а-я]{4}", alerts) and not ENGLISH_ALERTS.search(alerts), alerts
    shot(page, "06-dashboard-ru-by-address")
    sign_in(page, base, "analyst")
    assert page.get_attribute("html", "lang") == "ru"  # remembered after signing in
    page.goto(base + "/match")
    page.fill("#q", "tractors")
    page.click("#match-form button[type=submit]")
    page.wait_for_selector("#suppliers tbody tr td a")
    why = page.locator("#suppliers tbody tr td.muted").all_inner_texts()
    assert why and all("свободная мощность" in w and "км по дорогам" in w for w in why), why
    assert not any(ENGLISH_REASONS.search(w) for w in why), why
    shot(page, "07-match-ru-reasons")
    page.goto(base + "/regions/RU-LIP?lang=en")
    assert page.get_attribute("html", "lang") == "en"
    assert "Lipetsk Oblast" in page.inner_text("h1")
    page.goto(base + "/match")
    page.fill("#q", "tractors")
    page.click("#match-form button[type=submit]")
    page.wait_for_selector("#suppliers tbody tr td a")
    why = page.locator("#suppliers tbody tr td.muted").all_inner_texts()
    assert why and all("free capacity" in w for w in why), why
    assert not outside, f"requests left the server: {outside}"


def test_bad_upload_shows_per_row_errors(browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, base, _ = browser_page
    sign_in(page, base, "editor")
    bad = tmp_path / "enterprises.csv"
    bad.write_text("id,name_en,region\nfine-one,Fine,RU-LIP\nBAD ID,Broken,RU-NOPE\n", "utf-8")
    page.goto(base + "/upload")
    page.select_option("#kind", "enterprises")
    page.set_input_files("#file", str(bad))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#problems tbody tr")
    text = page.inner_text("#problems")
    assert "RU-NOPE" in text and "3" in text
    assert "nothing was stored" in page.inner_text("#upload-result")
    shot(page, "05-upload-errors")


def test_start_a_plan_and_watch_it_finish(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, base, _ = browser_page
    sign_in(page, base, "analyst")
    page.goto(base + "/plans")
    page.fill("input[name=last_year]", "2027")
    page.click("#start-plan")
    page.wait_for_url(re.compile(r".*/plans/[0-9a-f]{16}$"))
    shot(page, "06-plan-running")
    page.wait_for_selector(
        "#run-status:is([data-status=done], [data-status=failed], [data-status=cancelled])",
        timeout=240_000,
    )
    assert page.get_attribute("#run-status", "data-status") == "done", page.inner_text(
        "#run-status"
    )
    assert page.locator("#plan-kpis").is_visible()
    shot(page, "07-plan-done")
    with page.expect_popup() as popup:
        page.click("#report-link")
    report = popup.value
    report.wait_for_load_state()
    assert "localization" in report.content().lower()


def test_accept_a_fact_and_find_it_in_the_audit_log(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, base, _ = browser_page
    sign_in(page, base, "admin")
    page.goto(base + "/review")
    first = page.locator("#facts tbody tr").first
    fact_id = first.get_attribute("id")
    assert fact_id and fact_id.startswith("fact-")
    first.locator("button.accept").click()
    page.wait_for_selector(f"#{fact_id} .status:text('accepted')")
    shot(page, "08-review")
    page.goto(base + "/audit")
    row = page.locator("#audit tbody tr").first
    assert "fact.accepted" in row.inner_text()
    assert f"fact:{fact_id.removeprefix('fact-')}" in row.inner_text()
    assert "admin" in row.inner_text()
    shot(page, "09-audit")
