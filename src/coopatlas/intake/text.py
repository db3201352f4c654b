"""Reading an article: bytes to checked text, sentences with offsets, and the language.

Every later step keeps character offsets into the text returned here, so a fact can always
be traced back to its sentence. Bad files (empty, binary, huge, not UTF-8) raise
:class:`ArticleError` with a reason a user can act on; the caller goes on with other files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from coopatlas.errors import UserError

MAX_BYTES = 10 * 1024 * 1024
"""An official article is a few kilobytes; anything above this is not an article."""

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}


class ArticleError(UserError):
    """One input file cannot be read as an article (the message names the file)."""


@dataclass(frozen=True)
class Article:
    """The text of one article and what the page itself says about it."""

    path: str
    text: str
    url: str | None = None
    title: str | None = None
    html_date: str | None = None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def decode(path: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) text, or a clear error for anything else."""
    if not data.strip():
        raise ArticleError(f"{path}: the file is empty")
    if b"\x00" in data[:65536]:
        raise ArticleError(f"{path}: binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            guess = data.decode("cp1251")
        except UnicodeDecodeError:
            guess = ""
        cyrillic = sum(1 for ch in guess if "\u0400" <= ch <= "\u04ff")
        if guess and cyrillic >= 0.3 * max(1, sum(ch.isalpha() for ch in guess)):
            raise ArticleError(
                f"{path}: the file is encoded in cp1251 (Windows Cyrillic), not UTF-8; "
                "save it as UTF-8 and add it again"
            ) from exc
        raise ArticleError(
            f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); "
            "save it as UTF-8 and add it again"
        ) from exc
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.01 * min(len(text), 65536):
        raise ArticleError(f"{path}: binary file (control characters), not an article")
    return text


def _html_article(path: str, html: str) -> Article:
    import trafilatura

    # only a date the page states in its markup (meta tags, <time>, the address): htmldate's
    # extensive search guesses one from any year in the text ("2023" -> 2023-01-01), which
    # would misdate the article's relative periods
    extracted = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False},
    )
    body: str | None = None
    url = title = date = None
    if extracted is not None:
        get = extracted.get if isinstance(extracted, dict) else extracted.as_dict().get
        body, url, title, date = get("text"), get("url"), get("title"), get("date")
    if not body or not body.strip():
        raise ArticleError(f"{path}: no article text found in the HTML page")
    if title and title.strip() not in body[:500]:
        body = f"{title.strip()}\n\n{body}"
    url = canonical_url(html) or url
    return Article(path, body, url or None, title or None, date or None)


def read_article(path: Path | str) -> Article:
    """Read a .txt or .html article; raises :class:`ArticleError` for a bad file."""
    name = str(path)
    p = Path(path)
    if not p.is_file():
        raise ArticleError(f"{name}: no such file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise ArticleError(
            f"{name}: the file is {size / 2**20:.1f} MB, more than the "
            f"{MAX_BYTES // (1024 * 1024)} MB an article can be"
        )
    text = decode(name, p.read_bytes())
    looks_html = p.suffix.lower() in HTML_SUFFIXES or (
        p.suffix.lower() not in TEXT_SUFFIXES and re.match(r"\s*<(!doctype|html)", text, re.I)
    )
    if looks_html:
        return _html_article(name, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    url_line = URL_LINE.match(text)
    if url_line:  # the page's address, saved with the text; not part of the article
        return Article(name, text[url_line.end() :], url_line.group(1))
    return Article(name, text)


URL_LINE = re.compile(r"\A\s*url:\s*(https?://\S+)[ \t]*(?:\n|\Z)", re.I)
"""A first line ``url: https://…`` gives a saved text's address."""


_CANONICAL = re.compile(r"<link\b[^>]*\brel=[\"']?canonical\b[^>]*>", re.I)
_HREF = re.compile(r"\bhref=[\"']?([^\"'\s>]+)", re.I)


def canonical_url(html: str) -> str | None:
    """The address a page gives itself in ``<link rel="canonical" href="…">``."""
    for tag in _CANONICAL.findall(html[:200_000]):
        href = _HREF.search(tag)
        if href and href.group(1).startswith(("http://", "https://")):
            return href.group(1)
    return None


_BOUNDARY = re.compile(
    r"""(?P<para>\n\s*\n)                               # a blank line ends a paragraph
      | (?P<end>(?<=[.!?…])["”»’)]?\s+(?=["“«(]?[A-ZА-ЯЁ0-9]))  # end mark, space, capital
      | (?P<line>\n(?=\s*[A-ZА-ЯЁ•\d]))                   # a line break before a new line
      | (?P<tight>(?<=[a-zа-яё]{3}\.)(?=[A-ZА-ЯЁ«"]))          # "млн.В январе": no space
    """,
    re.X,
)
_NO_SPLIT_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|vs|etc|e\.g|i\.e|Inc|"
    r"Ltd|Co|U\.S|г|гг|им|т|обл|ул|пр|ст)\.|\b[A-ZА-Я]\.)$"
)
_UNIT_BEFORE = re.compile(r"\b(?:млн|млрд|тыс|руб|долл)\.$")
_CURRENCY_AFTER = re.compile(r"[\s\"“«(]*(?:США|USD|EUR|BYN|RUB|долл|руб|евро)\b", re.I)
"""An amount's abbreviated unit ends a sentence when a capital follows ("составил 115 млн.
Из этой суммы …"), except before a currency ("5 млн. долл. США", "300 тыс. USD")."""


_BOUNDARY_CUE = re.compile(r"[\n.!?…]")
"""Where a boundary can be: a new line, or just after an end mark (every branch of
``_BOUNDARY`` starts there)."""


def _boundaries(text: str) -> Iterator[re.Match[str]]:
    """``_BOUNDARY.finditer(text)``, the pattern tried only where a boundary can start: a
    scan for new lines and end marks is several times faster than one for the pattern."""
    end = tried = -1
    for cue in _BOUNDARY_CUE.finditer(text):
        pos = cue.start() if cue.group() == "\n" else cue.end()
        if pos < end or pos <= tried:
            continue
        tried = pos
        m = _BOUNDARY.match(text, pos)  # the lookbehinds still see the text before
        if m is not None:
            yield m
            end = m.end()


def sentences(text: str) -> list[Sentence]:
    """Sentences (and headline lines) with their character offsets in *text*."""
    out: list[Sentence] = []
    start = 0
    for m in _boundaries(text):
        if m.group("end") and "\n" not in m.group(0):
            before = text[max(0, m.start() - 8) : m.start()]
            if _NO_SPLIT_BEFORE.search(before) or (
                _UNIT_BEFORE.search(before) and _CURRENCY_AFTER.match(text, m.start())
            ):
                continue
        _append(out, text, start, m.start())
        start = m.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        out.append(Sentence(start, start + len(stripped), stripped))


_CYRILLIC = re.compile(r"[А-Яа-яЁё]+")
_LATIN = re.compile(r"[A-Za-z]+")


def language(text: str) -> str:
    """``ru`` when Cyrillic letters outnumber Latin ones, else ``en``."""
    sample = text[:4000]
    cyrillic = sum(map(len, _CYRILLIC.findall(sample)))
    return "ru" if cyrillic > sum(map(len, _LATIN.findall(sample))) else "en"
