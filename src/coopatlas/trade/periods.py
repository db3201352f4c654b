"""Period labels and shifts: one year back, the previous period, the kind of a period.

Why a module: news quote odd spans (January–May, nine months, H1); every indicator compares
a span with the same span a year earlier, and people read the span as a short label.
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_end(year: int, month: int) -> dt.date:
    """The last day of *month* in *year*."""
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def shift_years(day: dt.date, years: int, *, end: bool = False) -> dt.date:
    """*day* moved by *years*; a period end on a month's last day stays on the last day."""
    year = day.year + years
    if end and _is_month_end(day):
        return month_end(year, day.month)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def months_spanned(start: dt.date, end: dt.date) -> int | None:
    """Whole calendar months from *start* to *end*, or None when the span is not whole months."""
    if start.day != 1 or not _is_month_end(end):
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The span just before (for a growth stated against the previous period)."""
    months = months_spanned(start, end)
    if months is None:
        return None
    index = start.year * 12 + start.month - 1 - months
    first = dt.date(index // 12, index % 12 + 1, 1)
    last_index = index + months - 1
    return first, month_end(last_index // 12, last_index % 12 + 1)


def same_period_last_year(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    return shift_years(start, -1), shift_years(end, -1, end=True)


def label(start: dt.date, end: dt.date) -> str:
    """'2022', '2023-Q1', '2023-H1', '2023-03', '2023 Jan–May', '2021–2022', or the dates."""
    months = months_spanned(start, end)
    if months is None:
        return f"{start.isoformat()}–{end.isoformat()}"
    if start.month == 1 and months % 12 == 0:
        years = months // 12
        return str(start.year) if years == 1 else f"{start.year}–{start.year + years - 1}"
    if start.year == end.year:
        if months == 1:
            return f"{start.year}-{start.month:02d}"
        if months == 3 and start.month % 3 == 1:
            return f"{start.year}-Q{start.month // 3 + 1}"
        if months == 6 and start.month in (1, 7):
            return f"{start.year}-H{1 if start.month == 1 else 2}"
        return f"{start.year} {MONTHS[start.month - 1]}–{MONTHS[end.month - 1]}"
    return f"{start.year} {MONTHS[start.month - 1]}–{end.year} {MONTHS[end.month - 1]}"


def fits(start: dt.date, end: dt.date, by: str) -> bool:
    """Whether a stated period belongs in a series by year (year or year to date), quarter
    or month."""
    months = months_spanned(start, end)
    if months is None:
        return False
    if by == "year":
        return start.month == 1 and start.year == end.year
    if by == "quarter":  # a quarter, or the latest quarter to date
        return months <= 3 and start.month % 3 == 1 and (end.month - 1) // 3 == start.month // 3
    if by == "month":
        return months == 1
    raise ValueError(by)
