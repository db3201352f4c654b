"""Numbers, money and percentages as officials write them, in English and Russian.

"$334 million", "USD 1.2 billion", "68 млн долларов", "$1,2 млрд", "Br5.6 million",
"8.5 billion Russian rubles", "230 тысяч долларов". A decimal comma is a decimal point in
Russian text and in "1,2"; in English "1,200" is one thousand two hundred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])"

SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысяча": 1e3, "тысячи": 1e3,
    "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "млн": 1e6,
    "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "млрд": 1e9,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
    "trillion": 1e12, "трлн": 1e12,
}  # fmt: skip
SCALE = (
    r"(?:thousand|billions?|millions?|trillion|mln|mn|bln|bn|k|m|"
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


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    value: float
    currency: str
    text: str


def parse_number(text: str, language: str = "en") -> float:
    """A number with thousands separators or a decimal comma, as written."""
    s = re.sub(r"[ \u00a0\u202f]", "", text)
    if "," in s and "." in s:
        s = s.replace(",", "")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        thousands = language == "en" and len(tail) == 3 and re.fullmatch(r"\d{1,3}(,\d{3})*", s)
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


def find_money(text: str, language: str = "en", offset: int = 0) -> list[Money]:
    """Every money amount in *text*; offsets are shifted by *offset*."""
    out: list[Money] = []
    for m in MONEY.finditer(text):
        if m.group("word"):
            words = " ".join(m.group("word").lower().split())
            value = WORD_AMOUNTS[words]
            out.append(Money(m.start() + offset, m.end() + offset, value, "USD", m.group(0)))
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
        out.append(
            Money(m.start() + offset, m.end() + offset, value, currency_of(currency), m.group(0))
        )
    return out


PERCENT = re.compile(
    rf"(?P<sign>[+\-−–](?=\d))?(?P<n>{NUMBER})\s?"
    r"(?:%|percent\b|per\s?cent\b|pct\b|процент\w*)",
    re.I,
)
TIMES = re.compile(rf"(?P<n>{NUMBER})[\s-]?(?:times\b|-?fold\b|раз(?:а)?\b)", re.I)
