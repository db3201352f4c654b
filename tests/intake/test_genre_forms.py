"""Forms of the genre the corpus shows, in invented articles of our own words: the amount's
words (вывоз, ввоз, "нарастить … до"), a sentence ending on an abbreviated unit, a region's
trade with the world that lists Belarus among others, organisations that "speak"."""

from __future__ import annotations

from typing import Any

import pytest

from coopatlas.intake.extract import extract
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.text import Article, sentences


def _read(text: str) -> dict[str, Any]:
    return extract(Article("x.txt", text), reference_gazetteer())


def _figures(text: str) -> list[tuple[Any, ...]]:
    return [
        (f["partner"], f["indicator"], f["period_start"], f["period_end"], f["value_usd"],
         f["qualifier"])
        for f in _read(text)["trade_figures"]
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Белгород\n10 июля 2009\nВ январе — мае 2009 года вывоз товаров из Белгородской "
            "области в Белоруссию составил 32,9 млн долларов США.",
            [("RU-BEL", "import", "2009-01-01", "2009-05-31", 32_900_000, "exact")],
        ),
        (
            "Смоленск\n10 июля 2009\nВвоз белорусских товаров в Смоленскую область за 2008 год "
            "составил 410 млн долларов.",
            [("RU-SMO", "export", "2008-01-01", "2008-12-31", 410_000_000, "exact")],
        ),
        (
            "Кубань и Беларусь\nКраснодар, 28 июня 2023\nПо словам губернатора, в прошлом году "
            "удалось на 52% нарастить товарооборот между Краснодарским краем и Беларусью — до "
            "$570 млн.",
            [("RU-KDA", "turnover", "2022-01-01", "2022-12-31", 570_000_000, "exact")],
        ),
        (
            "Итоги\n12 мая 2017\nЗа январь–май 2017 года товарооборот Беларуси с Липецкой "
            "областью составил 115 млн. Из этой суммы на экспорт пришлось $36 млн, на импорт — "
            "$79 млн.",
            [  # the total's currency is the one its parts are given in
                ("RU-LIP", "turnover", "2017-01-01", "2017-05-31", 115_000_000, "exact"),
                ("RU-LIP", "export", "2017-01-01", "2017-05-31", 36_000_000, "exact"),
                ("RU-LIP", "import", "2017-01-01", "2017-05-31", 79_000_000, "exact"),
            ],
        ),
    ],
)
def test_russian_amount_words(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert _figures(text) == expected


def test_a_region_trading_with_the_world_is_not_trading_with_belarus() -> None:
    """Belarus named only in a list of buyers: the region's total exports are no figure."""
    text = (
        "Марий Эл нарастила экспорт\n20 января 2022\nПроизводители Марий Эл экспортировали за "
        "2021 год продукции на $35,8 млн. Главными покупателями стали Узбекистан, Таджикистан, "
        "Сербия, Белоруссия и Италия, на долю которых пришлось около 70% экспорта."
    )
    assert _figures(text) == []
    alone = text + " Поставки республики в Белоруссию за 2021 год составили $4,1 млн."
    assert ("RU-ME", "import", "2021-01-01", "2021-12-31", 4_100_000, "exact") in _figures(alone)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Товарооборот составил 115 млн. Из этой суммы на экспорт пришлось 36 млн.", 2),
        ("Сумма достигла $90 млн. Посол отметил рост.", 2),
        ("Поставки составили 5 млн. долл. США за год.", 1),
        ("Контракт на 300 тыс. USD подписан.", 1),
        ("Встреча прошла в г. Минске.", 1),
    ],
)
def test_an_abbreviated_unit_ends_a_sentence_before_a_capital(text: str, count: int) -> None:
    assert len(sentences(text)) == count


def test_speaking_organisations_are_not_people() -> None:
    got = _read(
        "Товарооборот\n14 февраля 2012\nТоварооборот вырос, сообщил Белстат. Об этом сообщил "
        "Белгазпромбанк. «Мы довольны», — заявила Кочанова. Как отметил Хотченков, всё хорошо."
    )
    assert sorted(p["name"] for p in got["people"]) == ["Кочанова", "Хотченков"]
