"""Russian names back in the nominative from the cases the genre writes them in ("визит
Алексея Текслера", "губернатору …", "с губернатором …"), on every two-word Russian name of
the labelled corpus's gold, each declined here by the school grammar's paradigms."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pymorphy2.analyzer import Parse

from coopatlas.intake.names import _vocab, nominative_ru
from coopatlas.intake.surnames import surname_nominative

CORPUS = Path(__file__).parent / "corpus" / "articles.json"
SOFT_OR_HUSHING = "кгхжшщчц"

MAN = {  # ending of the nominative → ending in the genitive, dative, instrumental
    "ский": ("ского", "скому", "ским"),
    "цкий": ("цкого", "цкому", "цким"),
    "ой": ("ого", "ому", "ым"),
    "ый": ("ого", "ому", "ым"),
    "ов": ("ова", "ову", "овым"),
    "ев": ("ева", "еву", "евым"),
    "ёв": ("ёва", "ёву", "ёвым"),
    "ин": ("ина", "ину", "иным"),
    "ын": ("ына", "ыну", "ыным"),
}
WOMAN = {
    "ская": ("ской", "ской", "ской", "скую"),
    "ова": ("овой", "овой", "овой", "ову"),
    "ева": ("евой", "евой", "евой", "еву"),
    "ина": ("иной", "иной", "иной", "ину"),
}


def _man(surname: str) -> tuple[str, str, str]:
    for end, forms in MAN.items():
        if surname.endswith(end):
            return tuple(surname[: -len(end)] + f for f in forms)  # type: ignore[return-value]
    if re.search(r"(?:[еиоуыэю]|[ыи]х)$", surname):
        return (surname,) * 3  # "Лукашенко", "Русских"
    if surname.endswith("а"):
        stem = surname[:-1]
        return (stem + ("и" if stem[-1] in SOFT_OR_HUSHING else "ы"), stem + "е", stem + "ой")
    if surname[-1] in "ьй":
        stem = surname[:-1]
        return stem + "я", stem + "ю", stem + "ем"
    return surname + "а", surname + "у", surname + ("ем" if surname[-1] in "жшщчц" else "ом")


def _woman(surname: str) -> tuple[str, ...]:
    for end, forms in WOMAN.items():
        if surname.endswith(end):
            return tuple(surname[: -len(end)] + f for f in forms)
    return (surname,) * 4


def _declined() -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """(name in a case, name in the nominative) for every gold name of the corpus."""
    docs = json.loads(CORPUS.read_text(encoding="utf-8"))["documents"]
    names = {
        p["name"]
        for d in docs
        for p in d.get("people", [])
        if re.fullmatch(r"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+", p["name"])
    }
    out = []
    for name in sorted(names):
        first, last = name.split()
        parses = [f for f in _vocab().parse(first) if "Name" in f.tag and f.tag.case == "nomn"]
        if not parses:
            continue
        parse, woman = parses[0], parses[0].tag.gender == "femn"
        cases = ("gent", "datv", "ablt", "accs") if woman else ("gent", "datv", "ablt")
        surnames = _woman(last) if woman else _man(last)
        for case, surname in zip(cases, surnames, strict=True):
            inflected = Parse.inflect(parse, {case, "sing"})
            assert inflected is not None
            out.append(((inflected.word.capitalize(), surname), (first, last)))
    return out


def _e(name: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w.replace("ё", "е") for w in name)  # the gold writes "Соловьев" for "Соловьёв"


def test_the_corpus_names_come_back_in_the_nominative_from_the_cases_of_the_genre() -> None:
    pairs = _declined()
    assert len(pairs) > 700
    wrong = [(w, want) for w, want in pairs if _e(nominative_ru(w)) != _e(want)]
    # what is left is ambiguous without the sentence: "Валентина Коновалова" is a man in the
    # genitive or a woman; "Алеся" (Belarusian) is a first name the dictionary lacks
    assert len(wrong) <= len(pairs) // 100, wrong


@pytest.mark.parametrize(
    ("written", "nominative"),
    [
        (("Виталия", "Вовка"), ("Виталий", "Вовк")),  # not the pet name "Вовка"
        (("Виталием", "Вовком"), ("Виталий", "Вовк")),  # not "Вовок", a fleeting vowel
        (("Владислава", "Шапши"), ("Владислав", "Шапша")),  # a man's first-declension name
        (("Владиславом", "Шапшой"), ("Владислав", "Шапша")),
        (("Андрея", "Бельского"), ("Андрей", "Бельский")),  # an adjective, not a noun
        (("Андреем", "Травниковым"), ("Андрей", "Травников")),  # not the adjective
        (("Евгении", "Куйвашеве"), ("Евгений", "Куйвашев")),  # the surname says a man
        (("Игоре", "Артамонове"), ("Игорь", "Артамонов")),  # not the variant "Игор"
        (("Казема", "Джалали"), ("Казем", "Джалали")),  # a foreign surname keeps its form
        (("Валерия", "Городецкая"), ("Валерия", "Городецкая")),
    ],
)
def test_surnames_the_dictionary_reads_as_other_words(
    written: tuple[str, str], nominative: tuple[str, str]
) -> None:
    assert nominative_ru(written) == nominative


def test_an_ending_no_surname_of_that_sex_has_in_that_case_gives_nothing() -> None:
    assert surname_nominative("Лукашенко", "gent", "masc") is None
    assert surname_nominative("Куйвашеве", "datv", "femn") is None  # hers would be "-ой"
    assert surname_nominative("Кравца", "gent", "masc") == "Кравец"
    assert surname_nominative("Городецкой", "ablt", "femn") == "Городецкая"
