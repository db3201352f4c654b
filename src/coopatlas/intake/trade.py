"""Trade figures: the words around an amount, and the figure's shape.

The marks the figure model weighs (``candidates``: indicator words and which way exports go,
target, reporting and non-trade words, "increased by", a Belarusian oblast's share, another
country's trade), the qualifier and growth read next to a figure, and :class:`Figure` with its
JSON. Which amount is a figure of which partner and period is decided in ``reading``.
Exports and imports are from Belarus's point of view.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from coopatlas.intake.dates import safe_date
from coopatlas.intake.document import Doc, Mention
from coopatlas.intake.folding import Folded, lower_case, lowered
from coopatlas.intake.money import (
    PERCENT,
    TIMES,
    Money,
    parse_number,
)
from coopatlas.intake.periods import Period
from coopatlas.intake.text import Sentence

Json = dict[str, Any]

INDICATOR = re.compile(
    r"(?<!\w)(?:(?P<turnover>(?:foreign\s+|mutual\s+|bilateral\s+|commodity\s+)?(?:trade\s+)?turnover|"
    r"(?:mutual\s+|bilateral\s+|foreign\s+)?trade(?!\s+(?:and|&)\s+economic|\s+mission|\s+house"
    r"|\s+representative|\s+fair|\s+centre|\s+center|\s+agreement|\s+partner|\s+union)|"
    r"товарооборот\w*|оборот\w*|(?:взаимн\w+\s+)?торговл\w*|наторговал\w*)"
    r"|(?P<export>exports?|exported|export\w*|экспорт\w*|поставк\w*|поставлен\w*|поставля\w*|"
    r"shipments?|supplies|supplied|shipped|поставил\w*|отгрузил\w*|отгружен\w*|вывоз\w*|"
    r"вывез\w*)"
    r"|(?P<import>imports?|imported|import\w*|импорт\w*|ввоз\w*|ввез\w*))",
    re.IGNORECASE,
)
TARGET = re.compile(
    r"\b(?:target|goal|aim|aims|task|dream\w*|plan\w*|should|could|can|will|would|want\w*|expect\w*|"
    r"forecast\w*|potential|strive|hope\w*|bring|double|triple|ambition\w*|intend\w*|seek\w*|"
    r"reach\w*|achiev\w*|hit|fulfil\w*|instruct\w*|будет|будут|составит|превысит|достигнет|вырастет|"
    r"цел[ьи]|задач\w*|планир\w*|довести|выйти\s+на|достичь|достигнуть|удвоить|нужно|можно|"
    r"должн\w*|прогноз\w*|ожида\w*|потенциал\w*|мечта\w*|намер\w*|стремимся|хотим|"
    r"сохранят|сохранит|сохранить|удержать|maintain|keep|need\w*|to\s+(?:increase|exceed|boost|"
    r"raise|grow))\b",
    re.IGNORECASE,
)
REPORTED = re.compile(
    r"\b(?:totall?ed|amounted|was|were|stood|reached|rose|grew|increased|went\s+up|exceeded|"
    r"crossed|made\s+up|came\s+to|topped|surpassed|declined|decreased|fell|dropped|"
    r"составил\w*|достиг\w*|вырос\w*|увеличил\w*|превысил\w*|сократил\w*|снизил\w*|был\w*|"
    r"поставлено|составлял\w*)\b",
    re.IGNORECASE,
)
NOT_TRADE = re.compile(
    r"\b(?:investment\w*|invest\w*|contract\w*|loan\w*|credit\w*|cost\w*|price\w*|budget\w*|"
    r"capital|financ\w*|fund\w*|salar\w*|deficit|surplus|balance|сальдо|дефицит\w*|профицит\w*|инвестиц\w*|контракт\w*|кредит\w*|стоимост\w*|бюджет\w*|"
    r"финансир\w*|зарплат\w*|стоит|стоимостью)\b",
    re.IGNORECASE,
)
QUALIFIER = [
    (re.compile(r"(?:close\s+to|about|around|approximately|nearly|almost|some|roughly|circa|"
                r"an\s+estimated|~|около|почти|порядка|примерно|приблизительно|более\s+или\s+менее|"
                r"свыше\s+или|практически)\s*$", re.I), "approx"),
    (re.compile(r"(?:over|more\s+than|above|exceeded|exceeding|in\s+excess\s+of|crossed\s+the|"
                r"topped|surpassed|upwards\s+of|более\s+чем\s+на|более\s+чем|более|свыше|больше|"
                r"превысил\w*|превышает)\s*$", re.I), "over"),
    (re.compile(r"(?:under|less\s+than|below|fewer\s+than|менее|меньше|не\s+более|до)\s*$", re.I),
     "under"),
]  # fmt: skip
UP = re.compile(
    r"\b(?:up|rose|risen|grew|grown|increased?|increasing|growth|higher|more|above|gain\w*|plus|added|"
    r"jump\w*|surg\w*|рост\w*|вырос\w*|увеличил\w*|увеличени\w*|прирост\w*|больше|выше|"
    r"возрос\w*|подрос\w*)\b",
    re.I,
)
DOWN = re.compile(
    r"\b(?:down|fell|fallen|declined?|decreased?|drop\w*|lower|less|shrank|minus|slump\w*|"
    r"снизил\w*|снижени\w*|сократил\w*|сокращени\w*|уменьшил\w*|упал\w*|падени\w*|меньше|ниже)\b",
    re.I,
)
SAME_PERIOD = re.compile(
    r"same\s+period|year[-\s]on[-\s]year|y/y|yoy|аналогичн\w+\s+период\w*|"
    r"(?:к|по\s+сравнению\s+с)\s+(?:прошлым|прошлого)\s+год\w*",
    re.I,
)
LEVEL = re.compile(
    r"^\s*(?:of\s+(?:the\s+)?(?:\w+\s+){0,3}level|к\s+(?:уровню|соответствующему|аналогичному)|"
    r"от\s+уровня|в\s+сопоставимых)",
    re.I,
)


DIGIT = re.compile(r"\d")
TREND_CUE = re.compile(
    r"(?<!\w)(?:trade|turnover|export|import|balance|deficit|surplus|товарооборот|торгов|"
    r"оборот|экспорт|импорт|сальдо)",
    re.I,
)

UNRESOLVED = re.compile(
    r"\b(?:last|this|previous|current)\s+year|\bquarter\b|\bhalf\b|\bmonths\b|\d{4}\s*[-–—]\s*\d{2,4}|"
    r"(?:прошл|минувш|этого|текущ|нынешн)\w*\s+год\w*|квартал\w*|полугоди\w*|месяц\w*",
    re.I,
)
"""A period the sentence states but that could not be dated: never borrow another one."""


@dataclass
class Figure:
    partner: str
    indicator: str
    period: Period
    money: Money
    qualifier: str
    growth: float | None
    basis: str | None
    sentence: Sentence
    period_inferred: bool = False


def _indicator_name(m: re.Match[str]) -> str:
    return next(k for k in ("turnover", "export", "import") if m.group(k))


_EXPORT_FROM = re.compile(
    r"\s*(?:of\s+(?:the\s+)?[A-Z]|from\s+(?!Belarus)|из\s+(?!Беларус|Белорус|Республики\s+Беларусь))"
)
_EXPORT_TO_BELARUS = re.compile(
    r"\s*[^.]{0,40}?\b(?:to\s+Belarus|в\s+(?:Беларусь|Белоруссию|Республику\s+Беларусь|РБ))"
)
_REGION_OWNER = re.compile(r"(?:Oblast|Region|Krai|Territory|Republic|region|Russia)['’]s?\s+$")
_EXPORT_OF_REGION = re.compile(
    r"\s*(?:[а-яё]+\s+)?[А-ЯЁ][а-яё]+(?:ой|ого|ской|ского)\s+(?:области|края|республики)"
)
_IMPORT_FROM_BELARUS = re.compile(
    r"\s*(?:from|of)\s+(?:Belarus|Belarusian)|"
    r"\s*(?:(?:в\s+(?:Россию|РФ)\s+)?из\s+(?:Беларуси|Белоруссии|РБ)|белорусск)",
    re.I,
)


def indicator_direction(ind: re.Match[str], sentence: str) -> str:
    """Exports and imports from Belarus's point of view."""
    kind = _indicator_name(ind)
    if kind == "turnover":
        return kind
    after = sentence[ind.end() : ind.end() + 60]
    before = sentence[max(0, ind.start() - 40) : ind.start()]
    flip = False
    if kind == "export":
        if _EXPORT_FROM.match(after) or _EXPORT_TO_BELARUS.match(after):
            flip = True
        if _REGION_OWNER.search(before):
            flip = True
        if _EXPORT_OF_REGION.match(after):
            flip = True
    else:
        if _IMPORT_FROM_BELARUS.match(after):
            flip = True
        if _REGION_OWNER.search(before):
            flip = True
    if RUSSIAN_SIDE_BEFORE.search(before) or RUSSIAN_SIDE_AFTER.match(after):
        flip = True  # "Российский экспорт", "нижегородского экспорта", "экспорт России в…"
    if not flip:
        return kind
    return "import" if kind == "export" else "export"


RUSSIAN_SIDE_BEFORE = re.compile(
    r"(?:\bRussian|\b(?!белорус)[а-яё]+(?:ск|цк)(?:ий|ого|ому|им|ом|ие|их|ими)|"
    r"(?<![а-яё])(?:Россия|РФ)|\bRussia)\s+(?:\w+\s+)?$",
    re.I,
)
"""The owner of exports or imports named before them as a Russian adjective or as Russia
("Russian exports", "российский экспорт", "Российские поставки", "объем нижегородского
экспорта", "Россия поставила"): the Russian side speaks."""
RUSSIA_BEFORE = re.compile(r"(?:\bRussian|\bRussia['’]s|\bроссийск\w*)\s+(?:\w+\s+)?$", re.I)


def russia_speaks(ind: re.Match[str], sentence: str) -> bool:
    """Exports or imports Russia names as its own, as a country ("Russian exports", "российский
    экспорт", "экспорт России")."""
    before = sentence[max(0, ind.start() - 30) : ind.start()]
    return bool(RUSSIA_BEFORE.search(before) or RUSSIAN_SIDE_AFTER.match(sentence[ind.end() :]))


RUSSIAN_SIDE_AFTER = re.compile(r"\s*(?:России|Российской\s+Федерации|of\s+Russia)\b", re.I)


CHANGE_RU = (
    r"вырос\w*|выраст\w*|увелич\w*|возрос\w*|подрос\w*|нарасти\w*|нарастил\w*|наращ\w*|"
    r"снизи\w*|снизил\w*|сократ\w*|уменьш\w*|упал\w*|упад\w*|довест\w*|довел\w*|доведен\w*"
)
"""The verbs of a change in Russian, by their stems, in any form (вырос, увеличить,
нарастили, сократится, довести: grew, increase, brought to, ...)."""
CHANGE_VERB = re.compile(
    rf"{CHANGE_RU}|\b(?:rose|grew|increased|fell|decreased|declined|dropped|went\s+(?:up|down))\b",
    re.IGNORECASE,
)
CHANGE_TO = re.compile(
    rf"(?:{CHANGE_RU}|"
    r"рост\w*|снижени\w*)(?:[^.;]|(?:(?<=млрд)|(?<=млн)|(?<=тыс)|(?<=долл)|(?<=руб))\.){0,60}?"
    r"[-–—]?\s*до\s*$",
    re.IGNORECASE,
)
""""вырос в полтора раза – до $200 млн", "сократился с 5,4 млрд. долларов до 3 млрд": "до"
after a change is "to", not "up to" (an abbreviation's dot does not end the phrase)."""


PASSED_MARK = re.compile(
    r"(?:(?:exceeded|surpassed|crossed|topped|passed)\s+the\s+(?:bar|mark|threshold|level)\s+of|"
    r"(?:превысил\w*|преодолел\w*)\s+(?:отметку|рубеж|планку|уровень)\s*(?:в\s+)?)\s*$",
    re.IGNORECASE,
)
""""exceeded the bar of half a billion", "превысил отметку в 1 млрд": over."""
MARK_CUE = re.compile(r"bar|mark|threshold|level|отметк|рубеж|планк|уровень", re.IGNORECASE)


QUALIFIER_F = [(Folded(lower_case(rx)), q) for rx, q in QUALIFIER]
MARK_CUE_F, PASSED_MARK_F, CHANGE_TO_F = (
    Folded(lower_case(rx)) for rx in (MARK_CUE, PASSED_MARK, CHANGE_TO)
)


def _qualifier(text: str, money_start: int) -> str:
    before = text[max(0, money_start - 40) : money_start]
    low = lowered(before)
    if MARK_CUE_F.search(before, low) and PASSED_MARK_F.search(before, low):
        return "over"
    before = before[-30:]
    low = lowered(before)
    for rx, q in QUALIFIER_F:
        if rx.search(before, low):
            lead = text[max(0, money_start - 90) : money_start]
            if q == "under" and CHANGE_TO_F.search(lead, lowered(lead)):
                return "exact"
            return q
    return "exact"


WORD_TIMES = re.compile(
    r"(?<![\wа-яё])(?P<ru>полтора|два|две|три|четыре|пять)\s+раза?(?![\wа-яё])|"
    r"(?<![\wа-яё])(?P<adv>вдвое|втрое|вчетверо|twice|two-fold|twofold|threefold|"
    r"one\s+and\s+a\s+half\s+times|doubled|tripled)(?![\wа-яё])",
    re.IGNORECASE,
)
WORD_TIMES_CUE = re.compile(r"раз|вдвое|втрое|вчетверо|twice|fold|doubled|tripled|times", re.I)
WORD_FACTORS = {
    "полтора": 1.5, "два": 2.0, "две": 2.0, "три": 3.0, "четыре": 4.0, "пять": 5.0,
    "вдвое": 2.0, "втрое": 3.0, "вчетверо": 4.0, "twice": 2.0, "two-fold": 2.0, "twofold": 2.0,
    "threefold": 3.0, "doubled": 2.0, "tripled": 3.0,
}  # fmt: skip


BY_AMOUNT = re.compile(
    r"(?:\bby|(?<![а-яё])на)\s*(?:almost|nearly|about|over|more\s+than|почти|около|более)?\s*$",
    re.IGNORECASE,
)
""""увеличился на 36,4% к аналогичному периоду": a change by, not a level of, 36.4%."""


_IN_END = re.compile(r"\bin\s*$|\bв\s*$")
_RATE_END = re.compile(r"(?:темп\w*|рост\w*)\s*(?:роста\s*)?(?:[-–—:]\s*)?$", re.I)
_DOWN_AFTER = re.compile(r"\s*(?:down|lower|less|меньше|ниже)", re.I)
_UP_AFTER = re.compile(r"\s*(?:up|higher|more|above|больше|выше|рост)", re.I)
_SHARE_WORD = re.compile(r"\b(?:share|account\w*|доля|доли|занима\w*)\b", re.I)
_BY_END = re.compile(
    r"\bby\s*(?:almost|nearly|about|over|more\s+than)?\s*$|на\s*(?:почти|около|более)?\s*$", re.I
)


def _growth(segment: str) -> tuple[float | None, bool]:
    """(growth %, compared with the same period) stated in *segment* next to a figure."""
    same = bool(SAME_PERIOD.search(segment))
    factors = [(m, parse_number(m.group("n"), "ru")) for m in TIMES.finditer(segment)]
    for w in WORD_TIMES.finditer(segment) if WORD_TIMES_CUE.search(segment) else ():
        word = " ".join((w.group("ru") or w.group("adv")).lower().split())
        factors.append((w, WORD_FACTORS.get(word, 1.5)))
    for m, n in sorted(factors, key=lambda mn: mn[0].start()):
        near = segment[max(0, m.start() - 40) : m.end() + 25]
        if n <= 0:
            continue
        if DOWN.search(near) and not UP.search(near):
            return round((1 / n - 1) * 100, 2), same
        if (
            UP.search(near)
            or _IN_END.search(segment[: m.start()])
            or m.group(0).lower() in ("doubled", "tripled")
        ):
            return round((n - 1) * 100, 2), same
    for m in PERCENT.finditer(segment):
        n = parse_number(m.group("n"), "ru")
        near_before = segment[max(0, m.start() - 40) : m.start()]
        near_after = segment[m.end() : m.end() + 25]
        by = BY_AMOUNT.search(near_before)
        if (LEVEL.match(near_after) and not by) or (n > 100 and _RATE_END.search(near_before)):
            return round(n - 100, 2), same  # "118.2% of the level", "темп роста 118,2%"
        sign = (m.group("sign") or "").strip()
        if sign in {"-", "−", "–"}:
            return -n, same
        if sign == "+":
            return n, same
        down = DOWN.search(near_before) or _DOWN_AFTER.match(near_after)
        up = UP.search(near_before) or _UP_AFTER.match(near_after)
        if _SHARE_WORD.search(near_before):
            continue
        if down and not up:
            return -n, same
        if up:
            return n, same
        if _BY_END.search(near_before):
            return (n, same) if not DOWN.search(segment) else (-n, same)
    return None, same


OUR_COUNTRIES = re.compile(
    r"\b(?:between|of)\s+(?:our|the\s+two)\s+(?:two\s+)?countries|"
    r"\bмежду\s+(?:нашими|двумя)\s+(?:двумя\s+)?(?:странами|государствами)|"
    r"\bдвух\s+(?:стран|государств)\b|\bнаших\s+(?:стран|государств)\b",
    re.I,
)
"""Belarus and Russia as a whole ("trade between our countries"), when no region is named."""
THIRD_COUNTRY_GROUP = re.compile(
    r"\bстран\w*\s+(?:СНГ|ЕАЭС|дальнего|ближнего|мира|Европ\w*|Азии)|"
    r"\bCIS\s+countries|"
    r"\bcountries\s+of\s+the\s+(?:CIS|EAEU|world)|\bсо\s+всеми\s+странами",
    re.I,
)
BELARUS = re.compile(r"беларус|белорус|белоруссии|belarus|минск|minsk", re.I)


BELARUS_F, THIRD_COUNTRY_GROUP_F = (
    Folded(lower_case(rx), starts=True) for rx in (BELARUS, THIRD_COUNTRY_GROUP)
)


def third_country_trade(doc: Doc, s: Sentence, low: str | None = None) -> bool:
    """A region's trade with another country ("Товарооборот Брянской области с Китаем…",
    "…со странами СНГ") in a sentence that does not name Belarus: not Belarus's trade.
    *low* is ``lowered(s.text)`` when the caller has it."""
    if BELARUS_F.search(s.text, low):
        return False
    others = [m for m in doc.in_sentence(doc.countries, s) if m.name.code not in ("BY", "RU")]
    return bool(others) or bool(THIRD_COUNTRY_GROUP_F.search(s.text, low))


def belarus_only_among_others(doc: Doc) -> bool:
    """Whether every sentence naming Belarus names another foreign country too ("Uzbekistan,
    Tajikistan, Serbia, Belarus and Italy took 70% of its exports"): the article is about a
    region's trade with the world, and its amounts without Belarus in their sentence are not
    Belarus's trade."""
    named = [s for s in doc.sentences if BELARUS_F.search(s.text, doc.sentence_lower(s))]
    return bool(named) and all(
        any(m.name.code not in ("BY", "RU") for m in doc.in_sentence(doc.countries, s))
        for s in named
    )


MENTIONED_YEAR = re.compile(
    r"(?<![\w.,/])(?<!until )(?<!by )(?<!to )(?<!до )(?<!к )(?<!through )((?:19|20)\d\d)(?![\d-])"
)


def _gap(m: Mention, money: Money) -> int:
    return max(m.start - money.end, money.start - m.end, 0)


def _belarusian_oblast_nearest(doc: Doc, s: Sentence, money: Money, moneys: list[Money]) -> bool:
    """Whether the region named closest to a figure (within 40 characters, and closer to it
    than to any other amount in the sentence) is Belarusian: "…of which $300m with Gomel"."""
    near = [
        (_gap(m, money), m.name.code)
        for m in doc.in_sentence(doc.regions, s)
        if _gap(m, money) < 40 and all(_gap(m, money) <= _gap(m, o) for o in moneys)
    ]
    return bool(near) and min(near)[1].startswith("BY-")


PATH_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_./](0[1-9]|1[0-2])(?:[-_./](\d\d))?(?!\d)")


PATH_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d])")
"""A year alone in a file's name."""


def path_date(path: str) -> dt.date | None:
    """A date in the file's name ("bryansk_2024-08-14.txt", "2018-11_bryansk.txt"; a year and
    month alone give the month's last day); folders are not read."""
    m = PATH_DATE.search(re.split(r"[\\/]", path)[-1])
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else calendar.monthrange(year, month)[1]
    return safe_date(year, month, day)


def inferred_date(doc: Doc) -> dt.date | None:
    """For an article without a full date: a date in its file name, else a year in it, else
    the latest year it names (not a target year), so that "last year" and "in the first
    quarter" can still be dated. Figures dated from it are flagged ``period_inferred``."""
    named = path_date(doc.path)
    if named:
        return named
    month, day = (int(doc.partial[:2]), int(doc.partial[3:])) if doc.partial else (12, 28)
    year = PATH_YEAR.search(re.split(r"[\\/]", doc.path)[-1])
    if year:  # "moscow_2004_afn.txt": the file's year, not a page's "updated 14.11.2024"
        return safe_date(int(year.group(1)), month, day)
    years = [int(y) for y in MENTIONED_YEAR.findall(doc.text)]
    if not years:
        return None
    return safe_date(max(years), month, day)


BRACKET_YEAR = re.compile(
    r"\s*[(\[]\s*(?:(?:as|like)\s+(?:it\s+was\s+)?in\s+|in\s+|как\s+(?:и\s+)?в\s+|в\s+)?"
    r"(?P<y>(?:19|20)\d\d)(?:\s*(?:году|год|г\.))?\s*[)\]]"
)


def _bracketed_year(text: str, money_end: int) -> Period | None:
    """A year in brackets right after an amount ("restore trade to $700 million (as in
    2018)", "до 700 млн долларов (как в 2018 году)"): a past figure quoted as a benchmark."""
    m = BRACKET_YEAR.match(text, money_end)
    if not m:
        return None
    year = int(m.group("y"))
    return Period(m.start("y"), m.end("y"), dt.date(year, 1, 1), dt.date(year, 12, 31), False, True)


RESULT_WORD = re.compile(
    r"reach\w*|achiev\w*|hit|bring|double|triple|fulfil\w*|достигнет|достичь|достигнуть",
    re.IGNORECASE,
)
"""Target words that also end a reported result ("rose 2.1 times to reach $18 million")."""


def _is_target(prefix: str) -> bool:
    """Whether the words before an amount make it a target or a forecast: a target word
    after the last reporting verb ("составил 30%, … ожидается выход на $100 млн")."""
    first = TARGET.search(prefix)
    if first is None:
        return False
    targets = [first, *TARGET.finditer(prefix, first.end())]
    reported = list(REPORTED.finditer(prefix))
    if not reported:
        return True
    strong = [t for t in targets if not RESULT_WORD.fullmatch(t.group(0))]
    return bool(strong) and strong[-1].start() > reported[-1].start()


WORTH_OF = re.compile(r"\s+worth\s+of\s+(?!goods\b|products\b|exports?\b|imports?\b)", re.I)
REGION_WITH_BELARUS = re.compile(
    r"['’]s\s+trade\s+with\s+Belarus|"
    r"\s+(?:с|со)\s+(?:Республикой\s+)?(?:Беларусью|Белоруссией|Беларусь|РБ)\b"
)
"""A region's trade framed from its side ("оборот Самарской области с Республикой Беларусь",
"Bryansk Oblast's trade with Belarus"): the exports and imports that follow are the region's."""
CHANGE_BY = re.compile(
    r"\b(?:increased|grew|rose|decreased|declined|fell|dropped|went\s+(?:up|down)|up|down)\s+by\s+"
    r"(?:(?:over|more\s+than|almost|nearly|about|some|approximately)\s+)?$|"
    r"(?:увеличил\w*|вырос\w*|возрос\w*|подрос\w*|снизил\w*|сократил\w*|уменьшил\w*|упал\w*|"
    r"прирост\w*|рост\w*|снижени\w*)\s+(?:[^\s]+\s+){0,3}?на\s+(?:(?:более\s+чем|почти|около|"
    r"свыше)\s+)?$",
    re.I,
)
"""An amount after "increased by" / "увеличился на" is the size of a change, not a level."""
PERCENT_OR_TIMES = re.compile(r"%|percent|per\s?cent|процент|\bраза?\b|times|fold", re.I)

GROWTH_SUBJECT = re.compile(
    r"\W*(?:(?:at\s+the\s+same\s+time|meanwhile|при\s+этом|таким\s+образом),?\s+)?"
    r"(?:it|this|the\s+figure|this\s+figure|the\s+indicator|он|она|оно|этот\s+показатель|"
    r"показатель|the\s+(?:\w+\s+)?(?:trade|turnover|exports?|imports?)|"
    r"(?:\w+\s+)?(?:товарооборот|экспорт|импорт|торговля)\w*|"
    r"(?:в\s+сравнении|по\s+сравнению)\s+с|compared\s+(?:to|with)|(?:при)?рост|growth)\b",
    re.IGNORECASE,
)


def _attach_growth(
    figure: Figure, text: str, indicators: list[re.Match[str]], periods: list[Period]
) -> None:
    """Growth stated in the sentence after a figure ("Показатель увеличился на 36,4%", "It
    grew by 12%") belongs to that figure when the sentence is about it: it opens with an
    anaphor, the same indicator or a comparison ("В сравнении с … вырос на 0,9%") and names
    no other period."""
    if figure.growth is not None or not GROWTH_SUBJECT.match(text):
        return
    if any(indicator_direction(i, text) != figure.indicator for i in indicators[:1]):
        return
    if any(
        not p.base and (p.first, p.last) != (figure.period.first, figure.period.last)
        for p in periods
    ):
        return
    growth, same = _growth(text)
    if growth is None:
        return
    figure.growth = growth
    figure.basis = (
        "same_period_last_year" if same or not figure.period.annual else "previous_period"
    )


_DIGITS = re.compile(r"\d[\d.,\s\u00a0]*")
_NOT_DIGIT = re.compile(r"\D")


def _significant_digits(money: Money) -> int:
    m = _DIGITS.search(money.text)
    digits = _NOT_DIGIT.sub("", m.group(0)) if m else ""
    return len(digits.strip("0"))


CLOSE = 0.04
"""Two values of one partner, indicator, period and currency within 4% of each other in one
article are one figure said twice ("slightly over 130 million" and "almost 134 million")."""


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """One figure per partner, indicator, period and currency and value (values within 4%
    count as the same): the more precisely written one is kept, else the first mention."""
    kept: list[Figure] = []
    for f in figures:
        twin = next(
            (
                k
                for k in kept
                if (k.partner, k.indicator, k.period.first, k.period.last, k.money.currency)
                == (f.partner, f.indicator, f.period.first, f.period.last, f.money.currency)
                and abs(k.money.value - f.money.value) <= CLOSE * max(k.money.value, f.money.value)
            ),
            None,
        )
        if twin is None:
            kept.append(f)
            continue
        if _significant_digits(f.money) > _significant_digits(twin.money):
            if f.growth is None:
                f.growth, f.basis = twin.growth, twin.basis
            kept[kept.index(twin)] = f
        elif twin.growth is None and f.growth is not None:
            twin.growth, twin.basis = f.growth, f.basis
    return kept


def figure_json(f: Figure, provenance: bool = False) -> Json:
    """A figure in the issue's JSON shape; with *provenance* also ``period_inferred`` (the
    period's year came from a date the article does not state: its file name or the latest
    year it names), which ``intake add`` keeps in the fact."""
    value = round(f.money.value, 2)
    value_out: float | int = int(value) if value == int(value) else value
    return {
        "partner": f.partner,
        "indicator": f.indicator,
        "period_start": f.period.first.isoformat(),
        "period_end": f.period.last.isoformat(),
        "value_usd": value_out if f.money.currency == "USD" else None,
        "value": value_out,
        "currency": f.money.currency,
        "qualifier": f.qualifier,
        "growth_pct": f.growth,
        "growth_basis": f.basis,
        "span": [f.money.start, f.money.end],
        "sentence": f.sentence.text,
    } | ({"period_inferred": f.period_inferred} if provenance else {})
