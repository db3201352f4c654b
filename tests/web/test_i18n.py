"""Russian and English: complete catalogues, the switch remembered, numbers per language."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from coopatlas.web import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_a_russian_translation() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "web_catalog.py"), "--check"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout


def test_formats_per_language() -> None:
    ru, en = i18n.Formats("ru"), i18n.Formats("en")
    # money in the briefings' words, a minus sign for a deficit
    assert ru.money(334_000_000) == "334,0\u00a0млн долл. США"
    assert en.money(-175_000_000) == "−175.0\u00a0million USD"
    assert ru.number(1234567).replace("\xa0", " ") == "1 234 567"
    assert en.number(1234567) == "1,234,567"
    assert ru.date(dt.date(2023, 6, 1)).replace("\u202f", " ") == "1 июн. 2023 г."
    assert en.date(dt.date(2023, 6, 1)) == "Jun 1, 2023"


def test_choice_of_language() -> None:
    assert i18n.choose("ru", "en-GB,en") == "ru"
    assert i18n.choose(None, "ru-RU,ru;q=0.9,en;q=0.8") == "ru"
    assert i18n.choose("xx", "de-DE") == "en"


def test_switch_is_remembered(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/lang/ru?next=/regions/RU-LIP", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/regions/RU-LIP"
    page = client.get("/regions/RU-LIP").text
    assert "Липецкая область" in page and "Торговля с Беларусью" in page
    assert (
        client.get("/lang/en?next=//evil.example", follow_redirects=False).headers["location"]
        == "/"
    )
    assert "Trade with Belarus" in client.get("/regions/RU-LIP").text


def test_lang_on_the_address_switches_and_is_remembered(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/regions/RU-LIP?lang=ru")
    assert '<html lang="ru">' in page.text and "Липецкая область" in page.text
    assert "<td>Липецк</td><td>металлургия (сталь, прокат)</td>" in page.text  # НЛМК
    assert "<td>НЛМК поставляет стальной прокат" in page.text  # the project's Russian title
    assert "Головченко встретился с губернатором Липецкой области" in page.text  # a source's
    # periods in words and amounts in the table's unit, as the briefing writes them
    assert "<tr><td>Январь–май 2016</td>" in page.text and "2016 Jan–May" not in page.text
    assert "<tr><td>1 пол. 2020 г.</td>" in page.text
    assert '<td class="num">−175,0 (рассчитано)</td>' in page.text  # the 2021 balance
    assert client.cookies.get("lang") == "ru"
    assert "Торговля с Беларусью" in client.get("/regions/RU-LIP").text
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert "Trade with Belarus" in client.get("/regions/RU-LIP").text
    assert i18n.choose("en", None, "ru") == "ru" and i18n.choose("ru", None, "xx") == "ru"


def test_dashboard_alerts_in_russian(client) -> None:  # type: ignore[no-untyped-def]
    import html
    import re

    page = html.unescape(client.get("/?lang=ru").text)
    alerts = page.split('<ul id="alerts">', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"</a>: (.*?)</li>", alerts, re.S)
    assert items, alerts
    for text in items:
        assert re.search(r"[а-я]{4}", text) and not re.search(r"turnover|deficit|figures", text)


def test_region_page_alerts_in_both_languages(client) -> None:  # type: ignore[no-untyped-def]
    import html

    def alerts(lang: str) -> str:
        page = html.unescape(client.get(f"/regions/RU-LIP?lang={lang}").text)
        return page.split('<ul id="region-alerts">', 1)[1].split("</ul>", 1)[0]

    assert "no figures for" in alerts("en")
    ru = alerts("ru")
    assert "нет данных за" in ru and "no figures" not in ru


def test_api_alerts_and_reasons_in_russian(as_role) -> None:  # type: ignore[no-untyped-def]
    import re

    client = as_role("analyst")
    ru = client.get("/api/trade/alerts?partner=RU-LIP&lang=ru").json()["items"]
    en = client.get("/api/trade/alerts?partner=RU-LIP").json()["items"]
    assert len(ru) == len(en) > 0
    assert all(re.search(r"[а-я]{4}", a["message"]) and a["title"] for a in ru)
    assert [a["numbers"] for a in ru] == [a["numbers"] for a in en]
    found = client.get("/api/find?q=tractors&lang=ru").json()["items"]
    assert found and all("свободная мощность" in i["reasons"] for i in found)
    assert all("free capacity" in i["explanation"] for i in found)
    assert client.get("/api/find?q=tractors&lang=de").status_code == 422
