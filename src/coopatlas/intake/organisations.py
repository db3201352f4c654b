"""Russian organisations the registry does not know, by a small grammar of how the genre
names them, with natasha's morphology for the case.

Two shapes cover the genre:

- **a kind, then quoted names**: a word naming a kind of organisation (by its lemma: завод,
  комбинат, холдинг, концерн, компания, разрез…, or a legal form: ОАО, ПАО, АО, ТПК…), then a
  name in quotes of any style («…», "…", „…“), or several joined by commas and "и" ("совместные
  предприятия «Амкодор», «Брянсксельмаш»"). The quoted name is the organisation's; a legal
  form stays part of the mention ("ОАО «ЕлАЗ»").
- **a place adjective, more adjectives, a kind** in any case ("Волжского абразивного
  завода" → "Волжский абразивный завод"), and two such sharing the noun ("Мурашинский и
  Вятский фанерные комбинаты" → two combines); put in the nominative singular by morphology.
"""

from __future__ import annotations

import re
from functools import lru_cache

KIND_LEMMAS = frozenset(
    [
        "завод",
        "комбинат",
        "холдинг",
        "агрохолдинг",
        "компания",
        "госкорпорация",
        "корпорация",
        "предприятие",
        "фабрика",
        "птицефабрика",
        "концерн",
        "объединение",
        "разрез",
        "шахта",
        "кооператив",
        "фирма",
        "агрофирма",
        "агрокомбинат",
        "группа",
        "общество",
        "производство",
        "техноцентр",
        "дом",
        "организация",
        "производитель",
        "изготовитель",
        "поставщик",
    ]
)
"""Lemmas of the words that name a kind of organisation before its quoted name."""
LEGAL_FORMS = frozenset(
    [
        "ОАО",
        "ПАО",
        "АО",
        "ООО",
        "ЗАО",
        "ТПК",
        "СП",
        "ПО",
        "НПО",
        "ГК",
        "УП",
        "РУП",
        "ОДО",
        "ЧУП",
        "СООО",
        "ИООО",
        "ИП",
        "ГУП",
        "МУП",
        "АПК",
        "НПП",
    ]
)
"""Legal forms, written before the quoted name and kept in the mention."""
PLANT_LEMMAS = frozenset(["завод", "комбинат", "фабрика"])
"""Kinds named by adjectives alone ("Минский тракторный завод")."""

_QUOTED = re.compile(r"«([^«»\n]{2,60})»|\"([^\"\n]{2,60})\"|„([^„“”\n]{2,60})[“”]")
_WORD_BEFORE = re.compile(r"([А-ЯЁа-яё]+)\s*$")
_LIST_GAP = re.compile(r"\s*,\s*|\s+и\s+|\s*,\s+и\s+")
_ENDINGS = r"(?:ий|ый|ой|ая|ое|ого|ому|им|ым|ом|ей|ую|ые|ых|ие|их|ыми|ими)"
"""Endings of an adjective in any case, gender and number."""
_PLANT = re.compile(
    rf"(?<![А-ЯЁа-яё\-])(?P<first>[А-ЯЁ][а-яё]*(?:-[а-яё]+)*{_ENDINGS})"
    rf"(?:\s+и\s+(?P<second>[А-ЯЁ][а-яё]*(?:-[а-яё]+)*{_ENDINGS}))?"
    rf"(?P<rest>(?:\s+[а-яё]+{_ENDINGS}){{0,2}})"
    r"\s+(?P<noun>(?:завод|комбинат|фабрик)[а-яё]*)(?![А-ЯЁа-яё])"
    r"(?P<tail>\s+«[^»]{2,40}»|\s+[а-яё]+(?:ой|ых|ого)\s+[а-яё]+(?:ии|и|а|ов|ых)(?![а-яё]))?"
)
"""A plant named by adjectives: "Волжского абразивного завода", "Минский завод гражданской
авиации", "Щучинский завод «Автопровод»"."""


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    from coopatlas.intake.names import _vocab

    forms = _vocab().parse(word.lower())
    return str(forms[0].normal_form) if forms else word.lower()


def _kind_before(text: str, start: int) -> tuple[int, str] | None:
    """The kind word right before a quoted name, as (its start, the word)."""
    m = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    if m is None:
        return None
    word = m.group(1)
    if word in LEGAL_FORMS or (word.islower() and _lemma(word) in KIND_LEMMAS):
        return start - len(m.group(0)), word
    return None


def quoted_organisations(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, mention) of each quoted name after a kind of organisation."""
    quoted = [
        (m.start(), m.end(), next(g for g in m.groups() if g)) for m in _QUOTED.finditer(text)
    ]
    out: list[tuple[int, int, str, str]] = []
    previous_taken = -1
    for k, (start, end, name) in enumerate(quoted):
        name = name.strip()
        kind = _kind_before(text, start)
        in_list = (
            previous_taken == k - 1
            and k > 0
            and _LIST_GAP.fullmatch(text[quoted[k - 1][1] : start])
        )
        if kind is None and not in_list and not _in_quoted_list(text, quoted, k):
            continue
        previous_taken = k
        if kind is not None and kind[1] in LEGAL_FORMS:
            out.append((kind[0], end, name, f"{kind[1]} «{name}»"))
        else:
            out.append((start, end, name, text[(kind[0] if kind else start) : end]))
    return out


def _in_quoted_list(text: str, quoted: list[tuple[int, int, str]], k: int) -> bool:
    """Whether quoted name *k* is one of three or more joined by commas and "и" ("«Институт
    стекла», «Резинотехника», «Моссар» и «Сигнал»"): the genre lists organisations so."""
    first = last = k
    while first > 0 and _LIST_GAP.fullmatch(text[quoted[first - 1][1] : quoted[first][0]]):
        first -= 1
    while last + 1 < len(quoted) and _LIST_GAP.fullmatch(
        text[quoted[last][1] : quoted[last + 1][0]]
    ):
        last += 1
    return last - first >= 2


_ACRONYM_PLANT = re.compile(
    r"(?<![\w\-«\"„])([А-ЯЁ](?:[А-ЯЁ]|[а-яё](?=[А-ЯЁ])){1,5}З)(?:а|у|ом|е|ы)?(?![\w\-])"
)
NOT_PLANTS = {"ВУЗ", "ФЗ", "ГЗ"}
"""Acronyms ending in З that name no plant (a university, a federal law)."""


def acronym_plants(text: str) -> list[tuple[int, int, str, str]]:
    """Plants named by an acronym ending in З, for завод ("УАЗ", "нашего ГРАЗа", "ОАО
    «ЕлАЗ»"), in the nominative (the case ending dropped)."""
    return [
        (m.start(), m.end(), m.group(1), m.group(0))
        for m in _ACRONYM_PLANT.finditer(text)
        if m.group(1) not in NOT_PLANTS
    ]


@lru_cache(maxsize=50_000)
def _nominative(word: str, gender: str | None) -> str:
    from coopatlas.intake.names import _inflect, _like, _vocab

    forms = _vocab().parse(word.lower())
    if not forms:
        return word
    grams = {"nomn", "sing"} | ({gender} if gender else set())
    adjective = next((f for f in forms if f.tag.POS == "ADJF"), None)
    form = adjective or forms[0]
    new = _inflect(form, grams) or _inflect(form, {"nomn", "sing"})
    return _like(new, word) if new else word


def plant_names(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, mention) of plants named by adjectives, in the nominative."""
    from coopatlas.intake.names import _vocab

    out = []
    for m in _PLANT.finditer(text):
        noun = m.group("noun")
        forms = [f for f in _vocab().parse(noun) if str(f.normal_form) in PLANT_LEMMAS]
        if not forms:
            continue
        head = str(forms[0].normal_form)
        gender = "femn" if head == "фабрика" else "masc"
        rest = [_nominative(w, gender) for w in m.group("rest").split()]
        for group in ("first", "second"):
            if m.group(group):
                words = [_nominative(m.group(group), gender), *rest, head]
                name = " ".join(words) + (m.group("tail") or "")
                out.append((m.start(), m.end(), name, m.group(0)))
    return out
