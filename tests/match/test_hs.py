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
