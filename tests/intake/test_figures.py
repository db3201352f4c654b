"""The figure model: every amount as a candidate, the amount and period grammars, and the
shipped weights being what the training script makes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from coopatlas.intake.candidates import VETO, Reader, candidates
from coopatlas.intake.document import read_doc
from coopatlas.intake.extract import extract
from coopatlas.intake.figures import WEIGHTS_FILE, Candidate, load_model
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.money import find_amounts
from coopatlas.intake.periods import find_periods
from coopatlas.intake.text import Article
from coopatlas.intake.trade import INDICATOR, indicator_direction
from tests.intake.helpers import SEEDS_GOLD

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ROOT / "tests" / "intake" / "corpus" / "texts"


@pytest.mark.parametrize(
    ("text", "value", "currency", "kind"),
    [
        ("составил свыше 9 млрд 896 млн долл. За", 9_896e6, "USD", "compound"),
        ("exceed the 315-320 million dollars", 315e6, "USD", "range"),
        ("около ста пятидесяти миллиардов российских рублей.", 150e9, "RUB", "words"),
        ("превысив семь миллиардов долларов", 7e9, "USD", "words"),
        ("approached nearly three billion dollars", 3e9, "USD", "words"),
        ("более пятисот миллионов рублей", 500e6, "RUB", "words"),
        ("до 2,355 триллиона рублей", 2.355e12, "RUB", "digits"),
        ("составил $270,8 млн и", 270.8e6, "USD", "digits"),
        ("(265 млн 779 тыс. 632 доллара по курсу)", 265_779_632, "USD", "compound"),
        ("экспорт 2 млн 300 тыс. долларов США", 2.3e6, "USD", "compound"),
    ],
)
def test_amounts_in_words_compounds_and_ranges(
    text: str, value: float, currency: str, kind: str
) -> None:
    [a] = find_amounts(text, "ru" if any("а" <= c <= "я" for c in text) else "en")
    assert a.money.value == pytest.approx(value) and a.money.currency == currency
    assert a.kind == kind and text[a.money.start : a.money.end] == a.money.text


def test_a_bare_amount_takes_the_currency_before_it() -> None:
    found = find_amounts("товарооборот 19 млн рублей, в том числе экспорт — 17 млн", "ru")
    assert [(a.money.value, a.money.currency, a.kind) for a in found] == [
        (19e6, "RUB", "digits"),
        (17e6, "RUB", "bare"),
    ]


@pytest.mark.parametrize(
    ("text", "first", "last", "base"),
    [
        ("In January 2022 trade amounted to", "2022-01-01", "2022-01-31", False),
        ("в январе 2023 года товарооборот", "2023-01-01", "2023-01-31", False),
        ("за май составил", "2023-05-01", "2023-05-31", False),
        ("29% up from January-September 2020", "2020-01-01", "2020-09-30", True),
        ("soared 11.7 times in comparison with 2020", "2020-01-01", "2020-12-31", True),
        ("from January to May 2023", "2023-01-01", "2023-05-31", False),
        ("За полгода мы уже превысили", "2023-01-01", "2023-06-30", False),
        ("в прошлом, кризисном году товарооборот", "2022-01-01", "2022-12-31", False),
        ("по результатам ушедшего года оборот", "2022-01-01", "2022-12-31", False),
    ],
)
def test_single_months_and_range_bases(text: str, first: str, last: str, base: bool) -> None:
    [p] = find_periods(text, dt.date(2023, 7, 1))
    assert (p.first.isoformat(), p.last.isoformat(), p.base) == (first, last, base)
    assert find_periods("on 27 January 2022 he said", dt.date(2023, 7, 1)) == []


def _readers(text: str, name: str = "x.txt") -> list[Candidate]:
    return candidates(read_doc(Article(name, text), reference_gazetteer()))


def test_scales_that_do_not_descend_or_lack_a_currency_are_no_compound() -> None:
    for text, values in [
        ("добыто 5 млн 200 тыс. тонн", [5e6]),
        ("экспорт — 17 млн 3 млн долларов", [17e6, 3e6]),
    ]:
        found = find_amounts(text, "ru")
        assert [(a.money.value, a.kind) for a in found] == [
            (v, "bare" if i == 0 else "digits") for i, v in enumerate(values)
        ]


def test_an_amount_of_a_span_of_years_is_no_candidate() -> None:
    text = (
        "Товарооборот Беларуси и Самарской области в 2023 году превысил $3,2 млрд, тогда как в "
        "2020–2021 годах он составлял около $700 млн. In 2016-20 trade totalled $5 billion."
    )
    found = [c.amount.money.value for c in _readers(text, "samara_2025-07-21.txt")]
    assert found == [3.2e9]
    dated = "Новость от 2026-02-05: товарооборот в 2025 году составил $1,5 млрд."
    assert [c.amount.money.value for c in _readers(dated, "x_2026-02-05.txt")] == [1.5e9]
    before = (
        "5 февраля 2024 года. До 2020 года экспорт товаров из Беларуси в Россию составлял около "
        "12,5 млрд долларов. Before 2020 exports were about $13 billion. В 2022 году экспорт "
        "превысил 23 млрд долларов."
    )
    assert [c.amount.money.value for c in _readers(before)] == [23e9]


def test_an_amount_converted_in_brackets_is_not_a_second_figure() -> None:
    text = (
        "Товарооборот Беларуси и Приморского края в 2023 году достиг 22,5 млрд российских "
        "рублей (около 265 млн долларов по среднему курсу)."
    )
    [c] = _readers(text, "primorye_2024-04-04.txt")
    assert c.amount.money.currency == "RUB" and c.amount.money.value == pytest.approx(22.5e9)


def test_federal_cities_are_partners_where_they_trade_not_where_one_visits() -> None:
    [spb] = _readers(
        "1 June 2022\n\nВ 2021 году товарооборот Беларуси с Санкт-Петербургом составил $1,743 млрд."
    )
    assert "RU-SPE" in {p.value for p in spb.partners}
    [visit] = _readers(
        "1 June 2022\n\nЛукашенко в рамках визита в Москву обсудит торговлю. Товарооборот "
        "составил $30 млрд в 2021 году."
    )
    assert {p.value for p in visit.partners} == {"RU"}


def test_amounts_that_are_no_trade_figures_are_vetoed() -> None:
    found = _readers(
        "12 May 2023\n\nThe trade deficit was $60 million in 2022. The trade is about "
        "$450 million a year. Trade totalled $500 million in 2022."
    )
    assert [c.amount.money.value for c in found] == [500e6]


def test_an_amount_a_relative_clause_gives_to_investments_is_vetoed() -> None:
    found = _readers(
        "5 июля 2024 года\n\nРоссия на первом месте по инвестициям в экономику Гомельской "
        "области, объем которых в прошлом году составил 6,2 миллиарда российских рублей. "
        "Товарооборот области с Магаданской областью, объем которого в прошлом году вырос, "
        "составил 12 млн долларов."
    )
    assert [c.amount.money.value for c in found] == [12e6]


def test_a_page_update_stamp_and_a_year_in_the_file_name_date_the_article() -> None:
    text = (
        "Последнее обновление: 14.11.2024 18:00\n\nТоварооборот Беларуси и России в январе-июле "
        "составил 6,75 млрд долларов."
    )
    [c] = _readers(text, "ru_russia_2003_afn.txt")
    assert {p.value.first.year for p in c.periods} == {2003}
    assert "par_ru_stated" in next(p for p in c.partners if p.value == "RU").feats


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Российские поставки снизились до $21,3 млрд", "import"),
        ("Россия поставила Белоруссии товаров на $1,8 млрд", "import"),
        ("импорт в Россию из Белоруссии — $2,8 млрд", "export"),
        ("белорусский экспорт в Россию вырос до $3 млрд", "export"),
    ],
)
def test_the_russian_side_speaking_turns_the_direction(text: str, direction: str) -> None:
    m = INDICATOR.search(text)
    assert m is not None and indicator_direction(m, text) == direction


def test_every_amount_is_a_candidate_with_readings() -> None:
    text = (
        "1 June 2023\n\nIn 2022 trade with Lipetsk Oblast totalled $334 million. Exports "
        "increased by $20 million. Imports were $120 million."
    )
    found = candidates(read_doc(Article("x.txt", text), reference_gazetteer()))
    # "increased by $20 million" is the size of a change: vetoed before the model
    assert [c.amount.money.value for c in found] == [334e6, 120e6]
    for c in found:
        assert c.indicators and c.periods and c.partners
        assert not VETO.intersection(c.feats)
        assert {p.value for p in c.partners} >= {"RU-LIP", "RU"}


def test_the_shipped_model_is_small_and_sane() -> None:
    weights, thresholds = load_model()
    assert all(0.05 <= t <= 0.95 for t in thresholds.values()) and 20 <= len(weights) <= 1000
    assert {"", "en", "ru"} <= thresholds.keys()
    # a few signs any reader would agree with
    assert weights["per_not_over"] < 0 and weights["per_base"] < 0
    assert weights["target_before"] < 0
    assert (ROOT / "src" / "coopatlas" / "intake" / WEIGHTS_FILE).stat().st_size < 100_000


def test_the_shipped_weights_are_what_the_script_makes() -> None:
    """Retraining from the same articles gives the same file (needs the corpus texts, which
    are not in the repository, and the seeds in ../shared)."""
    from coopatlas.intake.figures import model_trained_on

    missing = [i for i in model_trained_on() if not (TEXTS / f"{i}.txt").exists()]
    if missing or not SEEDS_GOLD.exists():
        pytest.skip(
            f"{len(missing)} of the corpus texts that trained the model, or the seeds, are not here"
        )
    spec = importlib.util.spec_from_file_location(
        "train_figure_model", ROOT / "scripts" / "train_figure_model.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = json.loads(json.dumps(module.build(module.HALVES), sort_keys=True, ensure_ascii=False))
    shipped = json.loads((ROOT / "src" / "coopatlas" / "intake" / WEIGHTS_FILE).read_text())
    assert (made["threshold"], made["thresholds"], made["l2"], made["examples"]) == (
        shipped["threshold"],
        shipped["thresholds"],
        shipped["l2"],
        shipped["examples"],
    )
    assert made["weights"].keys() == shipped["weights"].keys()
    assert all(abs(made["weights"][k] - v) < 1e-3 for k, v in shipped["weights"].items())
    assert made["trained_on"] == shipped["trained_on"]


@pytest.mark.parametrize(
    "text",
    [
        "МИНСК, 17 февраля 2010. Товарооборот Беларуси и Москвы в 2009 году сократился "
        "с 5,4 млрд. долларов до 3 млрд.",
        "MINSK, 3 March 2010. In 2009 trade between Belarus and Moscow fell from $5.4 billion "
        "to $3 billion.",
    ],
)
def test_the_amount_a_change_starts_from_is_the_year_before(text: str) -> None:
    from coopatlas.intake.extract import extract

    got = extract(Article("x.txt", text), reference_gazetteer())["trade_figures"]
    read = {(f["period_start"][:4], f["value_usd"], f["qualifier"]) for f in got}
    assert read == {("2008", 5_400_000_000, "exact"), ("2009", 3_000_000_000, "exact")}


def test_no_figure_is_read_for_a_period_after_the_articles_date() -> None:
    """A month still to come ("В сентябре 2016 года исполнится…" in June 2016) is offered as
    no figure's period; none of the corpus's gold figures begins after its article's date."""
    text = (
        "Вологда, 8 июня 2016 года. Оборот Вологодской области с Беларусью за 2015 год составил "
        "269,8 млн долларов. В сентябре 2016 года исполнится десять лет с момента подписания "
        "соглашения. Поставки вологодских товаров в Беларусь составили 104,7 млн долларов."
    )
    periods = [
        r.value for c in _readers(text) for r in c.periods if r.value.first > dt.date(2016, 6, 8)
    ]
    assert periods == []


def test_a_stamp_the_text_contradicts_does_not_date_its_figures() -> None:
    """A stored page's " date 2019-12-13" line over a 2023 article that tells of 2022 as done:
    the stamp is set aside (the article is reported undated), and the 2022 figure is read."""
    from coopatlas.intake.extract import extract

    text = (
        " date 2019-12-13 The governor of Leningrad Oblast visited Minsk. According to him, at "
        "the end of 2022 trade between Belarus and Leningrad Oblast increased by 18% and "
        "amounted to $837 million."
    )
    out = extract(Article("x.txt", text), reference_gazetteer())
    got = out["trade_figures"]
    assert [(f["period_start"], f["value_usd"]) for f in got] == [("2022-01-01", 837_000_000)]
    assert (out["published"], out["published_partial"]) == (None, None)


def test_a_later_years_results_told_without_a_future_word_contradict_the_stamp() -> None:
    head = " date 2019-12-13 Talks with a delegation from Buryatia open on Monday. "
    told = head + "Belarus ranks second among Buryatia's import partners by the end of 2023."
    planned = head + "Trade is expected to reach $50 million by the end of 2023."
    assert [_set_aside(text) for text in (told, planned)] == [True, False]


def _set_aside(text: str) -> bool:
    return Reader(read_doc(Article("x.txt", text), reference_gazetteer())).date_set_aside


def test_a_headlines_year_yields_to_the_months_the_text_gives_for_the_same_value() -> None:
    """The same value read for 2023 (a headline) and for three quarters of 2023 (the text) is
    one figure of the three quarters, however likely the headline's reading."""
    from dataclasses import replace

    from coopatlas.intake.reading import _one_reading_per_value, extract_figures

    text = (
        "МОСКВА, 29 ноября 2023 года. За три квартала 2023 года взаимный товарооборот России и "
        "Белоруссии вырос на 8%, до 3,25 трлн рублей, заявил министр."
    )
    (months,) = extract_figures(read_doc(Article("x.txt", text), reference_gazetteer()))
    year = replace(months, period=replace(months.period, last=dt.date(2023, 12, 31)))
    for figures, probs in (([year, months], [0.99, 0.6]), ([months, year], [0.6, 0.99])):
        (kept,) = _one_reading_per_value(figures, probs)
        assert (kept.period.first, kept.period.last) == (dt.date(2023, 1, 1), dt.date(2023, 9, 30))


BURYATIA = (
    "Republic of Buryatia and Belarus: cooperation\n\n23 September 2024\n\n"
    "Lukashenko met the Head of the Republic of Buryatia. Buryatia is ready to buy "
    "Belarusian buses. For comparison, {pair} in January–June 2024 was $306 million. "
    "Buryatia hopes for more."
)


@pytest.mark.parametrize(
    "pair",
    [
        "trade between Belarus and Pskov Oblast",
        "Belarus' exports to Pskov Oblast",
        "Pskov Oblast's trade with Belarus",
    ],
)
def test_a_region_named_as_belarus_other_side_is_the_partner_in_an_article_on_another(
    pair: str,
) -> None:
    [pskov] = _readers(BURYATIA.format(pair=pair))
    assert {p.value for p in pskov.partners if p.value.startswith("RU-")} == {"RU-PSK"}


def test_the_same_in_russian() -> None:
    ru = "Бурятия и Беларусь\n\n23 сентября 2024\n\nГлава Бурятии встретился с послом. " * 2
    [same] = _readers(ru + "Товарооборот Беларуси с Псковской областью в 2023 году — $600 млн.")
    assert {p.value for p in same.partners if p.value.startswith("RU-")} == {"RU-PSK"}


def test_imports_into_belarus_stay_belarus_imports_in_an_article_from_the_regions_side() -> None:
    text = (
        "Нижегородская область: сотрудничество с Беларусью\n\n12 марта 2018\n\n"
        "Беларусь и Нижегородская область: импорт в Беларусь в январе-июне 2017 года "
        "составил 345,6 млн долларов."
    )
    got = extract(Article("x.txt", text), reference_gazetteer())["trade_figures"]
    assert [(f["partner"], f["indicator"]) for f in got] == [("RU-NIZ", "import")]
    said = text.replace(
        "импорт в Беларусь в январе-июне 2017 года составил",
        "в январе-июне 2017 года Беларусь поставила в Нижегородскую область товаров на",
    )  # Belarus as the subject of the supply: its export
    assert said != text
    got = extract(Article("x.txt", said), reference_gazetteer())["trade_figures"]
    assert [(f["partner"], f["indicator"]) for f in got] == [("RU-NIZ", "export")]


def test_exports_and_imports_listed_after_belarus_turnover_are_belarus() -> None:
    framed = "Нижегородская область: сотрудничество с Беларусью\n\n9 февраля 2022\n\n"
    for sentence in (
        "Товарооборот Беларуси с Нижегородской областью в 2021 году составил 1,129 млрд "
        "долларов, в том числе экспорт — 258,9 млн долларов, импорт — 870,5 млн долларов.",
        "По итогам 2021 года товарооборот с Нижегородской областью составил 1,129 млрд "
        "долларов: белорусский экспорт — 258,9 млн долларов, импорт — 870,5 млн долларов.",
    ):
        got = extract(Article("x.txt", framed + sentence), reference_gazetteer())
        flows = {(f["indicator"], f["value_usd"]) for f in got["trade_figures"]}
        assert {("export", 258_900_000), ("import", 870_500_000)} <= flows, sentence
    # trade "с республикой" is the region's with Belarus: its exports are Belarus's imports
    region_side = (
        "Товарооборот с республикой в 2021 году составил 1,129 млрд долларов, экспорт — "
        "870,5 млн долларов, импорт — 258,9 млн долларов."
    )
    got = extract(Article("x.txt", framed + region_side), reference_gazetteer())
    flows = {(f["indicator"], f["value_usd"]) for f in got["trade_figures"]}
    assert {("export", 258_900_000), ("import", 870_500_000)} <= flows
