"""Calendar helpers for the eligibility rules.

Decisions (the programme publishes none, so these follow our reading of the Korean
Civil Act, Arts. 157-160, and are covered by tests):

* **Closing date.** A call closes at an aware datetime; "at the closing date" means
  the calendar date of that instant in Korea time (Asia/Seoul, UTC+9, no DST).
  A deadline of 2025-07-31 23:59 KST (14:59 UTC) is judged on 2025-07-31.
* **Anniversaries ("within N years of the PhD").** ``add_years`` moves a date N
  years on; 29 February becomes 28 February when the target year has no 29
  February. The period starts the day after the PhD and ends at the end of the
  day before the corresponding day, i.e. on the anniversary itself, so a PhD
  exactly N years before the closing date passes and one day earlier fails.
* **Age.** Completed years, counting the day of birth: someone born on 29
  February turns a year older on 1 March in non-leap years (Civil Act Art.
  160(3): the year ends with the last day of February).
"""

from __future__ import annotations

from calendar import isleap, monthrange
from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

KOREA = ZoneInfo("Asia/Seoul")


class DatedSpan(Protocol):
    start: date
    end: date


def closing_date_in_korea(*, closes_at: datetime) -> date:
    """The calendar date of ``closes_at`` in Korea time."""
    if closes_at.tzinfo is None or closes_at.utcoffset() is None:
        raise ValueError(f"closes_at must be timezone-aware, got naive {closes_at!r}")
    return closes_at.astimezone(KOREA).date()


def add_years(*, start: date, years: int) -> date:
    """``start`` moved ``years`` years on; 29 February becomes 28 February in non-leap years."""
    target_year = start.year + years
    if start.month == 2 and start.day == 29 and not isleap(target_year):
        return date(target_year, 2, 28)
    return start.replace(year=target_year)


def completed_years(*, born: date, on: date) -> int:
    """Age in completed years on ``on``; a 29 February birthday counts on 1 March in non-leap years."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def completed_months(*, start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (``end`` >= ``start``), for messages.

    A month is complete on the same day of the month, or on the last day of a
    shorter month (31 January to 28 February is one month), matching ``add_years``.
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < min(start.day, _last_day_of_month(end)):
        months -= 1
    return months


def count_break_days(*, breaks: Iterable[DatedSpan], after: date, before: date) -> int:
    """Days covered by ``breaks`` strictly after ``after`` and strictly before ``before``.

    Each break covers its start and end days; days covered by several breaks are
    counted once.
    """
    first = after.toordinal() + 1
    last = before.toordinal() - 1
    if last < first:
        return 0
    spans = sorted(
        (max(span.start.toordinal(), first), min(span.end.toordinal(), last))
        for span in breaks
        if span.end.toordinal() >= first and span.start.toordinal() <= last
    )
    total = 0
    current_start = current_end = None
    for span_start, span_end in spans:
        if current_end is not None and span_start <= current_end + 1:
            current_end = max(current_end, span_end)
            continue
        if current_end is not None:
            total += current_end - current_start + 1
        current_start, current_end = span_start, span_end
    if current_end is not None:
        total += current_end - current_start + 1
    return total


def _last_day_of_month(day: date) -> int:
    return monthrange(day.year, day.month)[1]
