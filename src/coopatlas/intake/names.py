"""Russian personal names in the nominative, with natasha's morphology (MorphVocab).

The case of a name in a sentence ("с губернатором … Игорем Артамоновым", "визит Алексея
Текслера") is read from the first name, whose analyses the dictionary knows: the analysis
tagged ``Name`` gives the case and the gender. Each word is then put in the nominative with
the analysis of its role (``Name``, ``Patr``, ``Surn``) in that case and gender; a surname the
dictionary lacks is put back by the paradigm its ending and its bearer's sex give
(:mod:`~coopatlas.intake.surnames`: "Коньковым" → "Коньков", "Шапши" → "Шапша").
MorphVocab loads its dictionaries once (under a second), only when a Russian name is read; the
results are cached per name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from coopatlas.intake.surnames import possessive, surname_nominative, undeclined

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


def _surname_fit(word: str, case: str, gender: str | None) -> int:
    """How well a surname reads in *case* for a bearer of *gender*: 2 when it has that case's
    form, by the dictionary ("Коновалова": genitive masculine or nominative feminine) or by
    its ending (:mod:`~coopatlas.intake.surnames`); 1 when it is a surname that does not
    decline ("Лукашенко", "Войтик" for a woman), so any case; 0 when it cannot be."""
    forms = [f for f in _vocab().parse(word) if f.tag.number != "plur"]
    told = [f for f in forms if "Surn" in f.tag or (f.is_known and f.tag.POS in ("ADJF", "NOUN"))]
    if any(f.tag.case == case and (gender is None or f.tag.gender in (gender, None))
           for f in told):  # fmt: skip
        return 2
    if case == "nomn" and not undeclined(word, gender):
        return 0 if gender == "femn" and _MAN_ONLY.search(word) else 2
    if surname_nominative(word, case, gender) is not None:
        return 2
    return 1 if undeclined(word, gender) else 0


_MAN_ONLY = re.compile(r"(?:[ое]в|ин|ын|[сц]кий|[ыо]й)$", re.IGNORECASE)
"""Endings of a man's surname in the nominative that a woman's never has."""


def _name_readings(word: str) -> list[tuple[str, str | None]]:
    """The (case, sex) a word can have as a person's first name, in the dictionary's order."""
    return [
        (str(f.tag.case), str(f.tag.gender) if f.tag.gender else None)
        for f in _vocab().parse(word)
        if "Name" in f.tag and f.tag.case in CASES and f.tag.number != "plur"
    ]


def _case_and_gender(
    first: str, last: str | None = None, cases: frozenset[str] | None = None
) -> tuple[str, str | None] | None:
    """The case and gender of a name, from its first name's analyses: those its surname can
    share ("Валентина Коновалова" is either, "Валерия Городецкая" a woman), and of those, one
    in a case the title before it has ("главе Хакасии Валентину Коновалову": dative, so a
    man); the dictionary's first otherwise."""
    readings = _name_readings(first)
    if not readings:
        return None
    if last is not None:
        fit = {r: _surname_fit(last, *r) for r in readings}
        best = max(fit.values())
        readings = [r for r in readings if fit[r] == best] if best else readings
    if cases:
        readings = [r for r in readings if r[0] in cases] or readings
    return readings[0]


def _word_nominative(word: str, role: str, case: str, gender: str | None) -> str:
    """*word*, a first name, patronymic or surname (*role*) in *case*, in the nominative. A
    surname is inflected by the dictionary where it knows it (as a surname, or as the noun or
    adjective it is: "Сокола", "Бельского"), else by its ending; a guess of the dictionary's
    would decline it like a common noun ("Вовком" → "Вовок")."""
    if case == "nomn":
        return word
    forms = _vocab().parse(word)

    def fits(f: Any, need_role: bool) -> bool:
        if f.tag.case != case or f.tag.number == "plur":
            return False
        if gender and f.tag.gender and f.tag.gender != gender:
            return False
        if need_role:
            return role in f.tag
        if role == "Surn":
            return f.is_known and f.tag.POS in ("NOUN", "ADJF")
        return f.tag.POS == "NOUN" or role in f.tag

    by_ending = surname_nominative(word, case, gender) if role == "Surn" else None
    for need_role in (True, False):
        if not need_role and by_ending and possessive(by_ending):
            return by_ending  # "Травниковым" is a surname before it is an adjective
        for f in sorted(forms, key=lambda f: -len(f.normal_form) if role == "Name" else 0):
            if fits(f, need_role):  # a name before its short variant ("Игорь", not "Игор")
                grams = {"nomn", "sing"} | ({gender} if gender else set())
                new = _inflect(f, grams) or _inflect(f, {"nomn"})
                if new:
                    return _like(new, word)
    return by_ending or word


def word_cases(word: str) -> frozenset[str]:
    """The cases a (title) word may be in ("главе": dative or prepositional)."""
    return frozenset(str(f.tag.case) for f in _vocab().parse(word.lower()) if f.tag.case in CASES)


@lru_cache(maxsize=4096)
def nominative_ru(words: tuple[str, ...], cases: frozenset[str] | None = None) -> tuple[str, ...]:
    """A Russian name (first name, optional patronymic, surname) in the nominative; as given
    when the first name's case cannot be read. *cases*: those the title before the name may
    be in (a name in apposition takes its title's case)."""
    if len(words) < 2:
        return words
    found = _case_and_gender(words[0], words[-1], cases)
    if found is None:
        return words
    case, gender = found
    roles = ["Name", "Patr", "Surn"] if len(words) == 3 else ["Name", "Surn"]
    return tuple(_word_nominative(w, r, case, gender) for w, r in zip(words, roles, strict=False))


_PAIR = re.compile(
    r"(?<![А-ЯЁа-яё\-])([А-ЯЁ][а-яё]{2,})\s+"
    r"(?:([А-ЯЁ][а-яё]+(?:(?:вич|ич)(?:а|у|ем|е)?|(?:вн|ичн)(?:а|ы|е|у|ой)))\s+)?"
    r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?![а-яё])"
)


@lru_cache(maxsize=20_000)
def may_begin_name(word: str) -> bool:
    """Whether a capitalised Russian word may begin a person's name after a post: a first
    name by the dictionary, or a word it does not know ("Шолбан"); not a word of the post
    ("Чрезвычайным и Полномочным Послом")."""
    forms = _vocab().parse(word)
    return any("Name" in f.tag for f in forms) or not forms[0].is_known


@lru_cache(maxsize=20_000)
def nominative_word(word: str) -> tuple[str, bool] | None:
    """A title's word in the nominative singular, and whether it is a noun (the head)."""
    forms = _vocab().parse(word)
    if not forms:
        return None
    form = forms[0]
    new = _inflect(form, {"nomn", "sing"}) or _inflect(form, {"nomn"})
    if form.tag.case == "nomn" or "Fixd" in form.tag:  # already ("замминистра" does not decline)
        new = word.lower()
    if new is None:
        return word, form.tag.POS == "NOUN"
    return _like(new, word), form.tag.POS == "NOUN"


_SPEAKING = re.compile(
    r"(?:(?:(?<=[,—–-]\s)|(?<=[Кк]ак\s))(?:заявил|отметил|сказал|подчеркнул|сообщил|добавил|"
    r"пояснил)а?\s+"
    r"(?P<after>[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ][а-яё]+)?)(?=[\s.,!?])"
    r"|(?<![А-ЯЁа-яё\-.])(?!Как\s)(?P<before>[А-ЯЁ][а-яё]{2,})\s+"
    r"(?:заявил|отметил|считает|сказал|подчеркнул|сообщил|добавил|пояснил|уверен|предложил)"
    r"а?(?![а-яё]))"
)


_SPEECH_VERB = re.compile(
    r"заявил|отметил|считает|сказал|подчеркнул|сообщил|добавил|пояснил|уверен|предложил"
)


def speaking_surnames(text: str) -> list[str]:
    """Surnames that speak by themselves ("— заявил Рыжковский", "Лукашенко считает"): the
    dictionary reads the word as a surname in the nominative, or does not know it, or it
    follows the verb and declines like an adjective ("Рыжковский", "Крутой")."""
    out: list[str] = []
    if not _SPEECH_VERB.search(text):
        return out
    for m in _SPEAKING.finditer(text):
        word = m.group("after") or m.group("before")
        if m.group("before") and re.search(
            r"[А-ЯЁ][а-яё]+\s$", text[max(0, m.start() - 30) : m.start()]
        ):
            continue  # "Александр Лукашенко считает": the full name is read elsewhere
        forms = _vocab().parse(word)
        surname = any("Surn" in f.tag and f.tag.case == "nomn" for f in forms)
        if re.match(r"\s+[А-ЯЁ]", text[m.end() :]) or _is_first_name(word):
            continue  # "заявил Роман Головченко": a full name, read as one elsewhere
        if _organisation_like(word, forms):
            continue  # "сообщил Белстат", "— говорится в Минпромторге"
        after_verb = m.group("after") is not None and forms[0].tag.POS == "ADJF"
        # "— заявил Рыжковский": after the verb, a capitalised adjective is a surname
        if (surname or after_verb or not forms[0].is_known) and word not in out:
            out.append(word)
    return out


_AGENCY_PREFIX = re.compile(r"(?:Бел|Рос|Мин|Гос|Нац)[а-яё]{3,}")


def _organisation_like(word: str, forms: list[Any]) -> bool:
    """Whether a word the dictionary does not know reads as an organisation: guessed with
    the organisation tag ("Белгазпромбанк", "Минпромторг"), or a state body's compound, a
    "Бел-", "Рос-", "Мин-" prefix on a stem not read as a surname ("Белстат", "Росстат")."""
    if forms[0].is_known:
        return False
    if any("Orgn" in f.tag for f in forms[:2]):
        return True
    return bool(_AGENCY_PREFIX.fullmatch(word)) and "Surn" not in forms[0].tag


@lru_cache(maxsize=20_000)
def is_common_word_ru(word: str) -> bool:
    """Whether the dictionary reads a Cyrillic word first as an adjective, participle, verb or
    other word that never names an organisation by itself ("Государственном")."""
    if not re.fullmatch(r"[А-ЯЁа-яё]+", word):
        return False
    form = _vocab().parse(word.lower())[0]
    return form.is_known and form.tag.POS in ("ADJF", "ADJS", "PRTF", "VERB", "ADVB", "NPRO")


@lru_cache(maxsize=20_000)
def is_verb(word: str) -> bool:
    """Whether the dictionary reads a word first as a verb ("отметил", "встретился"): a
    post never contains one, so the post before a name ends there."""
    forms = _vocab().parse(word.lower())
    return bool(forms) and forms[0].tag.POS in ("VERB", "INFN", "GRND")


def first_name_ru_word(word: str) -> bool:
    """Whether a Cyrillic word is a first name by the dictionary (False for Latin words)."""
    return bool(re.fullmatch(r"[А-ЯЁа-яё\-]+", word)) and _is_first_name(word)


@lru_cache(maxsize=50_000)
def _is_first_name(word: str) -> bool:
    """A first name: the dictionary reads the word as a given name ("Роман" too)."""
    return any("Name" in f.tag for f in _vocab().parse(word))


@lru_cache(maxsize=50_000)
def _is_surname(word: str) -> bool:
    """A surname after a first name: read as one, or unknown to the dictionary, or a common
    noun ("Богомаз"), an adjective ("Русских") or a patronymic's form the dictionary guesses
    (Belarusian surnames: "Матусевич"); not a place, an organisation, a first name or a
    patronymic it knows ("Александр Григорьевич")."""
    forms = _vocab().parse(word)
    if any("Surn" in f.tag for f in forms):  # "Крутой" is an adjective first
        return True
    top = forms[0]
    if "Geox" in top.tag or "Orgn" in top.tag or "Name" in top.tag:
        return False
    if "Patr" in top.tag:  # a patronymic the dictionary knows ("Григорьевич") is one
        return not top.is_known
    return not top.is_known or top.tag.POS in ("NOUN", "ADJF")


@lru_cache(maxsize=20_000)
def _named_as_surname(first: str, last: str) -> bool:
    """Whether *last*, which the dictionary reads as a first name too, is the surname of
    *first*: it cannot be a second first name in *first*'s case (in an oblique case, whatever
    the sex), and it has the form a surname of that case and sex has ("Виталия Вовка": "Вовка"
    is a nominative pet name, "Виталия" a genitive, so the genitive of the surname "Вовк")."""
    mine, theirs = set(_name_readings(first)), set(_name_readings(last))
    oblique = {case for case, _ in theirs if case != "nomn"}
    if mine & theirs or any(case in oblique for case, _ in mine):
        return False  # "Ивана Петра", "Александра Наташи": two first names in one case
    return any(case != "nomn" and surname_nominative(last, case, sex) for case, sex in mine)


def find_russian_names(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """People named without a title ("Александр Лукашенко и Игорь Артамонов обсудили…",
    "встреча Алексея Русских и Дмитрия Крутого"): a first name (by the dictionary), an
    optional patronymic and a surname; each in the nominative."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    m = _PAIR.search(text)
    while m is not None:
        first, patronymic, last = m.group(1), m.group(2), m.group(3)
        if not _is_first_name(first) or not (_is_surname(last) or _named_as_surname(first, last)):
            m = _PAIR.search(text, m.end(1))  # "в Минске Александр Лукашенко": from the next word
            continue
        words = (first, patronymic, last) if patronymic else (first, last)
        nominative = nominative_ru(words)  # as the registry writes a name: first and last
        out.append((m.start(), m.end(), (nominative[0], nominative[-1])))
        m = _PAIR.search(text, m.end())
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


@lru_cache(maxsize=4096)
def latin_name_reading(word: str) -> bool:
    """Whether one of the word's Cyrillic spellings has a given name among its readings,
    first or not ("Roman": "роман" is first the noun; "Vera": "вера")."""
    return any(
        f.is_known and "Name" in f.tag and f.tag.case == "nomn"
        for spelling in cyrillic_spellings(word)
        for f in _vocab().parse(spelling)
    )


LATIN_SURNAME = re.compile(
    r"(?:enko|enka|ko|ov|ova|ev|eva|yov|in|ina|yn|yna|sky|ski|skiy|skaya|ich|uk|yuk|chuk|ets|"
    r"yak|off|idze|shvili|yan|ian|ykh|ikh)$"
)
"""Endings of Russian and Belarusian surnames in Latin letters ("Golovchenko", "Kotkova")."""

_AFTER_CAPITAL = r"[a-z]{2,}(?:-[A-Z][a-z]+)?(?![\w’'\-])"
_PAIR_EN = re.compile(rf"([A-Z](?<![\w’'.\-][A-Z]){_AFTER_CAPITAL}) (?=([A-Z]{_AFTER_CAPITAL}))")
"""A capitalised word (not after a letter, a dot or a hyphen), one space and another: the
second is matched by the lookahead, so that it can be the first of the next pair. The
lookbehind comes after the capital (the same condition) so that the pattern starts with a
letter class and ``re`` skips to the capitals."""
_LATIN_PATRONYMIC = re.compile(r"(?:ovich|evich|yevich|ovna|evna|yevna|ichna)$")
_CAPITALISED = re.compile(r"(?<![\w’'.\-])[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?![\w’'\-])")


def find_english_names(text: str, stop: set[str]) -> list[tuple[int, int, tuple[str, str]]]:
    """People named without a title in English ("Presidents of Belarus and Russia Alexander
    Lukashenko and Vladimir Putin"): a first name the Russian dictionary knows once written in
    Cyrillic again, then, after a single space, a capitalised surname not in *stop*."""
    out = []
    for pair in _PAIR_EN.finditer(text):
        first, last = pair.group(1), pair.group(2)
        if first.lower() in stop or last.lower() in stop:
            continue
        if not latin_first_name(first) and not (
            LATIN_SURNAME.search(last) and latin_name_reading(first)
        ):  # "Roman Golovchenko": a name that is also a noun, before a surname's ending
            continue
        end = pair.end(2)
        if _LATIN_PATRONYMIC.search(last):  # "Mikhail Yuryevich Vedernikov": the surname follows
            after = _CAPITALISED.match(text, end + 1) if text[end : end + 1] == " " else None
            if after is None:
                continue
            last, end = after.group(), after.end()
        if latin_first_name(last):  # "… Russia Alexander Lukashenko": the pair after it
            continue
        out.append((pair.start(), end, (first, last)))
    return out
