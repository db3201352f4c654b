"""Regenerate the generated part of docs/data-formats.md from the schema tables.

tests/test_docs.py fails when the document and the schema disagree; run this to fix it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coopatlas.registry.kinds import formats_markdown

BEGIN, END = "<!-- BEGIN GENERATED FORMATS -->", "<!-- END GENERATED FORMATS -->"
DOC = Path(__file__).resolve().parents[1] / "docs" / "data-formats.md"


def render(text: str) -> str:
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{formats_markdown()}\n{END}{tail}"


def main() -> int:
    text = DOC.read_text("utf-8")
    new = render(text)
    if "--check" in sys.argv:
        return 0 if new == text else 1
    DOC.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
