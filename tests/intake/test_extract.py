"""Extraction against gold: the five seeds (../shared) and our own English and Russian articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coopatlas.intake.dates import published_date
from coopatlas.intake.evaluate import MATCHERS, evaluate
from coopatlas.intake.extract import extract
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.text import Article, read_article
from tests.intake.helpers import ARTICLES, SEEDS, SEEDS_GOLD, need_seeds

KEYS = [
    "document", "published", "published_partial", "language", "regions", "people",
    "enterprises", "trade_figures", "trends", "projects",
]  # fmt: skip
FIGURE_KEYS = [
    "partner", "indicator", "period_start", "period_end", "value_usd", "value", "currency",
    "qualifier", "growth_pct", "growth_basis", "span", "sentence",
]  # fmt: skip


def _text(text: str) -> dict[str, Any]:
    return extract(Article("x.txt", text), reference_gazetteer())


def _check_against_gold(gold_path: Path, folder: Path) -> None:
    """Every gold figure, region and person found; no extra trade figure; extras agree."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gaz = reference_gazetteer()
    for doc in gold["documents"]:
        got = extract(read_article(folder / doc["file"]), gaz)
        assert list(got) == KEYS
        assert got["published"] == doc["published"], doc["file"]
        assert got["published_partial"] == doc["published_partial"], doc["file"]
        for field in ("trade_figures", "regions", "people", "enterprises"):
            for g in doc[field]:
                hits = [x for x in got[field] if MATCHERS[field](g, x)]
                assert hits, f"{doc['file']}: {field} {g} not found in {got[field]}"
                if field == "trade_figures":
                    x = hits[0]
                    assert list(x) == FIGURE_KEYS
                    assert x["qualifier"] == g["qualifier"], (doc["file"], g, x)
                    assert x["growth_pct"] == g["growth_pct"], (doc["file"], g, x)
                    assert x["currency"] == g.get("currency", "USD")
                    start, end = x["span"]
                    assert x["sentence"] in got_text(folder / doc["file"])
                    assert got_text(folder / doc["file"])[start:end] in x["sentence"]
        assert len(got["trade_figures"]) == len(doc["trade_figures"]), doc["file"]


def got_text(path: Path) -> str:
    return read_article(path).text


def test_own_articles_meet_the_bar() -> None:
    _check_against_gold(ARTICLES / "expected.json", ARTICLES)


def test_seeds_meet_the_bar() -> None:
    need_seeds()
    _check_against_gold(SEEDS_GOLD, SEEDS)


def test_seeds_eval_is_perfect_for_trade_figures() -> None:
    need_seeds()
    report = evaluate(SEEDS_GOLD, SEEDS, reference_gazetteer())
    assert report.scores["trade_figures"].f1 == 1.0
    assert report.scores["regions"].recall == 1.0 and report.scores["people"].recall == 1.0


def test_lipetsk_seed_details() -> None:
    need_seeds()
    got = extract(read_article(SEEDS / "003_3bb6f82b45dc8d5f.txt"), reference_gazetteer())
    nlmk = next(e for e in got["enterprises"] if e["name"] == "NLMK")
    assert nlmk == {"name": "NLMK", "mention": "Novolipetsk-based steel mill NLMK", "known": True}
    q1 = next(f for f in got["trade_figures"] if f["period_end"] == "2023-03-31")
    assert q1["growth_basis"] == "same_period_last_year" and q1["value_usd"] == 68_000_000
    trends = {(t["indicator"], t["direction"]) for t in got["trends"]}
    assert {("turnover", "rising"), ("balance", "negative")} <= trends


def test_spun_seed_keeps_the_person_and_the_stages() -> None:
    need_seeds()
    got = extract(read_article(SEEDS / "004_2d599b6c32546f61.txt"), reference_gazetteer())
    assert [p["name"] for p in got["people"]] == ["Vladimir Semashko"]
    assert got["published"] is None and got["published_partial"] == "07-18"
    assert got["trade_figures"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted: 26.10.2023 12:06:00\n\nHeadline", ("2023-10-26", "10-26")),
        (
            "Flag Friday, 29 September 2023\nAll news\n01 June 2023, 19:10\n\nX",
            ("2023-06-01", "06-01"),
        ),
        ("Headline\n\nMINSK, 18 July (BelTA) – The sides met.", (None, "07-18")),
        ("Headline\n\nThe president met the governor on 27 April.", (None, "04-27")),
        ("15 ноября 2023, 14:30\n\nЗаголовок", ("2023-11-15", "11-15")),
        ("Заголовок\n\n8 апр. 2004 Электронная версия", ("2004-04-08", "04-08")),
        ("No date at all.", (None, None)),
    ],
)
def test_published_date(text: str, expected: tuple[str | None, str | None]) -> None:
    published, partial = published_date(text)
    assert (published.isoformat() if published else None, partial) == expected


def test_targets_and_investments_are_not_trade_figures() -> None:
    got = _text(
        "12 May 2023\n\nBelarus and Tula Oblast aim to reach $1 billion in trade by 2025. "
        "Belarusian companies will invest $50 million in Tula Oblast in 2023. "
        "The trade deficit was $60 million in 2022. We once dreamed of $1bn of trade turnover."
    )
    assert got["trade_figures"] == []


def test_a_belarusian_oblast_share_is_not_belarus_trade() -> None:
    got = _text(
        "10 May 2024\n\nBryansk Oblast's trade with Belarus totaled $900 million in 2023, "
        "of which $300 million with Gomel Oblast."
    )
    assert [f["value_usd"] for f in got["trade_figures"]] == [900_000_000]


def test_region_forms_and_cities() -> None:
    got = _text(
        "MINSK, 2 June (BelTA) – Delegations of the Lipetsk region, Липецкой области and "
        "Хабаровский и Приморский края came to Minsk and Moscow."
    )
    assert [r["code"] for r in got["regions"]] == ["RU-LIP", "RU-KHA", "RU-PRI"]


def test_growth_forms() -> None:
    got = _text(
        "1 December 2022\n\nIn 2021 the trade with Tula Oblast increased by 1.3 times to "
        "$300 million. In January-September 2022 exports to Tula Oblast amounted to "
        "$200 million, down 16% year-on-year. In the first half of 2022 imports from Tula "
        "Oblast reached $90 million, 118.2% of the level of the same period of 2021."
    )
    growth = {f["indicator"]: (f["growth_pct"], f["growth_basis"]) for f in got["trade_figures"]}
    assert growth == {
        "turnover": (30.0, "previous_period"),
        "export": (-16.0, "same_period_last_year"),
        "import": (18.2, "same_period_last_year"),
    }


def test_extract_is_fast_enough_to_not_matter() -> None:
    article = read_article(ARTICLES / "en_01_smolensk.txt")
    gaz = reference_gazetteer()
    for _ in range(20):
        assert extract(article, gaz)["trade_figures"]


def _figures(text: str) -> list[tuple[str, str, str, str, float | None, str]]:
    return [
        (
            f["partner"],
            f["indicator"],
            f["period_start"],
            f["period_end"],
            f["value"],
            f["qualifier"],
        )
        for f in _text(text)["trade_figures"]
    ]


def test_genre_forms_in_english() -> None:
    assert _figures(
        "5 October 2023, 12:00\n\nBelarus and Penza Oblast discussed cooperation. "
        "In 2022, our trade turnover grew by 12 percent and totalled almost $410m. "
        "Meanwhile, in H1 2023, it rose by 20 percent to make up $230.5m. "
        "That is, we are reaching half a billion, and soon $1bn. "
        "The trade is about $450 million a year "
        "[in January-August 2023 it amounted to $305 million]."
    ) == [
        ("RU-PNZ", "turnover", "2022-01-01", "2022-12-31", 410e6, "approx"),
        ("RU-PNZ", "turnover", "2023-01-01", "2023-06-30", 230.5e6, "exact"),
        ("RU-PNZ", "turnover", "2023-01-01", "2023-08-31", 305e6, "exact"),
    ]


def test_genre_forms_in_russian() -> None:
    assert _figures(
        "Губернатор Тамбовской области посетил Минск\n\n© Новости, 2019\n\n"
        "«Если в прошлом году у нас был товарооборот 610 млн. долларов, то по первому полугодию "
        "этого года у нас уже 340 млн. долларов», — сказал губернатор Тамбовской области. "
        "В Тамбовскую область в 2018 году было поставлено техники более чем на 12 млн. долларов. "
        "450 тысяч долларов составил импорт."
    ) == [
        ("RU-TAM", "turnover", "2018-01-01", "2018-12-31", 610e6, "exact"),
        ("RU-TAM", "turnover", "2019-01-01", "2019-06-30", 340e6, "exact"),
        ("RU-TAM", "export", "2018-01-01", "2018-12-31", 12e6, "over"),
        ("RU-TAM", "import", "2018-01-01", "2018-12-31", 450e3, "exact"),
    ]


def test_region_speaking_for_itself_flips_export_and_import() -> None:
    assert _figures(
        "Опубликовано 01.03.2024\n\nВ 2023 году экспорт Орловской области в Беларусь составил "
        "95 млн долларов, импорт из Беларуси — 60 млн долларов."
    ) == [
        ("RU-ORL", "import", "2023-01-01", "2023-12-31", 95e6, "exact"),
        ("RU-ORL", "export", "2023-01-01", "2023-12-31", 60e6, "exact"),
    ]


def test_a_city_names_a_region_only_as_the_partner() -> None:
    got = _text(
        "MOSCOW, 3 May 2023 (BelTA)\n\nIn 2022 Belarus' trade with Moscow totaled $5.2 billion."
    )
    assert got["regions"] == [{"code": "RU-MOW", "name": "Moscow"}]
    assert got["trade_figures"][0]["partner"] == "RU-MOW"
    assert _text("MOSCOW, 3 May (BelTA) – The delegation arrived in Minsk.")["regions"] == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
@example("Он сказал «__» дважды.")  # a quoted run with no word: no name to score
def test_any_text_extracts_without_error(text: str) -> None:
    got = _text(text)
    assert list(got) == KEYS
    for f in got["trade_figures"]:
        start, end = f["span"]
        assert 0 <= start < end <= len(text)


WORDS = st.sampled_from(
    ["In", "2022", "trade", "turnover", "$68", "million", "It", "was", "close", "to", "up",
     "2.5%", "Lipetsk", "Oblast", "exports", "imports", "товарооборот", "составил", "68", "млн",
     "долларов", "в", "2021", "году", "first", "quarter", "H1", "January-March", ".", ",",
     "Governor", "of", "Igor", "Artamonov", "(", ")", "[", "]", "over", "1.3", "times"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=60))
def test_genre_like_noise_extracts_without_error(words: list[str]) -> None:
    text = "1 June 2023\n\n" + " ".join(words)
    got = _text(text)
    for f in got["trade_figures"]:
        assert f["period_start"] <= f["period_end"] and f["value"] >= 0
        assert text[f["span"][0] : f["span"][1]] in f["sentence"]


def test_clauses_ranges_and_comparisons() -> None:
    assert _figures(
        "2 August 2025\n\nBelarus' trade with Ryazan Oblast reached its peak in 2023, "
        "amounting to over $1.4 billion. In 2020-2021 the trade volume was about $600 million. "
        "By the end of 2024 the sides traded goods worth $1.3 billion, and from January to May "
        "2025 nearly $500 million. In January-June 2025 exports to Ryazan Oblast amounted to "
        "$320 million, which is 12% above the level of the same period of 2024."
    ) == [
        ("RU-RYA", "turnover", "2023-01-01", "2023-12-31", 1.4e9, "over"),
        ("RU-RYA", "turnover", "2024-01-01", "2024-12-31", 1.3e9, "exact"),
        ("RU-RYA", "turnover", "2025-01-01", "2025-05-31", 500e6, "approx"),
        ("RU-RYA", "export", "2025-01-01", "2025-06-30", 320e6, "exact"),
    ]
    growth = [f["growth_pct"] for f in _text(
        "2 August 2025\n\nIn January-June 2025 exports to Ryazan Oblast amounted to "
        "$320 million, which is 12% above the level of the same period of 2024."
    )["trade_figures"]]  # fmt: skip
    assert growth == [12.0]


def test_amount_without_currency_after_a_figure_and_growth_rate() -> None:
    assert [
        (f["period_end"], f["value_usd"], f["growth_pct"])
        for f in _text(
            "3 сентября 2024\n\nТверская область активно сотрудничает с Беларусью. В прошлом году "
            "товарооборот составил 410 млн долларов, из которых 120 млн долларов — с Витебской "
            "областью. За первые 6 месяцев текущего года показатель составил 230,4 млн, "
            "а темп роста – 112,5%."
        )["trade_figures"]
    ] == [("2023-12-31", 410e6, None), ("2024-06-30", 230.4e6, 12.5)]


def test_a_past_level_quoted_in_a_target_is_a_figure_for_its_year() -> None:
    got = _text(
        "5 March 2024\n\nWe intend to bring trade with Tver Oblast back to $640 million "
        "(as in 2019). Задача – вернуть товарооборот с Тверской областью к 640 млн долларов "
        "(как в 2019 году), а затем выйти на 1 млрд долларов."
    )
    assert {(f["period_start"], f["value_usd"]) for f in got["trade_figures"]} == {
        ("2019-01-01", 640e6)
    }


def test_a_forecast_after_a_reported_growth_is_not_a_figure() -> None:
    assert (
        _text(
            "7 October 2025\n\nВ 2024 году прирост товарооборота с Тверской областью составил 18%, "
            "а по итогам 2025 года ожидается выход товарооборота на уровень 150 млн долларов."
        )["trade_figures"]
        == []
    )
    # "rose … to reach" ends a reported result: not a target
    assert _figures(
        "7 October 2025\n\nIn 2024 trade with Tver Oblast rose 1.2 times to reach $150 million."
    ) == [("RU-TVE", "turnover", "2024-01-01", "2024-12-31", 150e6, "exact")]


def test_one_figure_said_twice_is_kept_once_in_its_precise_form() -> None:
    got = _text(
        "9 October 2025\n\nIn 2024 Belarus' trade with Tver Oblast was slightly over "
        "$150 million. Over 2024 as a whole the turnover came to almost $153.8 million."
    )
    assert [(f["value_usd"], f["qualifier"]) for f in got["trade_figures"]] == [(153.8e6, "approx")]


def test_growth_in_the_next_sentence_belongs_to_the_figure() -> None:
    got = _text(
        "9 October 2025\n\nЗа январь-август 2025 года товарооборот с Тверской областью составил "
        "88,2 млн долларов. Показатель вырос на 14,5% к аналогичному периоду прошлого года. "
        "In 2024 trade with Tver Oblast totalled $150 million. It grew by 9% over 2023."
    )
    assert [(f["growth_pct"], f["growth_basis"]) for f in got["trade_figures"]] == [
        (14.5, "same_period_last_year"),
        (9.0, "previous_period"),
    ]
    # a share in the next sentence is not growth
    assert (
        _text(
            "9 October 2025\n\nIn 2024 trade with Tver Oblast totalled $150 million. "
            "It accounts for 12% of the region's foreign trade."
        )["trade_figures"][0]["growth_pct"]
        is None
    )


def test_word_multipliers_and_to_after_a_change() -> None:
    got = _text(
        "9 October 2025\n\nВ 2024 году товарооборот с Тверской областью вырос в полтора раза – "
        "до 150 млн долларов. In 2023 exports to Tver Oblast doubled to $60 million."
    )
    assert [(f["value_usd"], f["qualifier"], f["growth_pct"]) for f in got["trade_figures"]] == [
        (150e6, "exact", 50.0),
        (60e6, "exact", 100.0),
    ]


def test_relative_periods_without_a_date_take_the_file_name_date_flagged() -> None:
    text = (
        "Last year trade with Tver Oblast reached $150 million. "
        "За январь-август товарооборот составил 90 млн долларов."
    )
    gaz = reference_gazetteer()
    got = extract(Article("tver_2024-10-02.txt", text), gaz, provenance=True)
    assert got["published"] is None
    assert [
        (f["period_start"], f["period_end"], f["period_inferred"]) for f in got["trade_figures"]
    ] == [("2023-01-01", "2023-12-31", True), ("2024-01-01", "2024-08-31", True)]
    # without provenance the figures keep the keys
    assert list(extract(Article("tver_2024-10-02.txt", text), gaz)["trade_figures"][0]) == (
        FIGURE_KEYS
    )
    # no date anywhere: a relative period is not dated
    assert extract(Article("tver.txt", text), gaz)["trade_figures"] == []
    # a stated year in a dated article is not inferred
    dated = "2 October 2024\n\nIn 2023 trade with Tver Oblast reached $150 million."
    assert (
        extract(Article("x.txt", dated), gaz, provenance=True)["trade_figures"][0][
            "period_inferred"
        ]
        is False
    )


def test_more_period_and_supply_forms() -> None:
    assert _figures(
        "12 October 2023\n\nOver the first nine months of 2022, trade with Tver Oblast "
        "amounted to $280 million, 12% up over the first nine months of 2021. "
        "По итогам прошлого года товарооборот с Тверской областью составил 390 млн долларов. "
        "В I полугодии 2023 года Беларусь поставила в Тверскую область товаров на 150 млн "
        "долларов. In 2021 Belarus shipped goods worth $200 million to Tver Oblast."
    ) == [
        ("RU-TVE", "turnover", "2022-01-01", "2022-09-30", 280e6, "exact"),
        ("RU-TVE", "turnover", "2022-01-01", "2022-12-31", 390e6, "exact"),
        ("RU-TVE", "export", "2023-01-01", "2023-06-30", 150e6, "exact"),
        ("RU-TVE", "export", "2021-01-01", "2021-12-31", 200e6, "exact"),
    ]


def test_growth_opening_with_a_comparison_and_a_passed_mark() -> None:
    got = _text(
        "12 October 2023\n\nВ первом полугодии товарооборот с Тверской областью составил "
        "150 млн долларов. В сравнении с аналогичным периодом прошлого года вырос на 0,9%. "
        "Last year trade with Tver Oblast exceeded the bar of half a billion US dollars."
    )
    assert [
        (f["period_end"], f["value_usd"], f["qualifier"], f["growth_pct"])
        for f in got["trade_figures"]
    ] == [("2023-06-30", 150e6, "exact", 0.9), ("2022-12-31", 500e6, "over", None)]


def test_the_year_before_last() -> None:
    assert _figures(
        "12 October 2023\n\nIn the year before last, trade with Tver Oblast amounted to "
        "$210 million. В позапрошлом году экспорт в Тверскую область составил 120 млн долларов."
    ) == [
        ("RU-TVE", "turnover", "2021-01-01", "2021-12-31", 210e6, "exact"),
        ("RU-TVE", "export", "2021-01-01", "2021-12-31", 120e6, "exact"),
    ]
