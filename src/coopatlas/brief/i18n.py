"""Russian and English for the briefing: gettext catalogues and Babel number/date formats.

The ``.po`` catalogues in ``brief/locale`` are the source; they are compiled in memory when
first used (Babel's reader and ``.mo`` writer), so no binary is committed and an edit to a
``.po`` file shows at the next run. English is the msgid itself.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

DOMAIN = "coopatlas"


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for *lang* (English: the messages as written)."""
    if lang == "en":
        return gettext.NullTranslations()
    po = resources.files("coopatlas") / "brief" / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Formats:
    """Numbers, money, percentages, dates and periods written the way *lang* writes them."""

    lang: str

    def _(self, message: str) -> str:
        return translations(self.lang).gettext(message)

    def number(self, value: float, digits: int = 1) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def significant(self, value: float, digits: int = 3) -> str:
        """*digits* significant digits (complexity gains are often 0.000x)."""
        text = format_decimal(abs(value), format="@" * digits, locale=self.lang)
        return ("−" if value < 0 else "") + text

    def musd(self, value: float | None, qualifier: str = "exact", unit: bool = True) -> str:
        """An amount in million USD ("about 334.0 million USD" / "около 334,0 млн долл.").

        *qualifier* is the source's word: exact, approx (about), over, under.
        """
        if value is None or value != value:
            return "–"
        text = self.number(abs(value) / 1e6)
        text = ("−" if value < 0 else "") + text
        if unit:
            text += "\u00a0" + self._("million USD")
        word = {"approx": self._("about"), "over": self._("over"), "under": self._("under")}
        return f"{word[qualifier]} {text}" if qualifier in word else text

    def pct(self, value: float | None) -> str:
        if value is None or value != value:
            return "–"
        sign = "+" if value > 0 else ("−" if value < 0 else "")
        return sign + format_percent(abs(value) / 100, format="#,##0.0%", locale=self.lang)

    def date(self, value: dt.date | None) -> str:
        return format_date(value, format="long", locale=self.lang) if value else ""

    def month(self, month: int) -> str:
        return str(Locale.parse(self.lang).months["stand-alone"]["wide"][month])

    def period(self, start: dt.date, end: dt.date) -> str:
        """2022; Q1 2023; H1 2023; January–May 2023 (names of months, never numbers)."""
        year = end.year
        if start.year != end.year:
            return f"{start.year}–{end.year}"
        months = (start.month, end.month)
        if start.day != 1:
            return f"{self.date(start)} – {self.date(end)}"
        if months == (1, 12):
            return str(year)
        if start.month in (1, 4, 7, 10) and end.month == start.month + 2:
            return self._("Q{q} {year}").format(q=(start.month + 2) // 3, year=year)
        if months in ((1, 6), (7, 12)):
            return self._("H{h} {year}").format(h=1 if start.month == 1 else 2, year=year)
        if start.month == end.month:
            return f"{self.month(start.month).capitalize()} {year}"
        last = self.month(end.month)
        last = last.lower() if self.lang == "ru" else last  # "Январь–май", "January–May"
        return f"{self.month(start.month).capitalize()}–{last} {year}"
