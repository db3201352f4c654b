"""Periods a trade figure is quoted for: a year, months, a quarter, a half, "N months".

Each match carries its character span and whether it is a *comparison base* ("over 2020",
"from the same period of last year", "since 2020"), which is never the period of a figure.
Periods without a year take it from the article's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from coopatlas.intake.folding import Folded, lower_case, lowered
from coopatlas.intake.money import Hits, windowed

MONTHS_EN = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
MONTHS_RU = [
    "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
]  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "i": 1, "1": 1, "1-й": 1, "1-м": 1, "перв": 1,
    "second": 2, "2nd": 2, "ii": 2, "2": 2, "2-й": 2, "2-м": 2, "втор": 2,
    "third": 3, "3rd": 3, "iii": 3, "3": 3, "3-й": 3, "3-м": 3, "трет": 3,
    "fourth": 4, "4th": 4, "iv": 4, "4": 4, "4-й": 4, "4-м": 4, "четв": 4,
}  # fmt: skip
COUNTS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "два": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3,
    "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "одиннадцать": 11,
}  # fmt: skip

MONTH_EN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
MONTH_RU = (
    r"(?:январ[а-яё]*|феврал[а-яё]*|март[а-яё]*|апрел[а-яё]*|ма(?:ем|[йяе])|июн[а-яё]*|июл[а-яё]*|"
    r"август[а-яё]*|сентябр[а-яё]*|октябр[а-яё]*|ноябр[а-яё]*|декабр[а-яё]*|"
    r"(?:янв|фев|мар|апр|авг|сент?|окт|ноя|дек)\.)"
)
YEAR = r"(?:19[89]\d|20[0-4]\d)"
RU_TAIL = r"(?:\s*(?:года|году|год|г\.))"
DASH = r"(?:\s*[-–—]\s*|\s+(?:to|through|till)\s+)"
IN_EN = r"(?:(?:in|for|over|during)\s+)?(?:the\s+)?"
IN_RU = r"(?:(?:в|за|по\s+итогам)\s+)?"


def _year_en(name: str) -> str:
    """The year after a period: written, "this year", or "last year" (group ``<name>_p``)."""
    return (
        rf"(?:,?\s+(?:of\s+)?(?:(?P<{name}>{YEAR})|this\s+year|the\s+(?:current\s+)?year|"
        rf"(?P<{name}_p>last|the\s+previous|the\s+past)\s+year))?"
    )


ORDINAL_TAIL_RU = r"(?:-?(?:го|му|ом|ое|ой|[мйея]))?"
"""The case ending of a digit written as an ordinal: "1-й квартал", "1-го квартала", "в 1-м
квартале", "1-е полугодие", "1-ое полугодие". A bare digit before "квартала" after "за" is a
number of quarters ("за 3 квартала": nine months), not the third."""


def _year_ru(name: str) -> str:
    """The year after a period: "2023 года", "2017-го года", "с начала 2023 года", "текущего
    года", "прошлого года" (group ``<name>_p``)."""
    return (
        rf"(?:\s+(?:с\s+начала\s+)?(?P<{name}>{YEAR})(?:-?(?:го|м|й))?{RU_TAIL}?|"
        rf"\s+(?P<{name}_c>текущ|этого|нынешн|сего)\w*\s+года|"
        rf"\s+(?P<{name}_p>прошл|минувш|предыдущ|ушедш|прошедш)\w*\s+года)?"
    )


_ALTERNATIVES = [
    rf"(?P<months>{IN_EN}(?P<m1>{MONTH_EN}){DASH}(?P<m2>{MONTH_EN})"
    rf"(?:,?\s+(?:of\s+)?(?P<my>{YEAR}))?)",
    rf"(?P<months_ru>(?:{IN_RU}(?P<r1>{MONTH_RU})\s*[-–—]\s*|(?:с|со)\s+(?P<r1s>{MONTH_RU})"
    rf"\s+(?:по|до)\s+)(?P<r2>{MONTH_RU}){_year_ru('ry')})",
    rf"(?P<quarter>{IN_EN}(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter"
    rf"|Q(?P<q2>[1-4])){_year_en('qy')})",
    rf"(?P<quarter_ru>{IN_RU}(?P<rq>I{{1,3}}|IV|(?:(?<!за\s)[1-4]|[1-4](?!\s+квартала\b)){ORDINAL_TAIL_RU}|перв\w*|втор\w*|трет\w*|четв\w*)"
    rf"\s+квартал\w*{_year_ru('rqy')})",
    rf"(?P<half>{IN_EN}(?:(?P<h>first|second)\s+half|H(?P<h2>[12])){_year_en('hy')})",
    rf"(?P<half_ru>(?:{IN_RU}(?P<rh>перв\w*|втор\w*|I{{1,2}}|[12]{ORDINAL_TAIL_RU})\s+(?:полугоди|половин)\w*|"
    rf"(?:в|за|по\s+итогам)\s+(?P<rh0>полгода|полугоди[еяю]))(?![\wа-яё]){_year_ru('rhy')})",
    rf"(?P<nquarters>{IN_EN}(?:first\s+)?(?P<qn>two|three|2|3)\s+quarters(?:\s+of)?{_year_en('qny')})",
    rf"(?P<nquarters_ru>{IN_RU}(?:перв\w+\s+)?(?P<rqn>дв\w+|тр[её]х|три|2|3|2-х|3-х)\s+"
    rf"квартал(?:ов|а)\b{_year_ru('rqny')})",
    rf"(?P<nmonths>{IN_EN}(?:first\s+)?(?P<n>\d{{1,2}}|two|three|four|five|six|seven|eight|"
    rf"nine|ten|eleven)\s+months{_year_en('ny')})",
    rf"(?P<nmonths_ru>(?:за\s+)?(?:(?:перв|последн)\w+\s+)?(?P<rn>\d{{1,2}}|[а-яё]+)\s+месяц\w*"
    rf"{_year_ru('rny')})",
    rf"(?P<month>(?:in|for|during)\s+(?:the\s+month\s+of\s+)?(?P<mm>{MONTH_EN})(?![-–—\w])"
    rf"(?:,?\s+(?P<mmy>{YEAR}))?)",
    rf"(?P<month_ru>(?:в|за)\s+(?P<rm>{MONTH_RU})(?!\s*[-–—])(?![\wа-яё])"
    rf"(?:\s+(?P<rmy>{YEAR}){RU_TAIL}?)?)",
    r"(?P<ytd>since\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year|"
    r"с\s+начала\s+(?:этого\s+|текущего\s+)?года)",
    r"(?P<yearbeforelast>(?:in\s+)?the\s+year\s+before\s+last|"
    r"(?:в|за|по\s+итогам)\s+позапрошл\w+\s+год\w*)",
    r"(?P<lastyear>(?:in\s+|over\s+)?last\s+year|"
    r"(?:(?:in|over|during|for)\s+)?the\s+(?:past|previous)\s+year(?![\w-])|"
    r"(?:в|за|по\s+(?:итогам|результатам))\s+(?:прошл|минувш|ушедш|прошедш)\w+(?:,\s*[а-яё]+)?\s+год\w*|"
    r"(?:прошлый|минувший|ушедший)\s+год(?![а-яё]))",
    rf"(?P<year>(?:(?:in|for|of|during|by\s+the\s+end\s+of|at\s+the\s+end\s+of|"
    rf"in\s+the\s+year)\s+)?(?<!\d[-–—])(?P<y>{YEAR})(?!\s*[-–—]\s*\d){RU_TAIL}?)",
    rf"(?P<year_ru>(?:(?:в|за|по\s+итогам)\s+)(?P<yr>{YEAR}){RU_TAIL})",
]
PERIOD = re.compile(r"(?<!\w)(?:" + "|".join(_ALTERNATIVES) + ")", re.IGNORECASE)
PERIOD_FOLDED = Folded(lower_case(PERIOD))
PERIOD_HIT = Hits(
    r"19[89]\d|20[0-4]\d|quarter|q[1-4]|half|h[12]|month|year|квартал|полугод|половин|месяц|год|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|янв|фев|мар|апр|ма[йяе]|июн|июл|авг|сен|окт|"
    r"ноя|дек"
)
"""Every period names a year, a month, or a quarter, half, month or year word: the period
pattern is tried only around these (``money.windowed``). The years are written out of
their group: an alternation whose every branch starts with a letter or digit is scanned
twice as fast."""

BASE_BEFORE = re.compile(
    r"(?:\bover|\bthan|\bfrom|\bsince|\bagainst|\bvs\.?|\bversus|\bcompared\s+(?:to|with)|"
    r"\bcomparison\s+(?:to|with)|"
    r"\brelative\s+to|\bsame\s+period\s+(?:of\s+|in\s+)?|\bpar\s+with|\bbefore|\buntil|\btill|"
    r"\bby|\bto|\bafter|\bsince|\bпо\s+сравнению\s+с|\bотносительно|\bпротив|\bс|\bк|\bдо|"
    r"\bк\s+уровню|\bаналогичн\w+\s+период\w*|\bпериод\w*|\bв\s+сравнении\s+с(?:\s+уровнем)?|"
    r"\bуровн\w+|\bсравнени\w+\s+с)\s*(?:the\s+)?(?:year\s+)?$",
    re.IGNORECASE,
)
CHANGE_BEFORE = re.compile(
    r"(?:%|percent|per\s?cent|\bup|\bdown|times|fold|higher|lower|more|less|growth|increase\w*|"
    r"decrease\w*|rose|grew|fell|declined)\s*$",
    re.IGNORECASE,
)
DATE_BEFORE = re.compile(rf"(?:{MONTH_EN}|{MONTH_RU}|\d{{1,2}}[./])\s*$", re.IGNORECASE)


BASE_BEFORE_F, CHANGE_BEFORE_F, DATE_BEFORE_F = (
    Folded(lower_case(rx)) for rx in (BASE_BEFORE, CHANGE_BEFORE, DATE_BEFORE)
)
"""The words before a period, folded (run on the lower-cased words before it)."""
_FROM_END = re.compile(r"\b(?:from|с)\s*$")
_TO_INSIDE = re.compile(r"\s(?:to|through|till)\s")
_LEAD = re.compile(r"(?:in|for|over|during|в|за)\s", re.I)


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    first: dt.date
    last: dt.date
    base: bool
    annual: bool
    relative: bool = False
    """The year was not written: it came from the article's (or an inferred) date."""


def month_en(word: str) -> int:
    w = word.lower()[:3]
    return next(i + 1 for i, m in enumerate(MONTHS_EN) if m.startswith(w))


def month_ru(word: str) -> int:
    w = word.lower()
    best = max((m for m in MONTHS_RU if w.startswith(m)), key=len)
    return MONTHS_RU.index(best) + 1


def _ordinal(word: str) -> int | None:
    w = re.sub(r"^(\d)-?[а-яё]*$", r"\1", word.lower())  # "1-е", "1-го": 1
    for key, value in ORDINALS.items():
        if w == key or (len(key) >= 4 and w.startswith(key)):
            return value
    return None


def _span(year: int, m1: int, m2: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, m1, 1), dt.date(year, m2, calendar.monthrange(year, m2)[1])


def _year(
    explicit: str | None, doc_year: int | None, last_month: int, doc_month: int | None
) -> int | None:
    """The period's year: as written, else the article's (the year before if not over yet)."""
    if explicit:
        return int(explicit)
    if doc_year is None:
        return None
    if doc_month is not None and last_month >= doc_month:
        return doc_year - 1
    return doc_year


def find_periods(
    text: str, published: dt.date | None, partial_month: int | None = None
) -> list[Period]:
    """Every period expression in *text* (one sentence), with comparison bases marked."""
    doc_year = published.year if published else None
    doc_month = published.month if published else partial_month
    out: list[Period] = []
    for m in windowed(PERIOD_FOLDED, PERIOD_HIT, text, 60, 50, lowered(text)):
        kind = m.lastgroup
        g = m.group
        span: tuple[dt.date, dt.date] | None = None
        annual = False
        explicit = (
            g("my") or g("ry") or g("qy") or g("rqy") or g("hy") or g("rhy") or g("qny")
            or g("rqny")
        )  # fmt: skip
        relative = not (
            explicit or g("ny") or g("rny") or g("y") or g("yr") or g("mmy") or g("rmy")
        )
        previous_year = any(
            g(f"{k}_p") for k in ("qy", "rqy", "hy", "rhy", "ny", "rny", "ry", "qny", "rqny")
        )
        current_year = any(g(f"{k}_c") for k in ("rqy", "rhy", "rny", "ry", "rqny"))
        if previous_year and doc_year is not None:
            explicit = str(doc_year - 1)
        elif current_year and published is not None:  # "текущего года": the article's own year
            explicit = str(published.year)
        if g("month") or g("month_ru"):
            if g("month"):
                m1 = month_en(g("mm"))
                y = _year(g("mmy"), doc_year, m1, doc_month)
            else:
                m1 = month_ru(g("rm"))
                y = _year(g("rmy") or explicit, doc_year, m1, doc_month)
            span = _span(y, m1, m1) if y else None
        elif g("months"):
            m1, m2 = month_en(g("m1")), month_en(g("m2"))
            y = _year(g("my"), doc_year, m2, doc_month)
            span = _span(y, m1, m2) if y and m1 <= m2 else None
        elif g("months_ru"):
            m1, m2 = month_ru(g("r1") or g("r1s")), month_ru(g("r2"))
            y = _year(explicit, doc_year, m2, doc_month)
            span = _span(y, m1, m2) if y and m1 <= m2 else None
        elif g("quarter") or g("quarter_ru"):
            q = _ordinal(g("q") or g("q2") or g("rq") or "")
            if q:
                y = _year(explicit, doc_year, q * 3, doc_month)
                span = _span(y, q * 3 - 2, q * 3) if y else None
        elif g("half") or g("half_ru"):
            h = 1 if g("rh0") else _ordinal(g("h") or g("h2") or g("rh") or "")
            if h in (1, 2):
                y = _year(explicit, doc_year, h * 6, doc_month)
                span = _span(y, h * 6 - 5, h * 6) if y else None
        elif g("nquarters") or g("nquarters_ru"):
            word = (g("qn") or g("rqn") or "").lower()
            quarters = 3 if word.startswith(("3", "тр", "three")) else 2
            y = _year(explicit, doc_year, 3 * quarters, doc_month)
            span = _span(y, 1, 3 * quarters) if y else None
        elif g("nmonths") or g("nmonths_ru"):
            word = (g("n") or g("rn") or "").lower()
            n = int(word) if word.isdigit() else COUNTS.get(word)
            if n and 1 <= n <= 11:
                y = _year(explicit or g("ny") or g("rny"), doc_year, n, doc_month)
                span = _span(y, 1, n) if y else None
        elif g("ytd"):
            if published and published.month > 1:
                span = _span(published.year, 1, published.month - 1)
        elif g("lastyear"):
            if doc_year:
                span = _span(doc_year - 1, 1, 12)
                annual = True
        elif g("yearbeforelast"):
            if doc_year:
                span = _span(doc_year - 2, 1, 12)
                annual = True
        elif g("year") or g("year_ru"):
            before = text[max(0, m.start() - 12) : m.start()]
            if DATE_BEFORE_F.search(before, lowered(before)) and not (
                (g("year") or "").lower().startswith("in")
            ):
                continue
            y = int(g("y") or g("yr"))
            span = _span(y, 1, 12)
            annual = True
        if span is None or kind is None:
            continue
        lead_in = text[max(0, m.start() - 40) : m.start()]
        base = BASE_BEFORE_F.search(lead_in, lowered(lead_in)) is not None
        if (
            kind in ("months", "months_ru")
            and _FROM_END.search(text[: m.start()])
            and _TO_INSIDE.search(text[m.start() : m.end()])
        ):
            base = False  # "from January to May": the start of the range, not a comparison
        lead = _LEAD.match(m.group(0))
        if lead and lead.group(0).lower().startswith("over"):
            # "over 2020" and "12% up over the first half of 2020" compare; "over the first
            # nine months of 2021, trade amounted to…" is the figure's own period
            # ("over last year" compares, "trade over the past year totaled" is its own)
            head = text[: m.start()]
            compares = kind == "year" or (kind == "lastyear" and "last" in m.group(0).lower())
            base = compares or bool(CHANGE_BEFORE_F.search(head, lowered(head)))
        out.append(
            Period(m.start(), m.end(), span[0], span[1], base, annual, relative and not explicit)
        )
    return _after_base_year(out)


def _after_base_year(periods: list[Period]) -> list[Period]:
    """A period without a year in a sentence that compares with a written year ("in the first
    quarter … down 40% from the same period in 2013", "за полугодие … к уровню аналогичного
    периода 2021 года") is of the year after that one; unless a period of the sentence writes
    its year, the base's own ("В прошлом году … , за 6 месяцев 2008-го он вырос … по сравнению
    с тем же периодом 2007-го": last year stays the article's year before)."""
    bases = [p for p in periods if p.base and not p.relative]
    if not bases or any(not p.base and not p.relative for p in periods):
        return periods
    year = bases[0].last.year + 1
    out = []
    for p in periods:
        if p.relative and not p.base and not p.annual:
            first, last = _span(year, p.first.month, p.last.month)
            p = Period(p.start, p.end, first, last, False, p.annual, False)
        elif p.relative and not p.base and p.annual:
            first, last = _span(year, 1, 12)
            p = Period(p.start, p.end, first, last, False, True, False)
        out.append(p)
    return out
