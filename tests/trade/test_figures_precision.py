"""Figures from several news sources: roundings and bounds of a more precise figure agree."""

from __future__ import annotations

import pytest

from coopatlas.trade.figures import consistent, significant_digits


@pytest.mark.parametrize(
    ("value", "digits"), [(330e6, 2), (334e6, 3), (315e6, 3), (1.5e9, 2), (68e6, 2), (7e9, 1)]
)
def test_significant_digits(value: float, digits: int) -> None:
    assert significant_digits(value) == digits


@pytest.mark.parametrize(
    ("stated", "qualifier", "best", "agrees"),
    [
        (330e6, "exact", 334e6, True),  # "$330 million" is 334 rounded to its precision
        (330e6, "over", 334e6, True),  # "over $330 million" holds for 334
        (340e6, "over", 334e6, False),  # a bound that 334 breaks
        (300e6, "exact", 334e6, True),  # one significant digit: 334 rounds to 300
        (320e6, "exact", 334e6, False),  # same precision, another value
        (350e6, "under", 334e6, True),
        (335e6, "approx", 334e6, True),  # within 1%
    ],
)
def test_consistent(stated: float, qualifier: str, best: float, agrees: bool) -> None:
    assert consistent(stated, qualifier, best) is agrees
