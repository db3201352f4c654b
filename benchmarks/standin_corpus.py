"""A synthetic stand-in for the corpus texts, written from the corpus's facts, for timing.

    python benchmarks/standin_corpus.py OUT_FOLDER [--seed 13]

Why: `intake add` of the whole corpus is to take at most 10 s, and the corpus texts are
third-party pages kept out of the repository (scripts/fetch_corpus_texts.py brings them back
by hand). Where they are absent, this writes one article per corpus record in our own words,
from the record's gold facts (its language, date, regions, people, enterprises, trade
figures and projects), padded with sentences of the genre to the corpus's lengths (about
1,300 characters on average, 600–3,000). Every article is distinct enough that the intake's
near-duplicate check stores it as an original, so each one costs what a new article costs.

The texts are **synthetic** (each says so in its headline, and its address is under
``standin.invalid``) and serve timing only: they are written from templates, so the
extraction's scores on them say nothing about articles it has not seen.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "intake" / "corpus" / "articles.json"

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]  # fmt: skip
MONTHS_RU_NOM = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                 "сентябрь", "октябрь", "ноябрь", "декабрь"]  # fmt: skip
MONTHS_RU_LOC = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                 "сентябре", "октябре", "ноябре", "декабре"]  # fmt: skip
WORDS_EN = {"turnover": "trade", "export": "Belarus's exports", "import": "Belarus's imports",
            "balance": "the balance of trade"}  # fmt: skip
WORDS_RU = {"turnover": "товарооборот", "export": "белорусский экспорт",
            "import": "импорт в Беларусь", "balance": "сальдо торговли"}  # fmt: skip

FILLER_EN = (
    [
        "The delegation",
        "Representatives of {region}",
        "Belarusian exporters",
        "The regional government",
        "Business associations",
        "Machine builders of both sides",
        "Farmers of the region",
        "The trade mission",
        "The working group",
        "Local manufacturers",
        "Officials",
        "The chamber of commerce",
    ],
    [
        "discussed",
        "considered",
        "reviewed",
        "agreed on",
        "presented",
        "proposed",
        "studied",
        "welcomed",
        "called for",
        "returned to",
    ],
    [
        "supplies of tractors",
        "deliveries of dairy products",
        "joint assembly of buses",
        "the purchase of elevators",
        "orders for road machinery",
        "the construction of housing",
        "new logistics routes",
        "exports of timber",
        "the opening of a trading house",
        "supplies of fertilisers",
        "contracts for municipal vehicles",
        "a service centre for combines",
        "the localisation of components",
        "deliveries of furniture",
        "training of engineers",
        "tourism exchanges",
    ],
    [
        "for the coming year",
        "in the near future",
        "at the meeting in {region}",
        "within the road map",
        "on the sidelines of the forum",
        "for municipal needs",
        "until the end of the year",
        "with Belarusian partners",
        "as a priority",
        "step by step",
    ],
)
"""Slots of the genre's sentences without a figure: each filler sentence takes one of each."""
FILLER_RU = (
    [
        "Делегация",
        "Представители региона",
        "Белорусские экспортеры",
        "Правительство области",
        "Деловые объединения",
        "Машиностроители двух сторон",
        "Аграрии региона",
        "Торговая миссия",
        "Рабочая группа",
        "Местные производители",
        "Официальные лица",
        "Торгово-промышленная палата",
    ],
    [
        "обсудили",
        "рассмотрели",
        "предложили",
        "изучили",
        "поддержали",
        "затронули",
        "согласовали",
        "вернулись к теме",
    ],
    [
        "поставки тракторов",
        "поставки молочной продукции",
        "совместную сборку автобусов",
        "закупку лифтов",
        "заказы на дорожную технику",
        "строительство жилья",
        "новые логистические маршруты",
        "экспорт лесоматериалов",
        "открытие торгового дома",
        "поставки удобрений",
        "контракты на коммунальную технику",
        "сервисный центр для комбайнов",
        "локализацию комплектующих",
        "поставки мебели",
        "подготовку инженеров",
        "обмен туристами",
    ],
    [
        "на будущий год",
        "в ближайшее время",
        "на встрече в регионе",
        "в рамках дорожной карты",
        "на полях форума",
        "для муниципальных нужд",
        "до конца года",
        "с белорусскими партнерами",
        "в приоритетном порядке",
        "поэтапно",
    ],
)


def _filler(slots: tuple[list[str], ...], rng: random.Random, region: str) -> str:
    return " ".join(rng.choice(words) for words in slots).format(region=region) + "."


def _regions() -> dict[str, tuple[str, str]]:
    path = resources.files("coopatlas") / "data" / "reference" / "regions.csv"
    with path.open(encoding="utf-8") as f:
        return {r["code"]: (r["name_en"], r["name_ru"]) for r in csv.DictReader(f)}


CURRENCY = {"USD": ("долларов", "${}"), "RUB": ("рублей", "{} rubles"),
            "BYN": ("белорусских рублей", "Br{}"), "EUR": ("евро", "€{}")}  # fmt: skip


GLUED = {"thousand": "k", "million": "m", "billion": "bn", "trillion": "tn"}
"""English scales written on to the number ("$835m", "$1.2bn")."""


def _money(f: dict[str, Any], ru: bool, rng: random.Random) -> str:
    currency = "USD" if f.get("value_usd") is not None else f.get("currency", "USD")
    value = f["value_usd"] if currency == "USD" else f["value"]
    ru_word, en_form = CURRENCY.get(currency, CURRENCY["USD"])
    n, en, rus = next(
        (value / scale, en, rus)
        for scale, en, rus in ((1e12, "trillion", "трлн"), (1e9, "billion", "млрд"),
                               (1e6, "million", "млн"), (1e3, "thousand", "тыс."))
        if value >= scale or scale == 1e3
    )  # fmt: skip
    text = f"{n:.3f}".rstrip("0").rstrip(".")  # the value as the facts give it
    if currency == "USD" and rng.random() < 0.4:  # the other ways of writing dollars
        if ru:
            return rng.choice(
                [f"${text.replace('.', ',')} {rus}", f"{text.replace('.', ',')} {rus} долларов США"]
            )
        return rng.choice(
            [
                f"USD {text} {en}",
                f"{text} {en} US dollars",
                f"${text}{GLUED[en]}",
            ]
        )
    return f"{text.replace('.', ',')} {rus} {ru_word}" if ru else en_form.format(f"{text} {en}")


@lru_cache(maxsize=512)
def _case(phrase: str, case: str) -> str:
    """A region's Russian name in *case* (gent, datv, accs, ablt, loct), by the dictionary:
    its adjectives agree with its head noun, the words after the head keep their case."""
    from pymorphy2.analyzer import Parse

    from coopatlas.intake.names import _like, _vocab

    words, out, head = phrase.split(), [], None
    parses = [_vocab().parse(w)[0] for w in words]
    noun = next((p for p in parses if "NOUN" in p.tag), None)
    gender = noun.tag.gender if noun is not None and noun.tag.gender else "femn"
    for word, parse in zip(words, parses, strict=True):
        if head is not None or parse.tag.POS not in ("ADJF", "NOUN"):
            out.append(word)
            continue
        grams = {case, parse.tag.number or "sing"}
        if parse.tag.POS == "ADJF" and (parse.tag.number or "sing") == "sing":
            grams.add(gender)
        if case == "accs" and parse.tag.POS == "ADJF" and "femn" not in grams:
            grams.add("inan")  # "в Пермский край", not "в Пермского края"
        form = Parse.inflect(parse, grams)
        text = form.word if form is not None else word
        out.append(_like(text, word))
        if parse.tag.POS == "NOUN":
            head = word
    return " ".join(out)


def _in_case(role: str, name: str, case: str) -> str | None:
    """A Russian post and name in *case* ("губернатором Липецкой области Игорем Артамоновым"):
    the post's words up to its head noun, the first name and a surname the dictionary knows
    as one; None where any of them does not inflect (the nominative is written then)."""
    from pymorphy2.analyzer import Parse

    from coopatlas.intake.names import _like, _vocab

    def inflect(word: str, want: str) -> str | None:
        for parse in _vocab().parse(word):
            if want in parse.tag and parse.tag.case == "nomn":
                grams = {case} | ({parse.tag.gender} if parse.tag.gender else set())
                form = Parse.inflect(parse, grams)
                return _like(form.word, word) if form is not None else None
        return None

    words, out = role.split(), []
    for k, word in enumerate(words):
        parse = _vocab().parse(word)[0]
        form = Parse.inflect(parse, {case}) if parse.tag.POS in ("ADJF", "NOUN") else None
        if form is None:
            return None
        out.append(_like(form.word, word) if k == 0 and word[:1].isupper() else form.word)
        if parse.tag.POS == "NOUN":
            out += words[k + 1 :]
            break
    parts = name.split()
    if len(parts) != 2:
        return None
    first, last = inflect(parts[0], "Name"), inflect(parts[1], "Surn")
    if first is None or last is None:
        return None
    text = " ".join(out)
    return f"{text[:1].lower()}{text[1:]} {first} {last}"


OBLIQUE = {
    "gent": "По словам {}, сотрудничество развивается.",
    "datv": "Белорусская делегация вручила {} приглашение на форум.",
    "ablt": "Белорусская делегация встретилась с {}.",
}
"""Sentences that put a post and a name in the genitive, dative or instrumental."""
QUALIFIER_EN = {"over": ["over ", "more than "], "approx": ["about ", "nearly ", "almost "],
                "under": ["under ", "less than "]}  # fmt: skip
QUALIFIER_RU = {"over": ["более ", "свыше ", "больше "], "approx": ["около ", "почти ", "порядка "],
                "under": ["менее ", "меньше "]}  # fmt: skip
PERIOD_NUMBERS_RU = {2: "два", 3: "три", 4: "четыре", 5: "пять", 6: "шесть", 7: "семь",
                     8: "восемь", 9: "девять", 10: "десять", 11: "одиннадцать"}  # fmt: skip
PERIOD_NUMBERS_EN = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                     8: "eight", 9: "nine", 10: "ten", 11: "eleven"}  # fmt: skip


def _period_words(
    start: str, end: str, ru: bool, rng: random.Random, published: dt.date | None = None
) -> str:
    """The genre's ways of writing a period: a year, months from January, a quarter or a
    half year, a number of months; in a dated article sometimes by the article's year
    ("last year", "за пять месяцев текущего года")."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    year, months = b.year, b.month
    if published is not None and a.year == b.year and a.month == 1 and rng.random() < 0.5:
        relative = _relative(months, year, published, ru)
        if relative:
            return rng.choice(relative)
    if a.year != b.year or a.month != 1 or a.day != 1:
        return f"с {a.year} по {b.year} год" if ru else f"from {a.year} to {b.year}"
    if months == 12:
        annual_ru = [f"в {year} году", f"за {year} год", f"по итогам {year} года", f"в {year} г.",
                     f"по итогам {year} г."]  # fmt: skip
        annual_en = [f"in {year}", f"in the whole of {year}", f"in {year} as a whole"]
        return rng.choice(annual_ru if ru else annual_en)
    ways = (
        [f"в январе–{MONTHS_RU_LOC[months - 1]} {year} года",
         f"за январь–{MONTHS_RU_NOM[months - 1]} {year} года"]
        if ru else
        [f"in January–{MONTHS_EN[months - 1]} {year}",
         f"in January-{MONTHS_EN[months - 1]} {year}"]
    )  # fmt: skip
    if months == 1:
        ways = [f"в январе {year} года"] if ru else [f"in January {year}"]
    if months in PERIOD_NUMBERS_RU:
        ways.append(
            f"за {PERIOD_NUMBERS_RU[months]} месяцев {year} года".replace(
                "два месяцев", "два месяца"
            )
            .replace("три месяцев", "три месяца")
            .replace("четыре месяцев", "четыре месяца")
            if ru
            else f"in the first {PERIOD_NUMBERS_EN[months]} months of {year}"
        )
    if months > 1:  # digits, and the short forms of a year
        ways.append(f"за {months} месяцев {year} г." if ru else f"in {months} months of {year}")
    if months == 3:
        ways += (
            [f"в первом квартале {year} года", f"в I квартале {year} года"] if ru
            else [f"in the first quarter of {year}", f"in Q1 {year}"]
        )  # fmt: skip
    if months == 6:
        ways += (
            [f"в первом полугодии {year} года", f"за 1-е полугодие {year} года",
             f"в первой половине {year} года"] if ru
            else [f"in the first half of {year}", f"in H1 {year}"]
        )  # fmt: skip
    if months == 9:
        ways += (
            [f"за девять месяцев {year} года", f"за три квартала {year} года"] if ru
            else [f"in nine months of {year}", f"in January through September {year}"]
        )  # fmt: skip
    return rng.choice(ways)


def _relative(months: int, year: int, published: dt.date, ru: bool) -> list[str]:
    """A period from January told by the article's year, where the genre does so."""
    if months == 12 and year == published.year - 1:
        return (["в прошлом году", "по итогам прошлого года", "за прошлый год"] if ru
                else ["last year", "in the past year"])  # fmt: skip
    if months < 12 and year == published.year and published.month > months:
        this = ["этого года", "текущего года"] if ru else ["this year"]
        if ru:
            ways = [f"в январе–{MONTHS_RU_LOC[months - 1]} {t}" for t in this]
            if months in (3, 6):
                ways.append(
                    "в первом квартале этого года"
                    if months == 3
                    else "в первом полугодии этого года"
                )
            return ways
        ways = [f"in January–{MONTHS_EN[months - 1]} this year"]
        if months in PERIOD_NUMBERS_EN:
            ways.append(f"in the first {PERIOD_NUMBERS_EN[months]} months of this year")
        return ways
    return []


def _together(
    figures: list[dict[str, Any]],
    regions: dict[str, tuple[str, str]],
    ru: bool,
    rng: random.Random,
    published: dt.date | None,
) -> tuple[str, list[dict[str, Any]]] | None:
    """Turnover, exports and imports of one partner and period in one sentence, as the genre
    often gives them ("… составил 330 млн долларов, в том числе экспорт — 91 млн, импорт —
    243 млн"), for half of the articles that have all three."""
    by_kind: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}
    for f in figures:
        key = (f["partner"], f["period_start"], f["period_end"])
        by_kind.setdefault(key, {})[f["indicator"]] = f
    whole = [k for k, kinds in by_kind.items() if {"turnover", "export", "import"} <= set(kinds)]
    if not whole or rng.random() < 0.5:
        return None
    kinds = by_kind[whole[0]]
    t, e, i = kinds["turnover"], kinds["export"], kinds["import"]
    if any(f.get("value_usd") is None for f in (t, e, i)):
        return None
    en_name, ru_name = regions.get(t["partner"], ("Russia", "Россия"))
    period = _period_words(t["period_start"], t["period_end"], ru, rng, published)
    money = [_money(f, ru, rng) for f in (t, e, i)]
    if ru:
        partner = "Россией" if t["partner"] == "RU" else _case(ru_name, "ablt")
        sentence = rng.choice([
            f"Товарооборот Беларуси с {partner} {period} составил {money[0]}, в том числе "
            f"экспорт — {money[1]}, импорт — {money[2]}",
            f"{period} товарооборот с {partner} составил {money[0]}: белорусский экспорт — "
            f"{money[1]}, импорт — {money[2]}",
        ])  # fmt: skip
    else:
        sentence = rng.choice([
            f"Trade between Belarus and {en_name} {period} amounted to {money[0]}, with "
            f"exports of {money[1]} and imports of {money[2]}",
            f"{period}, trade with {en_name} reached {money[0]}: Belarus' exports were "
            f"{money[1]}, imports {money[2]}",
        ])  # fmt: skip
    return sentence[0].upper() + sentence[1:] + ".", [t, e, i]


def _figure(
    f: dict[str, Any],
    regions: dict[str, tuple[str, str]],
    ru: bool,
    rng: random.Random,
    published: dt.date | None = None,
    main: str | None = None,
) -> str:
    """One figure in one of the genre's ways of saying it, from Belarus's side or, for a
    Russian region, sometimes from the region's (its exports are Belarus's imports)."""
    en_name, ru_name = regions.get(f["partner"], ("Russia", "Россия"))
    money = _money(f, ru, rng)
    period = _period_words(f["period_start"], f["period_end"], ru, rng, published)
    if f["partner"] == main and f["indicator"] == "turnover" and rng.random() < 0.3:
        # the article's own region, said once in the headline and not again
        said = (f"Товарооборот {period} составил {{q}}{money}" if ru
                else f"Trade turnover {period} amounted to {{q}}{money}")  # fmt: skip
        q = rng.choice((QUALIFIER_RU if ru else QUALIFIER_EN).get(f.get("qualifier", ""), [""]))
        return said.format(q=q) + "."
    q = rng.choice((QUALIFIER_RU if ru else QUALIFIER_EN).get(f.get("qualifier", ""), [""]))
    growth = f.get("growth_pct")
    kind = f["indicator"]
    if ru:
        more = ""
        if growth and growth > 0:
            g = f"{growth:g}".replace(".", ",")
            more = rng.choice(
                [f", увеличившись на {g}%", f" (рост на {g}%)", f", что на {g}% больше"]
            )
        gen, ins, acc = (_case(ru_name, c) for c in ("gent", "ablt", "accs"))
        ways = {
            "turnover": [
                f"Товарооборот Беларуси с {ins} {period} составил {q}{money}",
                f"{period} товарооборот между Беларусью и {ins} достиг {q}{money}",
                f"Объем взаимной торговли {gen} и Беларуси {period} составил {q}{money}",
                f"Внешнеторговый оборот {gen} с Беларусью {period} составил {q}{money}",
                f"Товарооборот с {ins} составил {q}{money} {period}",
            ],
            "export": [
                f"Белорусский экспорт в {acc} {period} составил {q}{money}",
                f"{period} Беларусь поставила в {acc} товаров на {q}{money}",
            ],
            "import": [
                f"Импорт из {gen} в Беларусь {period} составил {q}{money}",
                f"{period} экспорт {gen} в Беларусь составил {q}{money}",
            ],
            "balance": [f"Сальдо торговли Беларуси с {ins} {period} составило {q}{money}"],
        }[kind]
        if f["partner"] == "RU":
            ways = [w.replace(f" с {ins}", " с Россией").replace(f" {gen}", " России")
                    .replace(f" в {acc}", " в Россию") for w in ways]  # fmt: skip
        sentence = rng.choice(ways) + more + "."
        return sentence[0].upper() + sentence[1:]
    more = ""
    if growth and growth > 0:
        more = rng.choice([f", up {growth:g}%", f", an increase of {growth:g}%",
                           f" ({growth:g}% more than a year earlier)"])  # fmt: skip
    ways = {
        "turnover": [
            f"Trade between Belarus and {en_name} {period} amounted to {q}{money}",
            f"{period}, Belarus' trade with {en_name} reached {q}{money}",
            f"Trade turnover with {en_name} totaled {q}{money} {period}",
            f"{en_name}'s trade with Belarus {period} was {q}{money}",
        ],
        "export": [
            f"Belarus' exports to {en_name} {period} came to {q}{money}",
            f"{period}, Belarusian exports to {en_name} were {q}{money}",
        ],
        "import": [
            f"Belarus' imports from {en_name} {period} stood at {q}{money}",
            f"{period}, {en_name}'s exports to Belarus amounted to {q}{money}",
        ],
        "balance": [f"Belarus' trade balance with {en_name} {period} was {q}{money}"],
    }[kind]
    sentence = rng.choice(ways) + more + "."
    return sentence[0].upper() + sentence[1:]


def _dateline(doc: dict[str, Any], ru: bool, rng: random.Random) -> str:
    """The article's date as pages write it ("12 марта 2023", "12.03.2023", "March 12, 2023")."""
    if not doc.get("published"):
        return ""
    d = dt.date.fromisoformat(doc["published"])
    ways = [f"{d.day} {(MONTHS_RU if ru else MONTHS_EN)[d.month - 1]} {d.year}",
            f"{d.day:02d}.{d.month:02d}.{d.year}"]  # fmt: skip
    if not ru:
        ways.append(f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}")
    return rng.choice(ways)


MARK = "synthetic stand-in"
"""In every stand-in's headline (short: the near-duplicate check reads the headline too)."""


def article(
    doc: dict[str, Any], regions: dict[str, tuple[str, str]], rng: random.Random, number: int
) -> str:
    """Stand-in article *number*, for corpus record *doc*."""
    ru = doc["language"] == "ru"
    codes = [r["code"] for r in doc["regions"] if r["code"] in regions]
    region_en, region_ru = regions[codes[0]] if codes else ("Russia", "Россия")
    region = region_ru if ru else region_en
    head = (f"{region}: сотрудничество с Беларусью" if ru else
            f"{region} and Belarus: cooperation")  # fmt: skip
    lines = [f"url: https://standin.invalid/{number}", f"{head} ({MARK})", _dateline(doc, ru, rng)]
    published = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
    main = codes[0] if codes else None
    figures = list(doc["trade_figures"])
    body = []
    together = _together(figures, regions, ru, rng, published)
    if together is not None:  # turnover, exports and imports of one period in one sentence
        sentence, told = together
        body.append(sentence)
        figures = [f for f in figures if all(f is not x for x in told)]
    body += [_figure(f, regions, ru, rng, published, main) for f in figures]
    for p in doc["people"][:4]:
        role = p.get("role") or ("участник встречи" if ru else "participant")
        case = rng.choice(["gent", "datv", "ablt"])
        oblique = _in_case(role, p["name"], case) if ru and rng.random() < 0.6 else None
        if oblique:  # "встретилась с губернатором Липецкой области Игорем Артамоновым"
            body.append(OBLIQUE[case].format(oblique))
            continue
        if not ru and p.get("role") and rng.random() < 0.4:  # the post after the name
            head = role.split()[0]
            if head in ("Governor", "Head", "Chairman", "Minister", "Ambassador", "Deputy"):
                role = role[:1].lower() + role[1:]  # "…, governor of Kaluga Oblast, …"
            body.append(f"{p['name']}, {role}, met the delegation.")
            continue
        body.append(
            f"{role} {p['name']} {'провел переговоры' if ru else 'held talks'} "
            f"{'с белорусской делегацией.' if ru else 'with the Belarusian delegation.'}"
        )
    names = [e["name"] for e in doc["enterprises"][:4]]
    if names:  # as the genre names organisations: quoted after their kind, or listed
        if ru:
            quoted = [f"«{n}»" for n in names]
            listed = ", ".join(quoted[:-1]) + (" и " if len(quoted) > 1 else "") + quoted[-1]
            kind = rng.choice(["предприятий", "компаний", "организаций"])
            body.append(f"Речь шла о продукции {kind} {listed}.")
        else:
            listed = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
            kind = "companies" if len(names) > 1 else "company"
            body.append(f"The output of the {kind} {listed} was discussed.")
    for p in doc["projects"][:2]:
        body.append(("Проект: " if ru else "Project: ") + p["summary"] + ".")
    target = rng.choice([600, 900, 1200, 1300, 1500, 2000, 3000])
    # each article its own few words per slot: articles share few word triples, as real ones
    slots = tuple(rng.sample(words, 3) for words in (FILLER_RU if ru else FILLER_EN))
    while sum(map(len, body)) < target:
        body.insert(rng.randrange(len(body) + 1), _filler(slots, rng, region))
    lines += [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    return "\n\n".join(x for x in lines if x) + "\n"


GOLD = "standin.json"
"""The facts the stand-in articles were written from, in the corpus's format, beside them."""


def _told(doc: dict[str, Any], regions: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The record's facts that its stand-in tells (it names at most four people and four
    enterprises; its regions are the headline's and the figures' partners)."""
    codes = [r["code"] for r in doc["regions"] if r["code"] in regions][:1]
    codes += [f["partner"] for f in doc["trade_figures"] if f["partner"].startswith("RU-")]
    return {
        "id": f"standin_{doc['id']}",
        "file": f"standin_{doc['id']}.txt",
        "language": doc["language"],
        "published": doc.get("published"),
        "regions": [{"code": c} for c in dict.fromkeys(codes)],
        "people": doc["people"][:4],
        "enterprises": doc["enterprises"][:4],
        "trade_figures": doc["trade_figures"],
        "projects": doc["projects"][:2],
    }


def write(folder: Path, seed: int = 13) -> int:
    """Write the stand-in articles to *folder* (one per corpus record), and ``standin.json``
    with the facts they tell, for ``coopatlas intake eval FOLDER/standin.json FOLDER``;
    returns how many."""
    docs = json.loads(CORPUS.read_text(encoding="utf-8"))["documents"]
    regions, rng = _regions(), random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    gold = []
    for number, doc in enumerate(docs, 1):
        text = article(doc, regions, rng, number)
        told = _told(doc, regions)
        (folder / told["file"]).write_text(text, encoding="utf-8")
        gold.append(told)
    about = (
        "Synthetic stand-in articles (benchmarks/standin_corpus.py) and the facts they were "
        "written from: a smoke test of the reader's grammar on the genre's plain forms, not a "
        "measure of how it reads real articles."
    )
    (folder / GOLD).write_text(
        json.dumps({"about": about, "documents": gold}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return len(docs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    print(
        f"{write(args.folder, args.seed)} stand-in articles in {args.folder}; their facts in "
        f"{args.folder / GOLD} (coopatlas intake eval {args.folder / GOLD} {args.folder})"
    )


if __name__ == "__main__":
    main()
