"""The nominative of a Russian surname the dictionary does not know, from its ending.

Why: natasha's dictionary knows the common surnames, and its guesser inflects an unknown one
like a common noun, with that noun's quirks: "Вовком" becomes "Вовок" (a fleeting vowel),
"Шапши" (genitive of a man's "Шапша") is read as a woman's word and left as it is, and an
adjectival surname it lacks ("Бельского") is no noun at all. A surname declines by one of a
few paradigms fixed by its ending and its bearer's sex (the textbook ones: adjectival
"-ский/-ая", possessive "-ов/-ова", "-а/-я" of the first declension, a consonant or "-ь/-й"
of the second; the rest, "-ко", "-ых", a woman's consonant, do not decline). Once the case
and sex are known from the first name, the ending alone gives the nominative.
"""

from __future__ import annotations

import re

_VELAR_HUSHING = "кгхжшщч"
_HUSHING = "жшщчц"
_VOWELS = "аеёиоуыэюя"

# (ending, replacement) pairs per sex and case, tried in order; the first that ends the
# word wins. A replacement in braces ("{cons}", "{soft}", …) is resolved by :func:`_resolve`
# from the letter before the ending.
_MASC: dict[str, list[tuple[str, str]]] = {
    "gent": [
        ("ского", "ский"),
        ("цкого", "цкий"),
        ("его", "ий"),
        ("ого", "{adj}"),
        ("ова", "ов"),
        ("ева", "ев"),
        ("ёва", "ёв"),
        ("ина", "ин"),
        ("ына", "ын"),
        ("а", "{cons}"),
        ("я", "{soft}"),
        ("ы", "а"),
        ("и", "{first}"),
    ],
    "datv": [
        ("скому", "ский"),
        ("цкому", "цкий"),
        ("ему", "ий"),
        ("ому", "{adj}"),
        ("у", "{cons}"),
        ("ю", "{soft}"),
        ("е", "{a}"),
    ],
    "ablt": [
        ("ским", "ский"),
        ("цким", "цкий"),
        ("овым", "ов"),
        ("евым", "ев"),
        ("ёвым", "ёв"),
        ("иным", "ин"),
        ("ыным", "ын"),
        ("ым", "ый"),
        ("им", "ий"),
        ("ом", "{cons}"),
        ("ем", "{em}"),
        ("ой", "а"),
        ("ей", "{ej}"),
    ],
    "loct": [
        ("ском", "ский"),
        ("цком", "цкий"),
        ("ем", "ий"),
        ("ом", "{adj}"),
        ("е", "{cons}"),
    ],
}
_MASC["accs"] = _MASC["gent"]
_FEMN: dict[str, list[tuple[str, str]]] = {
    "gent": [
        ("ской", "ская"),
        ("цкой", "цкая"),
        ("овой", "ова"),
        ("евой", "ева"),
        ("ёвой", "ёва"),
        ("иной", "ина"),
        ("ыной", "ына"),
        ("ой", "ая"),
        ("ы", "{a}"),
        ("и", "{first}"),
    ],
    "accs": [
        ("скую", "ская"),
        ("цкую", "цкая"),
        ("ую", "ая"),
        ("у", "а"),
        ("ю", "я"),
    ],
    "ablt": [
        ("ской", "ская"),
        ("цкой", "цкая"),
        ("ой", "а"),
        ("ей", "{ej}"),
    ],
}
_FEMN["datv"] = _FEMN["loct"] = [*_FEMN["gent"][:-2], ("е", "{a}")]

_POSSESSIVE_STEM = re.compile(r"(?:[оеё]в|[иы]н)$", re.IGNORECASE)
_UNDECLINED = re.compile(r"(?:[еиоуыэю]|[ыи]х)$")
"""A surname that keeps its form in every case ("Лукашенко", "Русских", "Шулейко")."""


def _resolve(stem: str, how: str) -> str | None:
    last = stem[-1:]
    if not last:
        return None
    if how == "{cons}":  # a consonant stem: "Вовк-а"; a cluster before "ц" had a vowel: "Кравц-а"
        if last in _VOWELS or last in "ьй":
            return None
        return stem[:-1] + "ец" if last == "ц" and stem[-2:-1] not in _VOWELS else stem
    if how == "{soft}":  # "Горбан-я" → "Горбань", "Гайде-я" → "Гайдей"; "-ая" is a woman's
        return None if last == "а" else stem + ("й" if last in _VOWELS else "ь")
    if how == "{first}":  # the first declension's "-и" after "к, г, х" or a hushing: "Шапш-и"
        return stem + "а" if last in _VELAR_HUSHING else None  # "Джалали" does not decline
    if how == "{em}":  # "Мясникович-ем", "Гайда-ем" → "Гайдай", "Горбан-ем" → "Горбань"
        return stem if last in _HUSHING else stem + ("й" if last in _VOWELS else "ь")
    if how == "{ej}":  # "Шапш-ей" → "Шапша", "Руден-ей" → "Руденя"
        return None if last in _VOWELS else stem + ("а" if last in _HUSHING else "я")
    if how == "{a}":  # "Шапш-е" → "Шапша"; a possessive stem has "-ой" there, not "-е"
        return None if _POSSESSIVE_STEM.search(stem) else stem + "а"
    if how == "{adj}":  # "Рус-ого" → "Русый", "Гладк-ого" → "Гладкий"
        return stem + ("ий" if last in _VELAR_HUSHING else "ый")
    return stem + how


def surname_nominative(word: str, case: str, gender: str | None) -> str | None:
    """The nominative of *word*, a surname in *case* of a bearer of *gender*, when its ending
    is one a surname of that sex has in that case; ``None`` otherwise (an undeclined surname,
    or an ending no paradigm gives). Letters keep *word*'s capitals."""
    table = (_FEMN if gender == "femn" else _MASC).get(case)
    if not table:
        return None
    low = word.lower()
    for ending, how in table:
        if low.endswith(ending) and len(low) > len(ending) + 1:
            new = _resolve(low[: -len(ending)], how)
            if new is None:
                continue
            return word[:1] + new[1:] if word[:1].isupper() else new
    return None


def possessive(nominative: str) -> bool:
    """Whether a surname in the nominative is of the possessive kind ("Иванов", "Ильина")."""
    return _POSSESSIVE_STEM.search(nominative.removesuffix("а")) is not None


def undeclined(word: str, gender: str | None) -> bool:
    """Whether *word* reads as a surname that does not decline for a bearer of *gender*: an
    ending such as "-ко" or "-ых", or, for a woman, a consonant ("Войтик")."""
    low = word.lower()
    if _UNDECLINED.search(low):
        return True
    return gender == "femn" and low[-1:] not in _VOWELS
