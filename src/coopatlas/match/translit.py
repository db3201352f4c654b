"""Transliteration both ways, and a spelling-blind key that all romanisations share.

Registry names and user queries use several romanisations of the same Cyrillic name: GOST
7.79-2000 system B (``Osipovichskij``), BGN/PCGN (``Osipovichskiy``), the Belarusian Latin
alphabet (``Asipovičy``), and loose everyday forms (``Bobruisk``/``Babruysk``). Instead of
guessing which one a user typed, :func:`skeleton` maps every form to one coarse Latin key
(vowel-length, palatalisation and digraph differences removed), so two spellings of one name
get the same or a close key. :func:`to_latin` and :func:`to_cyrillic` are the plain
transliterations, used for display and for names registered in one script only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Cyrillic -> Latin, per scheme (lower case; upper case is derived)
_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f",
}  # fmt: skip
SCHEMES: dict[str, dict[str, str]] = {
    "gost": {
        **_COMMON, "ё": "yo", "ж": "zh", "й": "j", "х": "x", "ц": "cz", "ч": "ch", "ш": "sh",
        "щ": "shh", "ъ": "``", "ы": "y`", "ь": "`", "э": "e`", "ю": "yu", "я": "ya", "і": "i",
        "ў": "u`",
    },
    "bgn": {
        **_COMMON, "ё": "yo", "ж": "zh", "й": "y", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
        "ў": "w",
    },
    "by": {  # Belarusian Latin alphabet (łacinka, the 2007 geographic-names form)
        **_COMMON, "г": "h", "ё": "io", "ж": "ž", "й": "j", "х": "ch", "ц": "c", "ч": "č",
        "ш": "š", "щ": "šč", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
        "і": "i", "ў": "ŭ", "е": "ie",
    },
}  # fmt: skip
_CYR = re.compile(r"[А-Яа-яЁёІіЎў]")


def has_cyrillic(text: str) -> bool:
    return bool(_CYR.search(text))


def to_latin(text: str, scheme: str = "bgn") -> str:
    """*text* with its Cyrillic letters romanised by *scheme* (gost, bgn or by)."""
    table = SCHEMES[scheme]
    out = []
    for ch in text:
        low = ch.lower()
        rep = table.get(low)
        if rep is None:
            out.append(ch)
        else:
            out.append(rep.capitalize() if ch != low and rep else rep)
    return "".join(out)


# Latin -> Cyrillic: longest digraphs first; covers the forms of all three schemes
_BACK = [
    ("shch", "щ"), ("shh", "щ"), ("šč", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"),
    ("ts", "ц"), ("cz", "ц"), ("yo", "ё"), ("yu", "ю"), ("ya", "я"), ("ju", "ю"), ("ja", "я"),
    ("iu", "ю"), ("ia", "я"), ("ž", "ж"), ("č", "ч"), ("š", "ш"), ("ŭ", "ў"), ("w", "в"),
    ("x", "кс"), ("c", "ц"), ("j", "й"), ("y", "ы"), ("h", "г"), ("q", "к"),
    *((v, k) for k, v in _COMMON.items()),
]  # fmt: skip
_BACK_RE = re.compile("|".join(re.escape(a) for a, _ in _BACK))
_BACK_MAP = dict(_BACK)


def to_cyrillic(text: str) -> str:
    """A Russian-looking Cyrillic spelling of romanised *text* (lower case; for matching)."""
    low = text.lower()
    low = re.sub(r"iy\b|yy\b|ij\b|yj\b", "ий", low)  # adjective endings -skiy/-skij
    return _BACK_RE.sub(lambda m: _BACK_MAP[m.group(0)], low)


# skeleton: one coarse key for every spelling
_SKELETON_RULES = [
    (r"shch|shh|sch|šč", "s"), (r"zh|ž", "z"), (r"ch|č|tch|cz|ts|tz|c", "c"),
    (r"sh|š", "s"), (r"kh|x|h|g", "g"), (r"ŭ|w", "v"), (r"(?:[yji]|ь)?[eé]", "e"),
    (r"yo|io|jo|ë", "o"), (r"yu|iu|ju", "u"), (r"ya|ia|ja", "a"),
    (r"iy|ij|yi|ii|yy|y|j", "i"), (r"[`'’ʹʺ]", ""), (r"(.)\1+", r"\1"),
]  # fmt: skip
_SKELETON_RE = [(re.compile(a), b) for a, b in _SKELETON_RULES]


@lru_cache(maxsize=500_000)
def skeleton(word: str) -> str:
    """A coarse Latin key of *word* shared by its Cyrillic form and its romanisations."""
    low = word.lower()
    if has_cyrillic(low):
        low = to_latin(low.replace("ё", "е"), "bgn")
    low = unicodedata.normalize("NFKD", low)
    low = "".join(c for c in low if not unicodedata.combining(c) or c in "̌̆")
    low = unicodedata.normalize("NFC", low)
    for pattern, repl in _SKELETON_RE:
        low = pattern.sub(repl, low)
    # Belarusian akanye and Russian unstressed vowels: o/a differ between the languages
    return low.replace("o", "a")


_NAME_END = re.compile(
    r"(?:sk(?:i|a|aia|aga|ai|ie|ae|im|ig|amu|uu)?|av|ev|in|im|am|ami|imi|ig|i|a|e|u|ai)$"
)
"""Endings after :func:`skeleton` (where o is a): -ov/-ev of a genitive plural or a place
(МАЗов, Rostov) as well as the adjective and case endings."""


@lru_cache(maxsize=500_000)
def name_stem(word: str) -> str:
    """:func:`skeleton` without the endings that differ between a place and its adjective
    (Бобруйский/Bobruisk, Осиповичский/Osipovichi, Ростовский/Rostov), nor case endings
    (МАЗа, МАЗов); stripped twice at most, never below three letters."""
    key = skeleton(word)
    for _ in range(2):
        stem = _NAME_END.sub("", key)
        if len(stem) < 3 or stem == key:
            break
        key = stem
    return key
