"""Sectors, cities and titles in the reader's language.

Why: the registry keeps an enterprise's sector and city as imported (in English in the
default dataset and in ``synth``), and a Russian page or briefing that says "Lipetsk" and
"agricultural machinery (tractors)" reads as unfinished. The Russian comes from reference
data: the regions' administrative centres (``regions.csv``) and a vocabulary of sectors and
other cities (``labels_ru.csv``). A sector written as "base (detail, detail)" or "a / b" is
put together from its parts, so a new detail needs one line there, not one per sector; a
text with any part the vocabulary lacks is shown as it is, never half translated.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

_REFERENCE = resources.files("coopatlas") / "data" / "reference"
_BRACKETED = re.compile(r"(?P<base>[^()]+?)\s*\((?P<detail>[^()]+)\)")


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, dict[str, str]]:
    words: dict[str, dict[str, str]] = {"sector": {}, "city": {}}
    with (_REFERENCE / "regions.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["centre_en"] and row["centre_ru"]:
                words["city"][row["centre_en"].lower()] = row["centre_ru"]
    with (_REFERENCE / "labels_ru.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words[row["kind"]][row["en"].lower()] = row["ru"]
    return words


def _sector_ru(text: str) -> str | None:
    known = _vocabulary()["sector"]
    text = text.strip()
    if text.lower() in known:
        return known[text.lower()]
    if " / " in text:
        parts = [_sector_ru(p) for p in text.split(" / ")]
        return None if None in parts else " / ".join(p for p in parts if p)
    m = _BRACKETED.fullmatch(text)
    if m is None:
        return None
    base = _sector_ru(m["base"])
    details = [known.get(d.strip().lower()) for d in m["detail"].split(",")]
    whole = known.get(m["detail"].strip().lower())
    if base is None or (whole is None and None in details):
        return None
    return f"{base} ({whole or ', '.join(d for d in details if d)})"


def sector_label(sector: str | None, lang: str) -> str:
    """*sector* as *lang* writes it (as stored when the vocabulary lacks a part of it)."""
    if not sector:
        return ""
    return (_sector_ru(sector) if lang == "ru" else None) or sector


def city_label(city: str | None, lang: str) -> str:
    """*city* as *lang* writes it ("Lipetsk" → "Липецк"; as stored when not known)."""
    if not city:
        return ""
    return (_vocabulary()["city"].get(city.strip().lower()) if lang == "ru" else None) or city


def title_in(title: str | None, title_ru: str | None, lang: str) -> str:
    """A project's or a document's title in *lang*: its Russian title on Russian pages where
    it has one, else the title as written."""
    return (title_ru if lang == "ru" and title_ru else None) or title or ""
