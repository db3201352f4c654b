"""Known enterprises in running text, recognised by the matching engine's :class:`NameIndex`.

``find`` and the intake must agree on which registry enterprise a name means, so the
intake does not keep name rules of its own: exact aliases are found by the gazetteer's
trie-compiled pattern (the fast path: one regular-expression pass, and what ``NameIndex``
would score 1.0 anyway); every other *candidate span* is scored by ``NameIndex`` over the
registry's enterprises and kept when it scores at least :data:`THRESHOLD`. A span is

- a quoted name («Белкард», “Belkard”), or
- a run of words that starts with a capital letter and goes on with capitalised words,
  acronyms, the lexicon's name words (тракторного, завода, plant, works: what
  ``match.names`` turns into concepts) and the connectors of names (of, and, имени),
  so that "Минского тракторного завода", "белорусского МАЗа" and "Bobruisk Plant of
  Tractor Parts and Units" are candidates whatever their case ending (the engine's stems
  drop it).

A run that scores too low is tried without its first word, then without its last (up to
two each): "Belarusian MAZ", "МТЗ Татарстан". Spans whose words all have fewer than three
letters are not scored ("МО", "Х": the initials of too many names). Spans are scored only
when one of their tokens (or of their compounds' parts) is a name word of some registry
enterprise, and each distinct span text once per process, so the cost grows with the
article, not with the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from coopatlas.errors import UserError
from coopatlas.match.names import NameIndex, name_tokens, split_tokens

if TYPE_CHECKING:
    from coopatlas.intake.gazetteer import Name

THRESHOLD = 0.9
"""Least ``NameIndex`` score for a span to be taken as a registry enterprise."""
MAX_WORDS = 8
MIN_LETTERS = 3
CONNECT = {"of", "and", "named", "after", "имени", "им", "и"}
_WORD = re.compile(r"[^\W_][\w’'\-]*")
_QUOTED = re.compile(r"«([^«»\n]{2,60})»|“([^”\n]{2,60})”|\"([^\"\n]{2,60})\"")


@lru_cache(maxsize=100_000)
def _is_name_word(word: str) -> bool:
    """A lower-case word that the engine reads as a concept of enterprise names."""
    tokens = name_tokens(word)
    return bool(tokens) and tokens[0].isupper()


@dataclass
class KnownEnterprises:
    """The registry's enterprises as one :class:`NameIndex`, with their names by code."""

    names: dict[str, Name]  # code -> Name
    aliases: dict[str, list[str]]  # code -> every alias as the registry writes it
    index: NameIndex = field(init=False)
    rare: frozenset[str] = field(init=False)
    _seen: dict[str, tuple[str, float] | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        import pandas as pd

        rows = [
            ("enterprise", code, name.canonical, "", "|".join(self.aliases.get(code, [])))
            for code, name in self.names.items()
        ]
        frame = pd.DataFrame(rows, columns=["kind", "id", "name_en", "name_ru", "aliases"])
        self.index = NameIndex(frame)
        self.rare = frozenset(self.index.names)

    def score(self, text: str) -> tuple[str, float] | None:
        """The best registry enterprise for *text* and its score, or None (cached)."""
        if text in self._seen:
            return self._seen[text]
        if len(self._seen) > 200_000:  # a long run of articles: keep the memory bounded
            self._seen.clear()
        best: tuple[str, float] | None = None
        tokens = [*name_tokens(text), *(split_tokens(text) or [])]
        if any(t in self.rare for t in tokens):
            try:
                hits = self.index.search(text, top=1)
            except UserError:
                hits = []
            best = (hits[0].id, hits[0].score) if hits else None
        self._seen[text] = best
        return best

    def nominative(self, code: str, mention: str) -> str:
        """The registry's alias closest to *mention* (its nominative form, in its script)."""
        cyrillic = bool(re.search("[А-Яа-яЁё]", mention))
        own = set(name_tokens(mention))
        same = [
            a for a in self.aliases.get(code, []) if bool(re.search("[А-Яа-яЁё]", a)) == cyrillic
        ]
        if not same:
            return mention
        return max(
            same, key=lambda a: (len(own & set(name_tokens(a))), -abs(len(a) - len(mention)))
        )

    def find(self, text: str) -> list[tuple[int, int, Name, str]]:
        """Registry enterprises in *text*: (start, end, name, the alias in the nominative)."""
        out: list[tuple[int, int, Name, str]] = []
        for start, end in _candidates(text):
            hit = self._best_part(text, start, end)
            if hit is not None:
                a, b, code = hit
                out.append((a, b, self.names[code], self.nominative(code, text[a:b])))
        return out

    def _best_part(self, text: str, start: int, end: int) -> tuple[int, int, str] | None:
        words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
        tries = [(0, len(words))]
        for k in (1, 2):
            if len(words) - k >= 1:
                tries += [(k, len(words)), (0, len(words) - k)]
        for i, j in tries:
            a, b = words[i][0], words[j - 1][1]
            if max(end_ - start_ for start_, end_ in words[i:j]) < MIN_LETTERS:
                continue  # "МО", "Х": initials of too many things
            found = self.score(text[a:b])
            if found is not None and found[1] >= THRESHOLD:
                return a, b, found[0]
        return None


def _candidates(text: str) -> list[tuple[int, int]]:
    """Quoted names and capitalised runs of name words, as (start, end) spans."""
    spans = [(m.start(g), m.end(g)) for m in _QUOTED.finditer(text) for g in (1, 2, 3)
             if m.group(g)]  # fmt: skip
    run: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        gap = text[run[-1][1] : m.start()] if run else ""
        if run and (gap.strip() or "\n" in gap):  # punctuation or a new line ends a run
            spans.append(_close(run))
            run = []
        if (
            word[:1].isupper()
            or any(ch.isupper() for ch in word[1:])
            or (run and (word.lower() in CONNECT or _is_name_word(word.lower())))
        ):
            run.append((m.start(), m.end(), word))
        elif run:
            spans.append(_close(run))
            run = []
        if len(run) >= MAX_WORDS:
            spans.append(_close(run))
            run = []
    if run:
        spans.append(_close(run))
    return [s for s in spans if s[1] > s[0]]


def _close(run: list[tuple[int, int, str]]) -> tuple[int, int]:
    """A run's span without connectors at its end (empty if nothing else is left)."""
    while run and run[-1][2].lower() in CONNECT:
        run = run[:-1]
    return (run[0][0], run[-1][1]) if run else (0, 0)
