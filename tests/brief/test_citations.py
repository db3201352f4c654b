"""Footnote numbers beside a figure read as runs, not as one long number."""

from __future__ import annotations

from coopatlas.brief.page import citation_runs


def test_citation_runs() -> None:
    assert citation_runs("5,6,7,8,9,10,11,12") == [("5", "12")]
    assert citation_runs("3") == [("3", "3")]
    assert citation_runs("12,5,6,9,10") == [("5", "6"), ("9", "10"), ("12", "12")]
    assert citation_runs("") == []
