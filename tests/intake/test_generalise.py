"""The mechanisms that replace per-article rules: the period grammar, the morphology of Russian
names, whose trade a figure is, and the corpus evaluation (per language, by kind of error)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from coopatlas.intake.evaluate import evaluate, half
from coopatlas.intake.extract import extract
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.names import find_russian_names, nominative_ru
from coopatlas.intake.periods import find_periods
from coopatlas.intake.text import Article, sentences
from tests.intake.helpers import ARTICLES

CORPUS = Path(__file__).resolve().parent / "corpus"


def _figures(text: str) -> list[tuple[Any, ...]]:
    got = extract(Article("x.txt", text), reference_gazetteer())
    return [
        (f["partner"], f["indicator"], f["period_start"], f["period_end"], f["value_usd"])
        for f in got["trade_figures"]
    ]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("по итогам первой половины 2025 года", "2025-01-01", "2025-06-30"),
        ("за январь-май 2017-го года", "2017-01-01", "2017-05-31"),
        ("за первые десять месяцев с начала 2023 года", "2023-01-01", "2023-10-31"),
        ("за 1-е полугодие 2020 года", "2020-01-01", "2020-06-30"),
        ("по итогам 1-го квартала 2020 года", "2020-01-01", "2020-03-31"),
        ("за 3 квартала 2020 года", "2020-01-01", "2020-09-30"),
        ("в 3-м квартале 2020 года", "2020-07-01", "2020-09-30"),
        ("по итогам трёх кварталов 2021 года", "2021-01-01", "2021-09-30"),
        ("in the first three quarters of 2021", "2021-01-01", "2021-09-30"),
        ("за январь–сентябрь прошлого года", "2023-01-01", "2023-09-30"),
        ("в январе–июле текущего года", "2024-01-01", "2024-07-31"),
        ("за девять месяцев", "2024-01-01", "2024-09-30"),
        ("over the first nine months of last year", "2023-01-01", "2023-09-30"),
        ("а с января по май 2024 года — почти", "2024-01-01", "2024-05-31"),
        ("с февраля до июня прошлого года", "2023-02-01", "2023-06-30"),
        ("за последние семь месяцев вырос", "2024-01-01", "2024-07-31"),
        ("Прошлый год область завершила с товарооборотом", "2023-01-01", "2023-12-31"),
        ("Bilateral trade over the past year totaled", "2023-01-01", "2023-12-31"),
    ],
)
def test_partial_periods(text: str, first: str, last: str) -> None:
    [p] = [p for p in find_periods(text, dt.date(2024, 11, 15)) if not p.base]
    assert (p.first.isoformat(), p.last.isoformat()) == (first, last)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In the first quarter trade fell 40 percent from the same period in 2013.", 2014),
        ("За первое полугодие он вырос на 11% к уровню аналогичного периода 2021 года.", 2022),
        ("В прошлом году он вырос по сравнению с 2002-м на 26,4%.", 2003),
    ],
)
def test_a_period_without_year_follows_its_comparison_base(text: str, year: int) -> None:
    """The page date (2018 here) is not the period's year when the sentence compares with one."""
    own = [p for p in find_periods(text, dt.date(2018, 1, 23)) if not p.base]
    assert [p.first.year for p in own] == [year]


def test_a_month_range_in_the_instrumental_as_a_base() -> None:
    [p] = find_periods("вырос на 5% по сравнению с январем-маем 2023 года", dt.date(2024, 7, 1))
    assert (p.first.isoformat(), p.last.isoformat(), p.base) == ("2023-01-01", "2023-05-31", True)


def test_a_base_belongs_to_the_period_that_writes_its_year() -> None:
    text = (
        "В прошлом году товарооборот составил 375 млн долларов, за 6 месяцев 2008-го он вырос "
        "на треть по сравнению с тем же периодом 2007-го."
    )
    own = [p for p in find_periods(text, dt.date(2008, 9, 23)) if not p.base]
    assert [(p.first.isoformat(), p.last.isoformat()) for p in own] == [
        ("2007-01-01", "2007-12-31"),
        ("2008-01-01", "2008-06-30"),
    ]


@pytest.mark.parametrize(
    ("words", "nominative"),
    [
        (("Игорем", "Артамоновым"), ("Игорь", "Артамонов")),
        (("Алексея", "Леонидовича", "Текслера"), ("Алексей", "Леонидович", "Текслер")),
        (("Натальи", "Кочановой"), ("Наталья", "Кочанова")),
        (("Бориса", "Дубровского"), ("Борис", "Дубровский")),
        (("Романом", "Головченко"), ("Роман", "Головченко")),
        (("Павлом", "Коньковым"), ("Павел", "Коньков")),  # a surname the dictionary lacks
        (("Александр", "Богомаз"), ("Александр", "Богомаз")),
    ],
)
def test_russian_names_in_the_nominative(
    words: tuple[str, ...], nominative: tuple[str, ...]
) -> None:
    assert nominative_ru(words) == nominative


def test_people_without_a_title_or_with_the_post_after_the_name() -> None:
    found = [w for _, _, w in find_russian_names(
        "Александр Лукашенко и Игорь Артамонов обсудили сотрудничество. "
        "Республика Беларусь и Кемеровская область договорились."
    )]  # fmt: skip
    assert found == [("Александр", "Лукашенко"), ("Игорь", "Артамонов")]
    got = extract(
        Article("x.txt", "Belarus’s trade should grow, Alaksandr Łukašenka has told Vladislav "
                "Shapsha, governor of Russia’s Kaluga province currently visiting Minsk."),
        reference_gazetteer(),
    )  # fmt: skip
    assert any(p["name"] == "Vladislav Shapsha" for p in got["people"])
    got = extract(
        Article("x.txt", "This was announced by the region's governor Georgy Filimonov after a "
                "meeting with Belarusian President Alexander Lukashenko."),
        reference_gazetteer(),
    )  # fmt: skip
    assert [p["name"] for p in got["people"]] == ["Georgy Filimonov", "Alexander Lukashenko"]


def test_whose_trade_a_figure_is() -> None:
    text = (
        "15 ноября 2023\n\nТоварооборот Брянской области с Китаем в 2022 году составил "
        "900 млн долларов. Товарооборот Тверской области со странами СНГ составил 700 млн "
        "долларов в 2022 году. «Российский экспорт в Белоруссию составил $ 3,337 млрд в 2022 "
        "году», — сообщили в ФТС. Товарооборот между нашими странами в 2022 году составил "
        "40 млрд долларов. Объем экспорта Беларуси в Брянскую область увеличился на 12 млн "
        "долларов и достиг 250 млн долларов в 2022 году."
    )
    assert _figures(text) == [
        ("RU", "import", "2022-01-01", "2022-12-31", 3_337_000_000),
        ("RU", "turnover", "2022-01-01", "2022-12-31", 40_000_000_000),
        ("RU-BRY", "export", "2022-01-01", "2022-12-31", 250_000_000),
    ]


def test_periods_pair_with_amounts_in_order_and_carry_on() -> None:
    tuva = (
        "20 January 2022\n\nTrade of Belarus with the Tuva Republic is small. In 2020, it "
        "amounted to about $275,000, in January-November 2021 - $47,500."
    )
    assert _figures(tuva) == [
        ("RU-TY", "turnover", "2020-01-01", "2020-12-31", 275_000),
        ("RU-TY", "turnover", "2021-01-01", "2021-11-30", 47_500),
    ]
    lipetsk = (
        "10 июня 2017\n\nПо статистике, товарооборот Беларуси с Липецкой областью за январь-май "
        "2017-го года вырос на 53,1%. В денежном выражении товарооборот составил 115 миллионов "
        "долларов. Из этой суммы на экспорт пришлось 36 миллионов долларов."
    )
    assert _figures(lipetsk) == [
        ("RU-LIP", "turnover", "2017-01-01", "2017-05-31", 115_000_000),
        ("RU-LIP", "export", "2017-01-01", "2017-05-31", 36_000_000),
    ]


def test_sentences_split_without_a_space_after_an_abbreviation() -> None:
    parts = [s.text for s in sentences("Сальдо составило $390,8 млн.В январе-мае 2013 года.")]
    assert parts == ["Сальдо составило $390,8 млн.", "В январе-мае 2013 года."]


def test_eval_per_language_with_missing_texts_and_error_kinds(tmp_path: Path) -> None:
    gold = json.loads((ARTICLES / "expected.json").read_text(encoding="utf-8"))
    docs = gold["documents"]
    docs.append({**docs[0], "file": "not-there.txt"})
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    report = evaluate(tmp_path / "gold.json", ARTICLES, reference_gazetteer())
    assert report.missing_texts == ["not-there.txt"]
    assert set(report.by_language) == {"en", "ru"}
    for language, scores in report.by_language.items():
        assert scores["trade_figures"].gold > 0, language
    assert sum(s["trade_figures"].gold for s in report.by_language.values()) == (
        report.scores["trade_figures"].gold
    )
    assert {half(f"doc{i}") for i in range(20)} == {"dev", "check"}


def test_russian_enterprise_names_in_other_cases() -> None:
    got = extract(
        Article("x.txt", "Губернатор встретился с руководством Минского тракторного завода. "
                "Сотрудничество с Череповецким литейно-механическим заводом развивается."),
        reference_gazetteer(),
    )  # fmt: skip
    assert [(e["name"], e["mention"]) for e in got["enterprises"]] == [
        ("MTZ", "Минский тракторный завод"),
        ("Cherepovets Foundry and Mechanical Plant", "Череповецкий литейно-механический завод"),
    ]


def test_english_names_without_a_title_by_their_first_name() -> None:
    """A romanised first name is looked up in the Russian dictionary in Cyrillic again."""
    got = extract(
        Article("x.txt", "Presidents of Belarus and Russia Alexander Lukashenko and Vladimir "
                "Putin met in Minsk Region. Natalya Kochanova and Dmitry Mezentsev spoke."),
        reference_gazetteer(),
    )  # fmt: skip
    assert sorted(p["name"] for p in got["people"]) == [
        "Alexander Lukashenko", "Dmitry Mezentsev", "Natalya Kochanova", "Vladimir Putin",
    ]  # fmt: skip
