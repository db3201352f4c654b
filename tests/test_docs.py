"""Documentation that cannot drift: the format tables and the CLI contracts in the README."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_data_formats_match_the_schema() -> None:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    gen_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_docs)
    text = (ROOT / "docs" / "data-formats.md").read_text("utf-8")
    assert gen_docs.render(text) == text, "run: python scripts/gen_docs.py"


def test_every_kind_has_an_example() -> None:
    from coopatlas.registry import KINDS

    for kind in KINDS:
        assert (ROOT / "examples" / f"{kind}.csv").exists(), kind


def test_readme_shows_the_two_commands_first() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    quick = readme.index("## Quick start")
    assert readme.index("make demo") > quick and readme.index("make test") > quick
    assert readme.index("make demo") < readme.index("\n## ", quick + 5)
