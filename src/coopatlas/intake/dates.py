"""The article's own date: a full date where the page states it, else month and day.

A page header may also show the day it was viewed ("Friday, 29 September 2023"); a date after
a weekday is skipped. A dateline ("MINSK, 1 June (BelTA)") or "on 27 April" gives only MM-DD.
"""

from __future__ import annotations

import datetime as dt
import re

from coopatlas.intake.folding import Folded, lowered
from coopatlas.intake.periods import MONTH_EN, MONTH_RU, month_en, month_ru

# the month names are another module's: folded when they can be (strict=False)
# (\d(?<!\d\d)\d?) is (?<!\d)(\d{1,2}) written to start with a digit, which lets ``re`` skip
# to the digits of the text instead of trying the lookbehind at every character
_DMY = re.compile(r"(\d(?<!\d\d)\d?)\.(\d{1,2})\.((?:19|20)\d\d)(?!\d)")
_D_MONTH_Y_EN = Folded(
    re.compile(rf"(\d(?<!\d\d)\d?)\s+({MONTH_EN})\.?,?\s+((?:19|20)\d\d)", re.I), strict=False
)
_MONTH_D_Y_EN = Folded(
    re.compile(rf"(?<!\w)({MONTH_EN})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)", re.I), strict=False
)
_D_MONTH_Y_RU = Folded(
    re.compile(rf"(\d(?<!\d\d)\d?)\s+({MONTH_RU})\s+((?:19|20)\d\d)", re.I), strict=False
)
_ISO = re.compile(r"((?:19|20)(?<!\d\d\d)\d\d)-(\d\d)-(\d\d)(?!\d)")
_WEEKDAY = Folded(
    re.compile(
        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среда|"
        r"четверг|пятница|суббота|воскресенье),?\s*$",
        re.I,
    )
)
_OWN_LINE = Folded(re.compile(r"posted|published|\bdate\b|опубликовано|дата", re.I))
_DATELINE = Folded(  # a place in capitals, any case though (IGNORECASE): "MINSK, 1 June ("
    re.compile(
        rf"\b[a-zа-яё][a-zа-яё\- ]{{2,}},\s+(\d{{1,2}})\s+({MONTH_EN}|{MONTH_RU})\b\.?\s*\(", re.I
    ),
    strict=False,
)
_DATELINE_TAIL = Folded(  # what follows the place: rare, and found in one quick scan
    re.compile(rf",\s+\d{{1,2}}\s+(?:{MONTH_EN}|{MONTH_RU})\b\.?\s*\(", re.I), strict=False
)
_ON_DAY = Folded(
    re.compile(rf"\bon\s+(\d{{1,2}})\s+({MONTH_EN})\b(?!\.?,?\s+\d)", re.I), strict=False
)


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month(word: str) -> int:
    return month_ru(word) if re.match(r"[а-яё]", word, re.I) else month_en(word)


def published_date(text: str, html_date: str | None = None) -> tuple[dt.date | None, str | None]:
    """The article's own date (full, else month and day), not the day the page was viewed."""
    if html_date:
        m = _ISO.search(html_date)
        if m:
            d = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                return d, d.strftime("%m-%d")
    head = text[:800]
    low = lowered(head)
    candidates: list[tuple[int, dt.date]] = []
    loose: list[tuple[int, dt.date]] = []
    for rx, order in (
        (_DMY, "dmy"), (_D_MONTH_Y_EN, "dMy"), (_MONTH_D_Y_EN, "Mdy"), (_D_MONTH_Y_RU, "dMy"),
        (_ISO, "ymd"),
    ):  # fmt: skip
        # the month word may come lower-cased: _month reads either
        matches = rx.finditer(head) if isinstance(rx, re.Pattern) else rx.finditer(head, low)
        for m in matches:
            before = max(0, m.start() - 14)
            if _WEEKDAY.search(head[before : m.start()], low and low[before : m.start()]):
                continue
            a, b, c = m.groups()
            if order == "dmy":
                d = safe_date(int(c), int(b), int(a))
            elif order == "dMy":
                d = safe_date(int(c), _month(b), int(a))
            elif order == "Mdy":
                d = safe_date(int(c), _month(a), int(b))
            else:
                d = safe_date(int(a), int(b), int(c))
            if d is None:
                continue
            line_start = head.rfind("\n", 0, m.start()) + 1
            line_end = head.find("\n", m.end())
            line_end = line_end if line_end >= 0 else len(head)
            line = head[line_start:line_end]
            # a date alone on its line, after "Posted", or followed by a time is the page's own
            own = (
                _OWN_LINE.search(line, low and low[line_start:line_end])
                or re.match(r"\s*[,|]?\s*\d{1,2}:\d\d", head[m.end() : m.end() + 8])
                or len(line.strip()) <= len(m.group(0)) + 8
            )
            if own:
                candidates.append((m.start(), d))
            elif m.start() < 300:
                loose.append((m.start(), d))
    if not candidates:
        candidates = sorted(loose)[:1]
    if candidates:
        d = min(candidates)[1]
        return d, d.strftime("%m-%d")
    start = text[:2000]
    start_low = lowered(start)
    # the place's run of letters is tried from every word start: only where a tail is
    datelines = (_DATELINE,) if _DATELINE_TAIL.search(start, start_low) else ()
    for rx in (*datelines, _ON_DAY):
        m = rx.search(start, start_low)
        if m:
            day, month = int(m.group(1)), _month(m.group(2))
            if safe_date(2000, month, day):
                return None, f"{month:02d}-{day:02d}"
    return None, None
