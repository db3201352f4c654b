"""Paths shared by the intake tests: our own articles, and the seeds in ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"  # beside the checkout (CI)
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "corpus" / "seeds-expected.json"


def need_seeds() -> None:
    if not SEEDS_GOLD.exists():
        pytest.skip("the shared corpus (../shared/corpus) is not present")
