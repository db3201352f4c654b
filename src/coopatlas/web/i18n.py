"""Russian and English: gettext catalogues read with Babel, numbers and dates per language.

The catalogues are ``locale/<lang>/LC_MESSAGES/messages.po`` (extract new strings with
``pybabel extract -F babel.cfg``); they are read once with Babel's PO reader, so there is
no compiled file to forget. The language comes from ``?lang=`` on the address, else the
``lang`` cookie that the switch sets, else from the browser's Accept-Language, else English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from importlib import resources

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("en", "ru")
DEFAULT = "en"
COOKIE = "lang"


@cache
def catalog(lang: str) -> Catalog:
    path = resources.files("coopatlas.web") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=lang)


@cache
def messages(lang: str) -> dict[str, str]:
    """msgid -> translation for *lang*; untranslated and fuzzy entries are left out."""
    return {
        str(m.id): str(m.string)
        for m in catalog(lang)
        if m.id and m.string and not m.fuzzy and isinstance(m.id, str)
    }


def gettext_for(lang: str) -> Callable[[str], str]:
    table = messages(lang if lang in LANGUAGES else DEFAULT)
    return lambda text: table.get(text, text)


def choose(cookie: str | None, accept_language: str | None, asked: str | None = None) -> str:
    """The language *asked* for on the address (``?lang=ru``), else the cookie's, else the
    browser's first that we have."""
    if asked in LANGUAGES:
        return asked
    if cookie in LANGUAGES:
        return cookie
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT


class Formats:
    """Number and date formatting for one language (Babel's CLDR data). Money and periods are
    written as the briefings write them (``brief.i18n.Formats``), so a page and the briefing
    of the same region give a figure in the same words."""

    def __init__(self, lang: str):
        from coopatlas.brief.i18n import Formats as BriefFormats

        self.locale = Locale.parse(lang)
        self._briefing = BriefFormats(self.locale.language)

    def number(self, value: float | int | None, digits: int = 0) -> str:
        if value is None:
            return "—"
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=fmt, locale=self.locale)

    def money(self, value: float | None) -> str:
        """USD in millions, the unit officials quote trade in ("334.0 million USD")."""
        return "—" if value is None else self._briefing.musd(value)

    def millions(self, value: float | None) -> str:
        """USD in millions without the unit, for a table whose caption gives it ("−175.0")."""
        return "—" if value is None else self._briefing.musd(value, unit=False)

    def period(self, start: dt.date, end: dt.date) -> str:
        """A period in words, as the briefings write it ("January–May 2016", "H1 2020")."""
        return self._briefing.period(start, end)

    def percent(self, value: float | None) -> str:
        if value is None:
            return "—"
        return format_percent(value, format="#,##0.0%", locale=self.locale)

    def date(self, value: dt.date | None) -> str:
        return "—" if value is None else format_date(value, format="medium", locale=self.locale)

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return "—"
        return format_datetime(value, format="medium", locale=self.locale)
