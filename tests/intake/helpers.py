"""Paths shared by the intake tests: our own articles, and the seeds in ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest


def shared_folder(root: Path) -> Path:
    """../shared beside the checkout; for a git worktree (whose .git is a file naming the main
    repository's worktrees/ folder), beside the main checkout when its own has none."""
    own = root.parent / "shared"
    git = root / ".git"
    if own.exists() or not git.is_file():
        return own
    common = Path(git.read_text(encoding="utf-8").split("gitdir:", 1)[-1].strip()).parents[1]
    main = common.parent.parent / "shared"
    return main if main.exists() else own


HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
SHARED = shared_folder(Path(__file__).resolve().parents[2])
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "corpus" / "seeds-expected.json"


def need_seeds() -> None:
    if not SEEDS_GOLD.exists():
        pytest.skip("the shared corpus (../shared/corpus) is not present")
