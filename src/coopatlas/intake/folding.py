"""Case-insensitive patterns run as plain ones on the lower-cased text: same matches, faster.

Python's ``re`` is many times slower with IGNORECASE (an alternation of words some 40 times
on an article: each character is folded and compared branch by branch). A pattern written in
lower case finds in ``text.lower()``, without the flag, the matches it finds in *text* with
it, at the same offsets, as long as

- ``lower()`` turns every character into one (true for all but a few, such as "İ"), and
- the text has none of the letters IGNORECASE takes for a Latin or Cyrillic letter that
  ``lower()`` does not ("ı" for i, "ſ" for s, the old Cyrillic forms U+1C80–U+1C88).

:func:`lowered` gives that text, or None when it would not do; :class:`Folded` then runs the
pattern as written. A pattern with capitals or with letters outside the Latin and Cyrillic
alphabets (where the exceptions are: Greek, "µ") is refused when it is compiled.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from coopatlas.intake.starts import Started

_UNFOLDABLE = re.compile("[\u0131\u017f\u1c80-\u1c88]")
_GROUP_NAME = re.compile(r"\(\?P<\w+>|\(\?P=\w+\)")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)
_TOKEN = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|[^\\(]+|\(", re.S)
_CASELESS_ESCAPES = set("bBwWsSdDAZ")


def lowered(text: str) -> str | None:
    """*text* lower-cased with every offset kept, or None when a folded pattern could read
    it differently from the case-insensitive one."""
    low = text.lower()
    if len(low) != len(text) or _UNFOLDABLE.search(text):
        return None
    return low


def _check(source: str) -> None:
    rest = _GROUP_NAME.sub("", source)
    for m in _ESCAPE.finditer(rest):
        ch = chr(int(m.group(1)[1:], 16)) if len(m.group(1)) == 5 else ""
        if ch and ch.lower() == ch.upper():
            continue  # a character without case written by its code: "\u00a0"
        if m.group(1).isalnum() and m.group(1) not in _CASELESS_ESCAPES:
            raise ValueError(f"cannot fold a pattern with the escape \\{m.group(1)}: {source!r}")
    for ch in _ESCAPE.sub("", rest):
        if ch.lower() == ch.upper():
            continue  # no case: digits, spaces, punctuation, quotes
        if ch != ch.lower() or ch in "µıſ" or not (ord(ch) < 0x370 or 0x400 <= ord(ch) < 0x500):
            raise ValueError(f"cannot fold a pattern with the letter {ch!r}: {source!r}")


def lower_case(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive *pattern* written with capitals where they read better ("USD",
    "США", "Q1") with its letters in lower case, which IGNORECASE reads the same: the form
    :class:`Folded` takes. Escapes and group names are kept as written."""
    if not pattern.flags & re.IGNORECASE:
        raise ValueError(f"not a case-insensitive pattern: {pattern.pattern!r}")
    source = "".join(
        t if t.startswith(("\\", "(?P")) else t.lower() for t in _TOKEN.findall(pattern.pattern)
    )
    return re.compile(source, pattern.flags)


class Folded:
    """A case-insensitive pattern and its plain twin, for the lower-cased text.

    With ``strict=False`` (for a pattern another module owns and may change) a pattern that
    cannot be folded is kept as it is, and always run with IGNORECASE. With ``starts=True``
    the plain twin is searched from the words its matches start with (``starts.Started``):
    for an alternation of words, whose starts are rare in a text.
    """

    def __init__(self, pattern: re.Pattern[str], strict: bool = True, starts: bool = False) -> None:
        self.pattern = pattern
        self.plain: re.Pattern[str] | Started | None = None
        try:
            if not pattern.flags & re.IGNORECASE:
                raise ValueError(f"not a case-insensitive pattern: {pattern.pattern!r}")
            _check(pattern.pattern)
        except ValueError:
            if strict:
                raise
            return
        plain = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        self.plain = Started(plain) if starts else plain

    def search(self, text: str, low: str | None) -> re.Match[str] | None:
        """The first match in *text*; *low* is ``lowered(text)`` (offsets are the same,
        the matched text is lower case: slice *text* for its own spelling)."""
        if low is None or self.plain is None:
            return self.pattern.search(text)
        return self.plain.search(low)

    def match(self, text: str, low: str | None) -> re.Match[str] | None:
        """The match at the start of *text* (*low* as for :meth:`search`)."""
        if low is None or self.plain is None:
            return self.pattern.match(text)
        return self.plain.match(low)

    def finditer(
        self, text: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterable[re.Match[str]]:
        if low is None or self.plain is None:
            return self.pattern.finditer(text, pos, endpos)
        return self.plain.finditer(low, pos, endpos)
