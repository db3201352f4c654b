"""The article's own date: a full date where the page states it, else month and day.

A page header may also show the day it was viewed ("Friday, 29 September 2023"); a date after
a weekday is skipped. A dateline ("MINSK, 1 June (BelTA)") or "on 27 April" gives only MM-DD.
"""

from __future__ import annotations

import datetime as dt
import re

from coopatlas.intake.periods import MONTH_EN, MONTH_RU, month_en, month_ru

_DMY = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?!\d)")
_D_MONTH_Y_EN = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({MONTH_EN})\.?,?\s+((?:19|20)\d\d)", re.I)
_MONTH_D_Y_EN = re.compile(rf"(?<!\w)({MONTH_EN})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)", re.I)
_D_MONTH_Y_RU = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({MONTH_RU})\s+((?:19|20)\d\d)", re.I)
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_WEEKDAY = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среда|"
    r"четверг|пятница|суббота|воскресенье),?\s*$",
    re.I,
)
_DATELINE = re.compile(
    rf"\b[A-ZА-ЯЁ][A-ZА-ЯЁ\- ]{{2,}},\s+(\d{{1,2}})\s+({MONTH_EN}|{MONTH_RU})\b\.?\s*\(", re.I
)
_ON_DAY = re.compile(rf"\bon\s+(\d{{1,2}})\s+({MONTH_EN})\b(?!\.?,?\s+\d)", re.I)


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
    candidates: list[tuple[int, dt.date]] = []
    loose: list[tuple[int, dt.date]] = []
    for rx, order in (
        (_DMY, "dmy"), (_D_MONTH_Y_EN, "dMy"), (_MONTH_D_Y_EN, "Mdy"), (_D_MONTH_Y_RU, "dMy"),
        (_ISO, "ymd"),
    ):  # fmt: skip
        for m in rx.finditer(head):
            if _WEEKDAY.search(head[max(0, m.start() - 14) : m.start()]):
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
            line = head[line_start : line_end if line_end >= 0 else len(head)]
            # a date alone on its line, after "Posted", or followed by a time is the page's own
            own = (
                re.search(r"posted|published|\bdate\b|опубликовано|дата", line, re.I)
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
    for rx in (_DATELINE, _ON_DAY):
        m = rx.search(text[:2000])
        if m:
            day, month = int(m.group(1)), _month(m.group(2))
            if safe_date(2000, month, day):
                return None, f"{month:02d}-{day:02d}"
    return None, None
