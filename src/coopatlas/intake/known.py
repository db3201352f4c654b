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
from dataclasses import InitVar, dataclass, field
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
_WORD_CHAR = re.compile(r"[\w’'\-]")
_NEXT_WORD = re.compile(r"[^\S\n]+([^\W_][\w’'\-]*)")
"""The word after *pos* when only spaces (no new line) stand between."""
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
    prebuilt: InitVar[NameIndex | None] = None
    """The registry's own enterprise index (``match.name_cache``: the one ``find`` answers
    from, loaded from its cache file in a fraction of the time a build takes), else one is
    built from *names* and *aliases*."""
    index: NameIndex = field(init=False)
    rare: frozenset[str] = field(init=False)
    _seen: dict[str, tuple[str, float] | None] = field(init=False, default_factory=dict)
    _parts: dict[str, tuple[int, int, str, str] | None] = field(init=False, default_factory=dict)

    def __post_init__(self, prebuilt: NameIndex | None) -> None:
        if prebuilt is not None:
            self.index = prebuilt
            self.rare = frozenset(prebuilt.names)
            return
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
            hit = self._best_part(text[start:end])
            if hit is not None:
                a, b, code, alias = hit
                out.append((start + a, start + b, self.names[code], alias))
        return out

    def _best_part(self, span: str) -> tuple[int, int, str, str] | None:
        """The enterprise a candidate span names: offsets of the part that scored, its code
        and nominative alias (cached per span text: the same names recur across articles)."""
        if span in self._parts:
            return self._parts[span]
        if len(self._parts) > 200_000:
            self._parts.clear()
        part = self._score_parts(span)
        found = None
        if part is not None:
            a, b, code = part
            found = (a, b, code, self.nominative(code, span[a:b]))
        self._parts[span] = found
        return found

    def _score_parts(self, span: str) -> tuple[int, int, str] | None:
        words = [(m.start(), m.end()) for m in _WORD.finditer(span)]
        if not words:
            return None  # a quoted run of punctuation («__», "--")
        tries = [(0, len(words))]
        for k in (1, 2):
            if len(words) - k >= 1:
                tries += [(k, len(words)), (0, len(words) - k)]
        for i, j in tries:
            a, b = words[i][0], words[j - 1][1]
            if max(end_ - start_ for start_, end_ in words[i:j]) < MIN_LETTERS:
                continue  # "МО", "Х": initials of too many things
            found = self.score(span[a:b])
            if found is not None and found[1] >= THRESHOLD:
                return a, b, found[0]
        return None


def _has_capital(word: str) -> bool:
    """Whether *word* has a capital letter anywhere ("Minsk", "iPhone", "МТЗ")."""
    # most words of running text are lower case: islower() answers them without a loop
    return not word.islower() and any(ch.isupper() for ch in word)


@lru_cache(maxsize=1)
def _capital_run() -> re.Pattern[str]:
    """A capital letter.

    ``re`` has no class of capital letters, so the class is built from ``str.isupper`` over
    the Basic Multilingual Plane (a few milliseconds, once); any character above it is let
    through and the word checked with :func:`_has_capital`. Finding the words that may start a
    name in one scan spares a Python step for each of the many lower-case words.
    """
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if chr(code).isupper():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    capitals = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[{capitals}\U00010000-\U0010ffff]")


def _candidates(text: str) -> list[tuple[int, int]]:
    """Quoted names and capitalised runs of name words, as (start, end) spans.

    A run starts at a word with a capital letter and goes on, over single spaces (not
    punctuation, not a new line), with capitalised words, connectors and the engine's name
    words, up to :data:`MAX_WORDS`.
    """
    spans = [(m.start(g), m.end(g)) for m in _QUOTED.finditer(text) for g in (1, 2, 3)
             if m.group(g)]  # fmt: skip
    capital = _capital_run()
    pos = 0
    while (m := capital.search(text, pos)) is not None:
        start = m.start()
        while start > pos and _WORD_CHAR.match(text, start - 1):
            start -= 1  # a capital inside a word ("iPhone", "Санкт-Петербург"): its start
        first = _WORD.search(text, start)
        if first is None:
            break
        pos = first.end()
        if not _has_capital(first.group()):
            continue
        run = [(first.start(), first.end(), first.group())]
        # the next word after spaces only: punctuation, a new line or the end ends a run
        while len(run) < MAX_WORDS and (word := _NEXT_WORD.match(text, pos)) is not None:
            w = word.group(1)
            pos = word.end()
            if not (_has_capital(w) or (low := w.lower()) in CONNECT or _is_name_word(low)):
                break  # a lower-case word that is no name word ends the run (and starts none)
            run.append((word.start(1), pos, w))
        spans.append(_close(run))
    return [s for s in spans if s[1] > s[0]]


def _close(run: list[tuple[int, int, str]]) -> tuple[int, int]:
    """A run's span without connectors at its end (empty if nothing else is left)."""
    while run and run[-1][2].lower() in CONNECT:
        run = run[:-1]
    return (run[0][0], run[-1][1]) if run else (0, 0)
