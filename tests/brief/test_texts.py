"""Alerts and matcher reasons written in Russian from their numbers, for every alert the
default dataset raises and for each kind of alert."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine

from coopatlas import registry
from coopatlas.brief.i18n import Formats
from coopatlas.brief.texts import ALERT_SENTENCES, alert_sentence, match_reasons
from coopatlas.trade.alerts import alerts

ENGLISH = re.compile(r"\b(turnover|deficit|figures|export|trend|latest|grew|fell|in a row)\b")


@pytest.fixture
def engine(dataset_url: str) -> Engine:
    return registry.connect(dataset_url)


def test_every_alert_of_the_dataset_reads_in_russian(engine: Engine) -> None:
    found = [a.as_dict() for a in alerts(engine)]
    assert len(found) > 20
    ru = Formats("ru")
    for a in found:
        text = alert_sentence(a, ru)
        assert text != a["message"] and not ENGLISH.search(text), (a, text)
        years = set(re.findall(r"\b(?:19|20)\d\d\b", a["message"]))
        assert years <= set(re.findall(r"\b(?:19|20)\d\d\b", text)), (a["message"], text)


KINDS = {
    "turnover_down_two_years": {"2011": 400e6, "2012": 380e6, "2013": 350e6},
    "deficit_widening": {"balance_2012": -180e6, "balance_2013": -190e6},
    "main_export_losing_share": {"hs": "8704", "share_2023_pct": 80.0, "share_2024_pct": 50.0},
    "growth_below_trend": {
        "growth_pct": 2.9,
        "trend_cagr_pct": 30.4,
        "trend_from": "2010",
        "trend_to": "2013",
        "year": "2014",
    },
    "no_recent_data": {"latest_for_partner": "2019-12-31", "latest_overall": "2021-12-31"},
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_of_alert_in_both_languages(kind: str) -> None:
    alert = {"kind": kind, "numbers": KINDS[kind], "message": "the English message"}
    ru, en = alert_sentence(alert, Formats("ru")), alert_sentence(alert, Formats("en"))
    assert kind in ALERT_SENTENCES and ru != en
    assert not ENGLISH.search(ru) and "{" not in ru and "{" not in en
    numbers = {
        "turnover_down_two_years": ("400,0", "350,0"), "deficit_widening": ("180,0", "190,0"),
        "main_export_losing_share": ("80,0%", "50,0%"), "growth_below_trend": ("+2,9%", "+30,4%"),
        "no_recent_data": ("31 декабря 2019", "31 декабря 2021"),
    }[kind]  # fmt: skip
    for number in numbers:
        assert number.replace(" ", "\u00a0") in ru.replace(" ", "\u00a0"), ru


def test_unknown_alert_keeps_its_message() -> None:
    assert alert_sentence({"kind": "new", "numbers": {}, "message": "m"}, Formats("ru")) == "m"


def test_match_reasons_in_russian() -> None:
    row = {"supplier": "mtz", "country": "BY", "kind": "expansion", "match": 4,
           "free_capacity": 1200.0, "quantity": 1500.0, "backlog_months": 3.0, "road_km": 850.0,
           "cost": 12.3, "unit_cost": 11.9, "transport": 0.4, "ties": 2}  # fmt: skip
    ru = match_reasons(row, Formats("ru"), "Минский тракторный завод")
    assert ru.startswith("Минский тракторный завод (Беларусь, расширение)")
    assert "свободная мощность 1\u00a0200 меньше нужных 1\u00a0500" in ru
    assert "портфель заказов на 3 мес." in ru and "~850 км" in ru and "12,30" in ru
    assert "совместных проектов: 2" in ru
    en = match_reasons({**row, "quantity": None, "ties": 0}, Formats("en"), "MTZ")
    assert en.startswith("MTZ (Belarus, expansion) makes a product of the same heading")
    assert "short" not in en and "already works" not in en
