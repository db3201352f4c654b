"""Russian personal names in the nominative, with natasha's morphology (MorphVocab).

The case of a name in a sentence ("с губернатором … Игорем Артамоновым", "визит Алексея
Текслера") is read from the first name, whose analyses the dictionary knows: the analysis
tagged ``Name`` gives the case and the gender. Each word is then put in the nominative with
the analysis of its role (``Name``, ``Patr``, ``Surn``) in that case and gender; a surname the
dictionary lacks is inflected like a noun of that case and gender ("Коньковым" → "Коньков").
MorphVocab loads its dictionaries once (under a second), only when a Russian name is read; the
results are cached per name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@lru_cache(maxsize=1)
def _vocab() -> Any:
    from natasha import MorphVocab

    return MorphVocab()


def _inflect(form: Any, grams: set[str]) -> str | None:
    from pymorphy2.analyzer import Parse

    new = Parse.inflect(form, grams)
    return None if new is None else str(new.word)


def _like(word: str, template: str) -> str:
    """*word* with the capitals of *template* ("артамонов" → "Артамонов", "Римского-Корсакова")."""
    parts, shapes = word.split("-"), template.split("-")
    return "-".join(
        p[:1].upper() + p[1:] if i < len(shapes) and shapes[i][:1].isupper() else p
        for i, p in enumerate(parts)
    )


def _case_and_gender(first: str) -> tuple[str, str | None] | None:
    forms = [f for f in _vocab().parse(first) if "Name" in f.tag and f.tag.case in CASES]
    if not forms:
        return None
    # prefer the reading the surname can share (a masculine -ем, a feminine -ой)
    best = forms[0]
    return str(best.tag.case), (str(best.tag.gender) if best.tag.gender else None)


def _word_nominative(word: str, role: str, case: str, gender: str | None) -> str:
    if case == "nomn":
        return word
    forms = _vocab().parse(word)

    def fits(f: Any, need_role: bool) -> bool:
        if f.tag.case != case or f.tag.number == "plur":
            return False
        if gender and f.tag.gender and f.tag.gender != gender:
            return False
        return role in f.tag if need_role else f.tag.POS == "NOUN" or role in f.tag

    for need_role in (True, False):
        for f in forms:
            if fits(f, need_role):
                grams = {"nomn", "sing"} | ({gender} if gender else set())
                new = _inflect(f, grams) or _inflect(f, {"nomn"})
                if new:
                    return _like(new, word)
    return _possessive_surname(word, case, gender)


_POSSESSIVE = {  # -ов/-ев/-ин/-ын surnames decline like short adjectives (Иванов, Ильин)
    "masc": {"gent": "а", "datv": "у", "accs": "а", "ablt": "ым", "loct": "е"},
    "femn": {"gent": "ой", "datv": "ой", "accs": "у", "ablt": "ой", "loct": "ой"},
}


def _possessive_surname(word: str, case: str, gender: str | None) -> str:
    """A surname the dictionary lacks ("Коньковым", "Травникова"), when it is of the
    possessive kind; any other word is kept as it is."""
    ending = _POSSESSIVE.get(gender or "masc", {}).get(case)
    if not ending or not word.endswith(ending):
        return word
    stem = word[: -len(ending)]
    if not stem.endswith(("ов", "ев", "ёв", "ин", "ын")) or len(stem) < 4:
        return word
    return stem if gender != "femn" else stem + "а"


@lru_cache(maxsize=4096)
def nominative_ru(words: tuple[str, ...]) -> tuple[str, ...]:
    """A Russian name (first name, optional patronymic, surname) in the nominative; as given
    when the first name's case cannot be read."""
    if len(words) < 2:
        return words
    found = _case_and_gender(words[0])
    if found is None:
        return words
    case, gender = found
    roles = ["Name", "Patr", "Surn"] if len(words) == 3 else ["Name", "Surn"]
    return tuple(_word_nominative(w, r, case, gender) for w, r in zip(words, roles, strict=False))


_PAIR = re.compile(
    r"(?<![А-ЯЁа-яё\-])([А-ЯЁ][а-яё]{2,})\s+(?:([А-ЯЁ][а-яё]+(?:вич|вна|ична|ич)[а-яё]{0,3})\s+)?"
    r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?![а-яё])"
)


def _is_first_name(word: str) -> bool:
    """A first name: the dictionary reads the word as a given name ("Роман" too)."""
    return any("Name" in f.tag for f in _vocab().parse(word))


def _is_surname(word: str) -> bool:
    """A surname: read as one, or unknown to the dictionary, or a common noun ("Богомаз");
    not a place, an organisation or a word of another part of speech."""
    forms = _vocab().parse(word)
    if any("Surn" in f.tag for f in forms[:3]):
        return True
    top = forms[0]
    if "Patr" in top.tag:
        return False
    if "Geox" in top.tag or "Orgn" in top.tag or "Name" in top.tag:
        return False
    return not top.is_known or top.tag.POS == "NOUN"


def find_russian_names(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """People named without a title ("Александр Лукашенко и Игорь Артамонов обсудили…",
    "встреча Алексея Русских и Дмитрия Крутого"): a first name (by the dictionary), an
    optional patronymic and a surname; each in the nominative."""
    out = []
    for m in _PAIR.finditer(text):
        first, patronymic, last = m.group(1), m.group(2), m.group(3)
        if not _is_first_name(first) or not _is_surname(last):
            continue
        words = (first, patronymic, last) if patronymic else (first, last)
        out.append((m.start(), m.end(), nominative_ru(words)))
    return out


_LATIN_TO_CYRILLIC = [
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("iy", "ий"), ("yi", "ий"),
    ("ey", "ей"), ("ei", "ей"), ("ay", "ай"), ("oy", "ой"), ("x", "кс"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
    ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
    ("h", "х"), ("c", "к"), ("y", "ий"), ("q", "к"),
]  # fmt: skip
_CONSONANTS = "бвгджзйклмнпрстфхцчшщ"


def cyrillic_spellings(word: str) -> list[str]:
    """Cyrillic spellings a romanised Russian or Belarusian first name may come from
    ("Vyacheslav" → "вячеслав", "Natalya" → "наталья", "Igor" → "игорь", "Alexander" →
    "александр"): the romanisation drops the soft sign and varies some vowels."""
    w, out, i = word.lower(), [], 0
    while i < len(w):
        for latin, cyr in _LATIN_TO_CYRILLIC:
            if w.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(w[i])
            i += 1
    base = "".join(out)
    variants = {base, base.replace("ер", "р") if base.endswith("ер") else base}
    for v in list(variants):
        for k in range(1, len(v)):
            if v[k] == "я" and v[k - 1] in _CONSONANTS:  # Natalya: the soft sign before я
                variants.add(v[:k] + "ь" + v[k:])
        if v[-1] in _CONSONANTS:
            variants.add(v + "ь")  # Igor
        variants.add(v.replace("аи", "ай"))
    return sorted(variants)


@lru_cache(maxsize=4096)
def latin_first_name(word: str) -> bool:
    """Whether the Russian dictionary reads one of the word's Cyrillic spellings as a given
    name, and as nothing else first."""
    for spelling in cyrillic_spellings(word):
        forms = _vocab().parse(spelling)
        top = forms[0] if forms else None
        if top is not None and top.is_known and "Name" in top.tag and top.tag.case == "nomn":
            return True
    return False


_AFTER_CAPITAL = r"[a-z]{2,}(?:-[A-Z][a-z]+)?(?![\w’'\-])"
_PAIR_EN = re.compile(rf"([A-Z](?<![\w’'.\-][A-Z]){_AFTER_CAPITAL}) (?=([A-Z]{_AFTER_CAPITAL}))")
"""A capitalised word (not after a letter, a dot or a hyphen), one space and another: the
second is matched by the lookahead, so that it can be the first of the next pair. The
lookbehind comes after the capital (the same condition) so that the pattern starts with a
letter class and ``re`` skips to the capitals."""


def find_english_names(text: str, stop: set[str]) -> list[tuple[int, int, tuple[str, str]]]:
    """People named without a title in English ("Presidents of Belarus and Russia Alexander
    Lukashenko and Vladimir Putin"): a first name the Russian dictionary knows once written in
    Cyrillic again, then, after a single space, a capitalised surname not in *stop*."""
    out = []
    for pair in _PAIR_EN.finditer(text):
        first, last = pair.group(1), pair.group(2)
        if first.lower() in stop or last.lower() in stop or not latin_first_name(first):
            continue
        if latin_first_name(last):  # "… Russia Alexander Lukashenko": the pair after it
            continue
        out.append((pair.start(), pair.end(2), (first, last)))
    return out
