"""An article being read: its text, sentences, language, date and the names found in it.

Every extractor works on a :class:`Doc` built once per article by :func:`read_doc`, so the
text is scanned for names (regions, cities, countries, enterprises) only once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from coopatlas.intake.dates import published_date
from coopatlas.intake.folding import lowered
from coopatlas.intake.gazetteer import Gazetteer, Name
from coopatlas.intake.text import Article, Sentence, language, sentences


@dataclass
class Mention:
    start: int
    end: int
    name: Name


@dataclass
class Doc:
    """An article being read: text, sentences and the mentions found so far."""

    path: str
    text: str
    language: str
    published: dt.date | None
    partial: str | None
    sentences: list[Sentence]
    regions: list[Mention] = field(default_factory=list)
    cities: list[Mention] = field(default_factory=list)
    countries: list[Mention] = field(default_factory=list)
    enterprise_hits: list[tuple[int, int, Name]] = field(default_factory=list)
    nominative: dict[tuple[int, int], str] = field(default_factory=dict)
    """The registry's (nominative) alias of a name found in another case, by span."""
    lower: str | None = None
    """The text lower-cased with its offsets kept (``folding.lowered``), for the folded
    patterns; None when it would not read the same."""

    def sentence_lower(self, s: Sentence) -> str | None:
        """The lower-cased text of sentence *s* (None when the text has no such form)."""
        return None if self.lower is None else self.lower[s.start : s.end]

    def in_sentence(self, mentions: list[Mention], s: Sentence) -> list[Mention]:
        return [m for m in mentions if s.start <= m.start < s.end]


def main_region(doc: Doc) -> str | None:
    """The Russian region the article is about: the one named most, first on a tie."""
    counts = Counter(m.name.code for m in doc.regions if m.name.code.startswith("RU-"))
    if not counts:
        return None
    first = {m.name.code: m.start for m in reversed(doc.regions)}
    return max(counts, key=lambda c: (counts[c], -first[c]))


def _mentions(
    index_find: list[tuple[int, int, Name]], text: str, require_capital: bool
) -> list[Mention]:
    out = []
    for start, end, name in index_find:
        if require_capital and not text[start].isupper() and text[start].isascii():
            continue
        out.append(Mention(start, end, name))
    return out


ELIDED_RU = re.compile(
    r"(?P<a>[А-ЯЁ][а-яё]+)(?:ий|ый|ой|ая)\s+и\s+(?P<b>[А-ЯЁ][а-яё]+)(?:ий|ый|ой|ая)\s+"
    r"(?P<kind>края|области)"
)
ELIDED_EN = re.compile(
    r"(?P<a>[A-Z][a-z]+)\s+and\s+[A-Z][a-z]+\s+(?P<kind>[Rr]egions|[Oo]blasts|[Kk]rais|[Tt]erritories)"
)


def _elided_regions(text: str, gaz: Gazetteer) -> list[Mention]:
    """The first of two regions sharing one noun: "Хабаровский и Приморский края"."""
    out = []
    for m in ELIDED_RU.finditer(text):
        for group in ("a", "b"):
            stem = m.group(group)
            guesses = (
                [f"{stem}ий край", f"{stem}ый край"] if m.group("kind") == "края"
                else [f"{stem}ая область"]
            )  # fmt: skip
            for guess in guesses:
                name = gaz.regions.names.get(guess.lower())
                if name:
                    out.append(Mention(m.start(group), m.end(group) + 2, name))
                    break
    for m in ELIDED_EN.finditer(text):
        kind = {"r": "Region", "o": "Oblast", "k": "Krai", "t": "Territory"}[
            m.group("kind")[0].lower()
        ]
        name = gaz.regions.names.get(f"{m.group('a')} {kind}".lower())
        if name:
            out.append(Mention(m.start(), m.start() + len(m.group("a")), name))
    return out


def read_doc(article: Article, gaz: Gazetteer) -> Doc:
    text = article.text
    published, partial = published_date(text, article.html_date)
    doc = Doc(article.path, text, language(text), published, partial, sentences(text))
    doc.lower = lowered(text)
    found = gaz.find_all(text, doc.lower)
    doc.regions = sorted(
        _mentions(found["regions"], text, True) + _elided_regions(text, gaz),
        key=lambda m: m.start,
    )
    doc.cities = _mentions(found["cities"], text, True)
    doc.countries = _mentions(found["countries"], text, False)
    doc.enterprise_hits = found["enterprises"]
    # names in other cases, word orders and spellings: scored by the matching engine
    covered = [(a, b) for a, b, _ in doc.enterprise_hits]
    extra = []
    for start, end, name, alias in gaz.known.find(text):
        if not any(a < end and start < b for a, b in covered):
            extra.append((start, end, name))
            covered.append((start, end))
            doc.nominative[(start, end)] = alias
    doc.enterprise_hits = sorted(doc.enterprise_hits + extra, key=lambda h: h[0])
    return doc
