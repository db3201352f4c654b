"""HS headings from free text in both languages."""

from __future__ import annotations

import pytest

from coopatlas.errors import UserError
from coopatlas.match.hs import hs_index


def test_refrigerators_first() -> None:
    assert hs_index().suggest("refrigerators and freezers", top=5)[0].hs == "8418"


def test_russian_lathes_in_top_5() -> None:
    assert "8458" in [s.hs for s in hs_index().suggest("токарные станки по металлу", top=5)]


def test_scores_fall_and_top_is_one() -> None:
    found = hs_index().suggest("ball bearings", top=5)
    scores = [s.score for s in found]
    assert scores[0] == 1.0 and scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("bad", ["", "x" * 10_000, "\x00\xff\xfe", "1234 5678"])
def test_bad_text_is_a_user_error(bad: str) -> None:
    with pytest.raises(UserError):
        hs_index().suggest(bad)


def test_russian_names_of_all_headings_are_indexed() -> None:
    """A heading the session-2 Russian names lacked (chapter 04) is found from Russian."""
    assert hs_index().suggest("мед натуральный", top=3)[0].hs == "0409"


def test_query_lemmas_need_no_dictionary() -> None:
    """An inflected query word resolves through the stems of the index's lemma forms."""
    from coopatlas.match.hs_text import Lemmas

    lemmas = Lemmas()
    lemmas.terms("подшипники шариковые")
    lemmas.freeze({"подшипник", "шариковый"})
    assert lemmas.query_terms("подшипников шариковых") == ["подшипник", "шариковый"]


def test_semantic_score_finds_what_the_words_do_not() -> None:
    """'toothpaste' shares no word with 3306 (oral or dental hygiene preparations); the e5
    similarity puts it first, and without it the lexical scorer finds nothing."""
    from coopatlas.match.hs import HsIndex, HsOptions, _e5_similarity

    index = hs_index()
    assert _e5_similarity("toothpaste", tuple(index.codes)) is not None
    assert index.suggest("toothpaste", top=3)[0].hs == "3306"
    lexical = HsIndex.__new__(HsIndex)
    lexical.__dict__.update(index.__dict__, options=HsOptions(e5_weight=0))
    assert "3306" not in [s.hs for s in lexical.suggest("toothpaste", top=5)]


def test_a_cached_query_imports_neither_pandas_nor_scipy() -> None:
    """A cold `hs suggest` must answer within a second: with the index in the user cache,
    the query path loads numpy arrays only (pandas and scipy are for building it)."""
    import subprocess
    import sys

    hs_index()  # the cache exists after this
    code = (
        "import sys; from coopatlas.match.hs import hs_index; "
        "print(hs_index().suggest('ball bearings')[0].hs, "
        "'pandas' in sys.modules, 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["8482", "False", "False"], out.stdout + out.stderr


def test_parts_headings_are_read_from_the_nomenclature() -> None:
    """The headings of parts name the headings they serve; exclusions are not references."""
    from coopatlas.match.hs import _parts_headings

    codes = ["8701", "8702", "8703", "8704", "8705", "8708", "9401", "9402"]
    names = ["Tractors", "Buses", "Cars", "Trucks", "Special vehicles",
             "Motor vehicles; parts and accessories, of heading no. 8701 to 8705",
             "Seats (not those of heading no. 9402) and parts thereof",
             "Medical furniture"]  # fmt: skip
    found = {codes[h]: [codes[i] for i in served] for h, served in _parts_headings(codes, names)}
    assert found == {"8708": ["8701", "8702", "8703", "8704", "8705"]}


@pytest.mark.parametrize(
    "query", ["tractor spare parts", "запчасти к тракторам", "комплектующие для автобусов"]
)
def test_parts_of_a_vehicle_find_the_parts_heading(query: str) -> None:
    assert hs_index().suggest(query, top=2)[0].hs == "8708"
