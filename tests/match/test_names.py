"""Names across languages, spellings and legal forms; bad queries get a clear error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopatlas.errors import UserError
from coopatlas.match.names import NameIndex, name_key
from coopatlas.match.translit import name_stem, skeleton, to_cyrillic, to_latin
from tests.match.conftest import one_language_registry

INDEX = NameIndex(one_language_registry())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Бобруйский завод тракторных деталей и агрегатов", "bztda"),
        ("Белкард", "belkard"),
        ("Belkard Grodno cardan shafts", "belkard"),
        ("Osipovichi Automobile Units Plant", "ozaa"),
        ("Borisov autotractor electrical equipment", "bate"),
        ("OJSC Minsk Gear Works", "mzsh"),
        ("Минский тракторный завод", "mtz"),
        ("Minsk Automobile Plant", "maz"),
        ("Гомсельмаш", "gomselmash"),
        ("Gomselmsh", "gomselmash"),  # a typo
        ("Новолипецкий металлургический комбинат", "nlmk"),
    ],
)
def test_first_hit_across_languages(query: str, expected: str) -> None:
    assert INDEX.search(query, top=3)[0].id == expected


def test_romanisations_share_a_key() -> None:
    for forms in (["Осиповичи", "Osipovichi", "Asipovičy"], ["Гомель", "Gomel", "Homiel"],
                  ["Бобруйский", "Bobruisk", "Babruysk"], ["Жодино", "Zhodino"]):  # fmt: skip
        assert len({name_stem(f) for f in forms}) == 1, forms
    assert to_latin("Щучин", "gost") == "Shhuchin" and to_latin("Щучин", "bgn") == "Shchuchin"
    assert to_latin("Гродно", "by") == "Hrodno"
    assert skeleton(to_cyrillic("Zhodino")) == skeleton("Жодино")


def test_legal_forms_do_not_count() -> None:
    assert name_key("ОАО «Белкард»") == name_key("Belkard OJSC") == name_key("УП Белкард")


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_000, "\x00\x01\x02", "«»—"])
def test_bad_queries_are_user_errors(bad: str) -> None:
    with pytest.raises(UserError):
        INDEX.search(bad)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_hits_or_a_user_error(text: str) -> None:
    try:
        hits = INDEX.search(text)
    except UserError:
        return
    assert all(0.0 <= h.score <= 1.0 for h in hits)
