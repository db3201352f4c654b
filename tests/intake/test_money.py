"""The number and money parser: the forms officials write, and properties over many numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopatlas.intake.money import find_money, parse_number


@pytest.mark.parametrize(
    ("text", "language", "value", "currency"),
    [
        ("It was close to $334 million in 2022", "en", 334e6, "USD"),
        ("reached USD 1.2 billion", "en", 1.2e9, "USD"),
        ("составил 68 млн долларов", "ru", 68e6, "USD"),
        ("довести до $1,2 млрд", "ru", 1.2e9, "USD"),
        ("более чем на 10 млн. долларов", "ru", 10e6, "USD"),
        ("230 тысяч долларов составил импорт", "ru", 230e3, "USD"),
        ("totalled almost $835m", "en", 835e6, "USD"),
        ("trade reached $35.5b in nine months", "en", 35.5e9, "USD"),
        ("to make up $532.8m", "en", 532.8e6, "USD"),
        ("amounted to $ 67 million", "en", 67e6, "USD"),
        ("exceeded $0.5 billion", "en", 0.5e9, "USD"),
        ("worth $1,200 million", "en", 1.2e9, "USD"),
        ("reached Br1.1 billion", "en", 1.1e9, "BYN"),
        ("48.6 billion Russian rubles", "en", 48.6e9, "RUB"),
        ("32 млрд российских рублей", "ru", 32e9, "RUB"),
        ("15 млн белорусских рублей", "ru", 15e6, "BYN"),
        ("412,6 млн долларов США", "ru", 412.6e6, "USD"),
        ("1 200 млн долларов", "ru", 1.2e9, "USD"),
        ("the bar of half a billion US dollars", "en", 0.5e9, "USD"),
        ("составил почти миллиард долларов", "ru", 1e9, "USD"),
    ],
)
def test_money_forms(text: str, language: str, value: float, currency: str) -> None:
    [money] = find_money(text, language)
    assert money.value == pytest.approx(value) and money.currency == currency
    assert text[money.start : money.end] == money.text


def test_not_money() -> None:
    assert find_money("In 2022 it grew by 31%, 2.5 times, to 40 units") == []
    assert find_money("the Br plant and 2023 figures") == []


SCALES = {"million": 1e6, "billion": 1e9, "thousand": 1e3, "млн": 1e6, "млрд": 1e9}


@given(
    whole=st.integers(min_value=0, max_value=999_999),
    fraction=st.integers(min_value=0, max_value=9),
    scale=st.sampled_from(sorted(SCALES)),
    style=st.sampled_from(["${n} {s}", "USD {n} {s}", "{n} {s} dollars", "{n} {s} долларов"]),
)
def test_money_round_trip(whole: int, fraction: int, scale: str, style: str) -> None:
    language = "ru" if "доллар" in style else "en"
    sep = "," if language == "ru" else "."
    number = f"{whole}{sep}{fraction}" if fraction else str(whole)
    text = "Trade: " + style.format(n=number, s=scale) + " in 2023."
    found = find_money(text, language)
    assert len(found) == 1
    expected = (whole + fraction / 10) * SCALES[scale]
    assert found[0].value == pytest.approx(expected) and found[0].currency == "USD"


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_thousands_separators(n: int) -> None:
    assert parse_number(f"{n:,}", "en") == n
    assert parse_number(f"{n:,}".replace(",", " "), "ru") == n
    assert parse_number(f"{n:,}".replace(",", "\u00a0"), "ru") == n


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=99))
def test_decimal_comma_in_russian(whole: int, fraction: int) -> None:
    assert parse_number(f"{whole},{fraction:02d}", "ru") == pytest.approx(whole + fraction / 100)


def test_a_currency_named_once_for_two_amounts_is_each_ones() -> None:
    from coopatlas.intake.money import find_amounts

    found = find_amounts("Инвестиции составили 180 млн белорусских и 20 млн российских рублей.")
    assert [(a.money.value, a.money.currency) for a in found] == [(180e6, "BYN"), (20e6, "RUB")]
    found = find_amounts("a market of 140 million Russian consumers; rubles aside", "en")
    assert [a.money.currency for a in found] == ["USD"]  # an adjective of no currency
