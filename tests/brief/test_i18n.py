"""Russian and English: every message has its Russian, numbers and periods per language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.extract import extract_from_dir

from coopatlas.brief.i18n import Formats, translations

BRIEF = Path(__file__).resolve().parents[2] / "src" / "coopatlas" / "brief"


def test_every_message_has_a_russian_translation() -> None:
    method_map = [("**.py", "python"), ("templates/**.j2", "jinja2")]
    keywords = {"_": None, "N_": None}
    found = {
        m[2]
        for m in extract_from_dir(str(BRIEF), method_map, keywords=keywords)  # type: ignore[arg-type]
    }
    ru = translations("ru")
    assert len(found) > 50
    untranslated = sorted(m for m in found if isinstance(m, str) and ru.gettext(m) == m)
    assert untranslated == []


def test_numbers_and_percentages_are_written_per_language() -> None:
    en, ru = Formats("en"), Formats("ru")
    assert en.musd(334e6, "approx") == "about 334.0\u00a0million USD"
    assert ru.musd(334e6, "approx") == "около 334,0\u00a0млн долл. США"
    assert en.musd(91e6, "over", unit=False) == "over 91.0"
    assert ru.musd(-1_175e6, unit=False) == "−1\u00a0175,0"
    assert en.pct(2.5) == "+2.5%" and ru.pct(-10.7) == "−10,7%"
    assert en.musd(None) == "–"
    assert ru.significant(0.000412) == "0,000412" and en.significant(-1.2345) == "−1.23"


def test_periods_are_named_not_numbered() -> None:
    en, ru = Formats("en"), Formats("ru")
    year = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    q1 = (dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    jan_may = (dt.date(2025, 1, 1), dt.date(2025, 5, 31))
    assert en.period(*year) == ru.period(*year) == "2022"
    assert en.period(*q1) == "Q1 2023" and ru.period(*q1) == "1 кв. 2023 г."
    assert en.period(*jan_may) == "January–May 2025"
    assert ru.period(*jan_may) == "Январь–май 2025"
    assert en.period(dt.date(2023, 1, 1), dt.date(2023, 6, 30)) == "H1 2023"
    assert ru.date(dt.date(2023, 6, 1)) == "1 июня 2023\u202fг."
