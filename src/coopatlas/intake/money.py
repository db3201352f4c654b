"""Numbers, money and percentages as officials write them, in English and Russian.

"$334 million", "USD 1.2 billion", "68 млн долларов", "$1,2 млрд", "Br5.6 million",
"8.5 billion Russian rubles", "230 тысяч долларов". A decimal comma is a decimal point in
Russian text and in "1,2"; in English "1,200" is one thousand two hundred.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coopatlas.intake.folding import Folded, lower_case, lowered

NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])"

SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысяча": 1e3, "тысячи": 1e3,
    "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "млн": 1e6,
    "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "млрд": 1e9,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
    "trillion": 1e12, "трлн": 1e12,
}  # fmt: skip
SCALE = (
    r"(?:thousand|billions?|millions?|trillion|mln|mn|bln|bn|k|m|b|"
    r"тыс(?:яч[аи]?)?\.?|млн\.?|млрд\.?|трлн\.?|миллион(?:ов|а)?|миллиард(?:ов|а)?)(?![\wа-яё])"
)
PREFIX_CURRENCY = r"(?:US\s?\$|\$|USD|EUR|€|BYN|BYR|Br|RUB|RUR|₽)"
SUFFIX_CURRENCY = (
    r"(?:(?:US\s)?dollars?|USD|US\$|\$|euros?|EUR|€|BYN|RUB|₽|"
    r"(?:Belarusian|Russian)\s+(?:rubles|roubles)|rubles|roubles|"
    r"долл(?:ар(?:ов|а|ы)?|\.)?(?:\s+США)?|евро|"
    r"(?:белорусских|российских)\s+рубл(?:ей|я)|бел\.\s?руб\.?|рос\.\s?руб\.?|рубл(?:ей|я|ь)|руб\.?)"
)

WORD_AMOUNTS: dict[str, float] = {
    "half a billion": 5e8, "a billion": 1e9, "one billion": 1e9, "a million": 1e6,
    "полмиллиарда": 5e8, "миллиард": 1e9, "миллиарда": 1e9, "один миллиард": 1e9,
}  # fmt: skip
WORD_AMOUNT = (
    r"(?:half\s+a\s+billion|a\s+billion|one\s+billion|a\s+million|полмиллиарда|"
    r"один\s+миллиард|миллиарда?)"
)

MONEY = re.compile(
    rf"(?<![\wа-яё])(?P<pre>{PREFIX_CURRENCY})\s?(?P<n1>{NUMBER})(?:\s?(?P<s1>{SCALE}))?"
    rf"|(?P<n2>{NUMBER})\s?(?:(?P<s2>{SCALE})\s?)?(?P<post>{SUFFIX_CURRENCY})(?![\wа-яё])"
    rf"|(?<![\wа-яё])(?P<word>{WORD_AMOUNT})\s+(?P<wcur>(?:US\s+)?dollars|долларов(?:\s+США)?)"
    rf"(?![\wа-яё])",
    re.IGNORECASE,
)
"""A money amount: currency before the number (``$68 million``), after it (``68 млн долл.``),
or a number in words ("half a billion US dollars", "миллиард долларов")."""


MONEY_FOLDED = Folded(lower_case(MONEY))


class Hits:
    """Anchors written in lower case, found by :class:`~coopatlas.intake.folding.Folded` (the
    lower-cased text without IGNORECASE, which is some 40 times faster for an alternation of
    words; the case-insensitive pattern where lower-casing would read otherwise)."""

    def __init__(self, pattern: str) -> None:
        self.folded = Folded(re.compile(pattern, re.IGNORECASE), starts=True)

    def finditer(self, text: str, low: str | None = None) -> Iterable[re.Match[str]]:
        """The anchors in *text*; *low* is ``lowered(text)`` when the caller has it."""
        return self.folded.finditer(text, lowered(text) if low is None else low)


CURRENCY_HIT = Hits(
    r"[$€₽]|(?<![a-zа-яё])(?:usd|eur|byn|byr|rub|rur|br|dollar|euro|ruble|rouble|долл|евро|руб)"
)
"""Every amount :data:`MONEY` reads names a currency: it is looked for only around these,
at the start of a word ("br" and "rub" inside "February" or "Republic" open no window)."""
SCALE_HIT = Hits(
    r"миллиард|миллион|тысяч|триллион|billion|million|thousand|trillion|млрд|млн|трлн|тыс|"
    r"(?<=[\d\s])(?:bn|bln|mln|mn|m|k|b)\b"
)
"""Every amount :data:`AMOUNT` reads has a scale word."""


def windowed(
    pattern: Folded, hits: Hits, text: str, before: int, after: int, low: str | None = None
) -> list[re.Match[str]]:
    """The matches of *pattern* in the parts of *text* around the matches of *hits* (a cheap
    pattern every match of *pattern* contains): one scan for the anchors, then the expensive
    pattern only where it can match. Windows that touch are merged and scanned left to right,
    as a scan of the whole text would; a match is no longer than *before* + *after*. Both
    run on *low* (``lowered(text)``, computed when not given) when it is there: the matches'
    groups are then in lower case, and the text's own spelling is *text* at their offsets."""
    if low is None:
        low = lowered(text)
    out: list[re.Match[str]] = []
    lo = hi = -1
    for h in hits.folded.finditer(text, low):
        a, b = max(0, h.start() - before), min(len(text), h.end() + after)
        if a <= hi:
            hi = max(hi, b)
            continue
        if hi > lo:
            out.extend(pattern.finditer(text, low, lo, hi))
        lo, hi = a, b
    if hi > lo:
        out.extend(pattern.finditer(text, low, lo, hi))
    return out


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    value: float
    currency: str
    text: str


_SPACES = re.compile(r"[ \u00a0\u202f]")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})*")


def parse_number(text: str, language: str = "en") -> float:
    """A number with thousands separators or a decimal comma, as written."""
    s = _SPACES.sub("", text)
    if "," in s and "." in s:
        s = s.replace(",", "")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        thousands = language == "en" and len(tail) == 3 and _THOUSANDS.fullmatch(s)
        s = s.replace(",", "") if thousands else f"{head.replace(',', '')}.{tail}"
    return float(s)


def scale_of(word: str | None) -> float:
    if not word:
        return 1.0
    key = word.lower().rstrip(".")
    return SCALES.get(key, 1.0)


def currency_of(word: str) -> str:
    w = word.lower()
    if "$" in w or "dollar" in w or "usd" in w or w.startswith("долл"):
        return "USD"
    if "eur" in w or "€" in w or "евро" in w:
        return "EUR"
    if w.startswith(("br", "byn", "byr", "belarusian", "белорусск", "бел.")):
        return "BYN"
    return "RUB"


def find_money(
    text: str, language: str = "en", offset: int = 0, low: str | None = None
) -> list[Money]:
    """Every money amount in *text*; offsets are shifted by *offset*; *low* is
    ``lowered(text)`` when the caller has it."""
    out: list[Money] = []
    for m in windowed(MONEY_FOLDED, CURRENCY_HIT, text, 60, 60, low):
        if m.group("word"):
            words = " ".join(m.group("word").lower().split())
            value = WORD_AMOUNTS[words]
            written = text[m.start() : m.end()]
            out.append(Money(m.start() + offset, m.end() + offset, value, "USD", written))
            continue
        number = m.group("n1") or m.group("n2")
        scale = m.group("s1") or m.group("s2")
        currency = m.group("pre") or m.group("post")
        if m.group("pre") and m.group("pre").lower() == "br" and not scale:
            continue
        try:
            value = parse_number(number, language) * scale_of(scale)
        except ValueError:
            continue
        written = text[m.start() : m.end()]
        out.append(
            Money(m.start() + offset, m.end() + offset, value, currency_of(currency), written)
        )
    return out


PERCENT = re.compile(
    rf"(?P<sign>[+\-−–](?=\d))?(?P<n>{NUMBER})\s?"
    r"(?:%|percent\b|per\s?cent\b|pct\b|процент\w*)",
    re.I,
)
TIMES = re.compile(rf"(?P<n>{NUMBER})[\s-]?(?:times\b|-?fold\b|раз(?:а)?\b)", re.I)


# --- every amount in an article, for the figure model (intake/figures.py) -------------------

_RU_WORDS: dict[str, float] = {
    "один": 1, "одна": 1, "одного": 1, "одном": 1, "два": 2, "две": 2, "двух": 2, "три": 3,
    "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5,
    "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9,
    "девяти": 9, "десять": 10, "десяти": 10, "двадцать": 20, "двадцати": 20, "тридцать": 30,
    "тридцати": 30, "сорок": 40, "сорока": 40, "пятьдесят": 50, "пятидесяти": 50,
    "шестьдесят": 60, "шестидесяти": 60, "семьдесят": 70, "семидесяти": 70,
    "восемьдесят": 80, "восьмидесяти": 80, "девяносто": 90, "девяноста": 90, "сто": 100,
    "ста": 100, "двести": 200, "двухсот": 200, "триста": 300, "трехсот": 300, "трёхсот": 300,
    "четыреста": 400, "четырехсот": 400, "пятьсот": 500, "пятисот": 500, "шестьсот": 600,
    "шестисот": 600, "семьсот": 700, "семисот": 700, "восемьсот": 800, "восьмисот": 800,
    "девятьсот": 900, "девятисот": 900, "полтора": 1.5, "полторы": 1.5, "полутора": 1.5,
}  # fmt: skip
_EN_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted({*_RU_WORDS, *_EN_WORDS} - {"a", "an"}, key=len, reverse=True))
_BIG = (
    r"(?:миллиард\w*|миллион\w*|тысяч\w*|триллион\w*|billions?|millions?|thousand|trillion|"
    r"млрд\.?|млн\.?|трлн\.?|тыс\.?)"
)
_CURRENCY_AFTER = (
    rf"\s*(?:(?:американских|amerikan)\s+)?{SUFFIX_CURRENCY}|\s*(?:of\s+)?(?:US\s+)?dollars"
)
AMOUNT = re.compile(
    # a compound of scales: "9 млрд 896 млн долл.", "38 млрд 607,6 млн долларов",
    # "265 млн 779 тыс. 632 доллара" (units only right before the currency)
    rf"(?<![\wа-яё.,])(?P<c1>{NUMBER})\s?(?P<cs1>млрд\.?|billion|bn|млн\.?|million|mln)\s+"
    rf"(?P<c2>{NUMBER})\s?(?P<cs2>млн\.?|million|mln|тыс\.?)(?:\s+(?P<c3>{NUMBER})\s?тыс\.?)?"
    rf"(?:\s+(?P<c4>\d{{1,3}})(?=\s?{SUFFIX_CURRENCY}))?(?:\s?(?P<ccur>{SUFFIX_CURRENCY}))?"
    # a range: "$250-290 млн", "315-320 million dollars", "12,5-13 миллиардов долларов"
    rf"|(?<![\wа-яё.,])(?P<rpre>{PREFIX_CURRENCY})?\s?(?P<lo>{NUMBER})\s?[-–—]\s?(?P<hi>{NUMBER})"
    rf"\s?(?P<rs>{SCALE}|{_BIG})(?:\s?(?P<rcur>{SUFFIX_CURRENCY}))?"
    # words: "семь миллиардов долларов", "ста пятидесяти миллиардов рублей", "three billion dollars"
    rf"|(?<![\wа-яё])(?P<w>(?:(?:{_NUMBER_WORD}|half\s+a|a|an|пол)\s*(?:and\s+a\s+half\s+)?)+)"
    rf"\s*(?P<ws>{_BIG})(?P<wcur>{_CURRENCY_AFTER})?(?![\wа-яё])"
    # a number with a scale word MONEY lacks: "2,355 триллиона рублей"
    rf"|(?<![\wа-яё.,])(?P<dn>{NUMBER})\s?(?P<ds>{_BIG})\s?(?P<dcur>{SUFFIX_CURRENCY})(?![\wа-яё])"
    # a number and a scale without a currency: "экспорт — 17 млн, импорт — почти 3 млн"
    rf"|(?P<bn>{NUMBER})\s?(?P<bs>млн\.?|млрд\.?|трлн\.?|million|billion|mln|bn)(?![\wа-яё])",
    re.IGNORECASE,
)
"""Amounts that :data:`MONEY` leaves out: compounds of scales, ranges, numbers in words and
numbers with a scale but no currency (kind ``compound``, ``range``, ``words``, ``bare``)."""
AMOUNT_FOLDED = Folded(lower_case(AMOUNT))


@dataclass(frozen=True)
class Amount:
    """A money amount anywhere in the text: :class:`Money` and how it was written."""

    money: Money
    kind: str
    """``digits`` (with a currency), ``compound``, ``range``, ``words`` or ``bare``."""


def _words_value(words: str) -> float | None:
    total, seen = 0.0, False
    tokens = words.lower().split()
    for i, w in enumerate(tokens):
        if w in ("half", "пол") or (w == "a" and i + 1 < len(tokens) and tokens[i + 1] == "half"):
            total = total + 0.5 if seen else 0.5
            seen = True
            continue
        if w in ("and",) or (w == "a" and i > 0 and tokens[i - 1] == "half"):
            continue
        if w == "hundred":
            total = (total or 1) * 100
            seen = True
            continue
        v = _RU_WORDS.get(w, _EN_WORDS.get(w))
        if v is None:
            return None
        total += v
        seen = True
    return total if seen else None


def find_amounts(text: str, language: str = "en") -> list[Amount]:
    """Every money amount in *text* in one pass of two patterns: those :func:`find_money`
    reads, and compounds, ranges, amounts in words and bare amounts (which take the currency
    of the amount before them, else US dollars) where those do not overlap one."""
    low = lowered(text)
    found = [Amount(m, "digits") for m in find_money(text, language, 0, low)]
    taken = [(a.money.start, a.money.end) for a in found]
    extra: list[Amount] = []
    for m in windowed(AMOUNT_FOLDED, SCALE_HIT, text, 90, 70, low):
        g = m.group
        span = (m.start(), m.end())
        if g("c1"):
            compound = _compound_value(m, language)
            if compound is None:  # its first number and scale alone, as a bare amount
                span = (m.start(), m.end("cs1"))
                try:
                    value = parse_number(g("c1"), language) * scale_of(g("cs1"))
                except ValueError:
                    continue
                cur, kind = None, "bare"
            else:
                value, cur, kind = compound, g("ccur"), "compound"
        elif g("lo"):
            try:
                value = parse_number(g("lo"), language) * _scale_word(g("rs"))
            except ValueError:
                continue
            cur, kind = g("rpre") or g("rcur"), "range"
        elif g("w"):
            n = _words_value(g("w"))
            if n is None:
                continue
            value, cur, kind = n * _scale_word(g("ws")), g("wcur"), "words"
        elif g("dn"):
            try:
                value = parse_number(g("dn"), language) * _scale_word(g("ds"))
            except ValueError:
                continue
            cur, kind = g("dcur"), "digits"
        else:
            try:
                value = parse_number(g("bn"), language) * scale_of(g("bs"))
            except ValueError:
                continue
            elided = _ELIDED_CURRENCY.match(text, m.end())
            cur, kind = (elided.group(1) if elided else None), "bare"
        overlaps = [t for t in taken if t[0] < span[1] and span[0] < t[1]]
        if overlaps and (kind == "bare" or not _wider(span, overlaps)):
            continue
        if overlaps:  # a compound or range that contains a digits amount replaces it
            found = [a for a in found if (a.money.start, a.money.end) not in overlaps]
        currency = currency_of(cur.strip()) if cur else ""
        written = text[span[0] : span[1]]
        extra.append(Amount(Money(span[0], span[1], value, currency, written), kind))
    out = sorted(found + extra, key=lambda a: a.money.start)
    last = "USD"
    for i, a in enumerate(out):  # an amount without a currency takes the one before it
        if a.money.currency:
            last = a.money.currency
            continue
        x = a.money
        out[i] = Amount(Money(x.start, x.end, x.value, last, x.text), a.kind)
    return out


_ELIDED_CURRENCY = re.compile(
    r"\s+(белорусск|российск|belarusian\b|russian\b)(?=[^.;]{0,60}?(?:рубл|ruble|rouble))",
    re.IGNORECASE,
)
"""A bare amount whose currency's adjective stands after it, the noun said once for two
amounts ("180 млн белорусских и 20 млн российских рублей"): the adjective names it."""


def _compound_value(m: re.Match[str], language: str) -> float | None:
    """The value of a compound of scales, each smaller than the one before ("9 млрд 896 млн",
    "265 млн 779 тыс. 632 доллара"); one of millions and thousands only with its currency
    ("5 млн 200 тыс. тонн" is no amount of money); else None."""
    g = m.group
    big, small = scale_of(g("cs1")), scale_of(g("cs2"))
    if small >= big or (g("c3") and small <= 1e3) or (big < 1e9 and not g("ccur")):
        return None
    try:
        value = parse_number(g("c1"), language) * big + parse_number(g("c2"), language) * small
        if g("c3"):
            value += parse_number(g("c3"), language) * 1e3
    except ValueError:
        return None
    return value + (int(g("c4")) if g("c4") else 0)


def _wider(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return all(span[0] <= a and b <= span[1] and (b - a) < (span[1] - span[0]) for a, b in others)


def _scale_word(word: str) -> float:
    w = word.lower().rstrip(".")
    for stem, value in (("трлн", 1e12), ("триллион", 1e12), ("trillion", 1e12),
                        ("млрд", 1e9), ("миллиард", 1e9), ("billion", 1e9), ("bn", 1e9),
                        ("bln", 1e9), ("млн", 1e6), ("миллион", 1e6), ("million", 1e6),
                        ("mln", 1e6), ("mn", 1e6), ("тыс", 1e3), ("thousand", 1e3), ("k", 1e3),
                        ("m", 1e6), ("b", 1e9)):  # fmt: skip
        if w.startswith(stem):
            return value
    return 1.0
