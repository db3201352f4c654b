"""Patterns found from the words their matches start with: same matches, faster.

Python's ``re`` tries an alternation of words branch by branch at every character (some 30–40
ns a character for the intake's anchor patterns, several times that when a ``\\b`` or a
lookbehind leads), while ``str.find`` skips to a word at memory speed. :class:`Started` reads
from the parsed pattern the literal strings every match must start with ("turnover", "trade",
"экспорт"…; zero-width assertions, optional parts and alternatives followed through), finds
them with ``str.find`` and tries the pattern only there, left to right, as ``finditer``
would. A pattern with a path that starts otherwise (a character class, ``\\d``, a case-
insensitive part) has no such strings and is run as it is.
"""

from __future__ import annotations

import re
import sys
from typing import Any

try:  # the parser behind re.compile; its shape is checked below, and not relied on otherwise
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: patterns run as they are
    C = sre_parse = None

LONGEST = 6
"""Starts are cut to this many characters (a shorter start still starts every match)."""
MOST = 64
"""More starts than this and the pattern runs as it is (one ``find`` each is no longer cheap)."""
SMALL_SET = 8
"""A character class of at most this many letters counts as that many literals ("h[12]")."""
CHARS_PER_START = 12
"""Below this many characters for each start a text is searched with the pattern: a ``find``
costs about as much as ``re`` trying a dozen characters."""

Path = tuple[str, bool]
"""A literal start and whether it is the whole of the part read so far (then what follows
extends it)."""


def _seq(items: list[Any], i: int) -> list[Path]:
    if i == len(items):
        return [("", True)]
    op, av = items[i]
    if op is C.LITERAL:
        return [_cut(chr(av) + s, done) for s, done in _seq(items, i + 1)]
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero width: the match starts after it
        return _seq(items, i + 1)
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & (re.IGNORECASE | re.LOCALE):
            return [("", False)]
        return _then(_seq(list(sub.data), 0), items, i + 1)
    if op is C.BRANCH:
        heads = [p for alt in av[1] for p in _seq(list(alt.data), 0)]
        return _then(heads, items, i + 1)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, _high, sub = av
        heads = [(s, False) for s, _ in _seq(list(sub.data), 0)]
        return _then(heads + ([("", True)] if low == 0 else []), items, i + 1)
    if op is C.IN:
        chars = _class_chars(av)
        if chars is not None:
            return _then([(ch, True) for ch in chars], items, i + 1)
    return [("", False)]  # anything else: no literal from here on


def _class_chars(av: list[Any]) -> list[str] | None:
    chars: list[str] = []
    for op, x in av:
        if op is C.LITERAL:
            chars.append(chr(x))
        elif op is C.RANGE and x[1] - x[0] < SMALL_SET:
            chars += [chr(c) for c in range(x[0], x[1] + 1)]
        else:
            return None
    return chars if len(chars) <= SMALL_SET else None


def _then(heads: list[Path], items: list[Any], j: int) -> list[Path]:
    if len(heads) > 4 * MOST:
        return [("", False)]
    rest: list[Path] | None = None
    out: list[Path] = []
    for s, done in heads:
        if not done or len(s) >= LONGEST:
            out.append(_cut(s, done))
            continue
        if rest is None:
            rest = _seq(items, j)
        out += [_cut(s + r, d) for r, d in rest]
    return out


def _cut(s: str, done: bool) -> Path:
    return (s[:LONGEST], False) if len(s) > LONGEST else (s, done)


def literal_starts(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The strings every match of *pattern* starts with (no one of them starting another),
    or None when some match could start otherwise, or there would be too many."""
    if sre_parse is None or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        paths = _seq(list(sre_parse.parse(pattern.pattern, pattern.flags).data), 0)
    except (AttributeError, TypeError, ValueError, RecursionError):  # pragma: no cover
        return None
    starts = sorted({s for s, _ in paths})
    if not starts or "" in starts:
        return None
    kept = [s for s in starts if not any(s != t and s.startswith(t) for t in starts)]
    return tuple(kept) if len(kept) <= MOST else None


class Started:
    """A case-sensitive pattern searched from the literal strings its matches start with."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.starts = literal_starts(pattern)
        self.short = CHARS_PER_START * len(self.starts or ())

    def _positions(self, text: str, pos: int, endpos: int) -> list[int]:
        found: set[int] = set()
        for w in self.starts or ():
            i = text.find(w, pos, endpos)
            while i >= 0:
                found.add(i)
                i = text.find(w, i + 1, endpos)
        return sorted(found)

    def _short(self, text: str, pos: int, endpos: int) -> bool:
        return self.starts is None or min(endpos, len(text)) - pos < self.short

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[re.Match[str]]:
        """The matches ``pattern.finditer`` gives (every one of them is at least a start long,
        so none is empty and each search goes on where the last match ended)."""
        if self._short(text, pos, endpos):
            return list(self.pattern.finditer(text, pos, endpos))
        out: list[re.Match[str]] = []
        after = pos
        for p in self._positions(text, pos, endpos):
            if p < after:
                continue
            m = self.pattern.match(text, p, endpos)
            if m is not None:
                out.append(m)
                after = m.end()
        return out

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.match(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._short(text, pos, endpos):
            return self.pattern.search(text, pos, endpos)
        for p in self._positions(text, pos, endpos):
            m = self.pattern.match(text, p, endpos)
            if m is not None:
                return m
        return None
