"""Update the web's gettext catalogues from the templates and the web package's code.

    .venv/bin/python scripts/web_catalog.py          # add new msgids, keep translations
    .venv/bin/python scripts/web_catalog.py --check  # writes nothing; 1 if a Russian one is missing

Like ``pybabel extract`` + ``pybabel update``: Babel's extractors (Jinja2's for the
templates, Python's for ``_()`` in pages.py), plus the words that templates translate from
data (roles, statuses, flows), which no extractor can see.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

WEB = Path(__file__).resolve().parents[1] / "src" / "coopatlas" / "web"
FROM_DATA = [
    *("viewer", "analyst", "editor", "admin"),
    *("queued", "running", "done", "failed", "cancelled"),
    *("pending", "accepted", "rejected", "corrected"),
    *("export", "import", "turnover"),
    *("exact", "approx", "over", "under"),
    *("proposed", "development", "operating", "suspended", "completed"),
    *("optimal", "time_limit", "gap_limit", "infeasible"),
]


def extracted() -> list[str]:
    method_map = [("templates/**.html", "jinja2.ext:babel_extract"), ("*.py", "python")]
    found: list[str] = []
    for _file, _line, message, _comments, _ctx in extract_from_dir(str(WEB), method_map):
        if isinstance(message, str) and message not in found:
            found.append(message)
    return found + [m for m in FROM_DATA if m not in found]


def update(lang: str, ids: list[str], write: bool = True) -> list[str]:
    path = WEB / "locale" / lang / "LC_MESSAGES" / "messages.po"
    old = read_po(path.open("rb"), locale=lang) if path.exists() else Catalog(locale=lang)
    new = Catalog(locale=lang, project="coopatlas", charset="utf-8")
    for msgid in ids:
        have = old.get(msgid)
        new.add(msgid, have.string if have else "")
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, new, width=100, omit_header=False, sort_output=True)
    return [m for m in ids if not (new.get(m) and new.get(m).string)]


def main() -> int:
    ids = extracted()
    write = "--check" not in sys.argv
    missing = update("ru", ids, write)
    update("en", ids, write)
    if missing:
        print(f"{len(missing)} message(s) without a Russian translation:", *missing, sep="\n  ")
    return 1 if missing and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
