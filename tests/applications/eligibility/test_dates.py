"""Property tests for the calendar decisions: inclusive N-year windows, leap days, ages, KST closing dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from applications.eligibility import BreakPeriod, add_years, closing_date_in_korea, completed_years, count_break_days
from applications.eligibility.dates import completed_months

from .builders import line_for, make_applicant, make_call

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31))
years = st.integers(min_value=0, max_value=15)
KST = timezone(timedelta(hours=9))


def earliest_eligible_phd(*, closing: date, n: int) -> date:
    """Independent oracle: the first PhD date whose N-year anniversary is not before ``closing``.

    With anniversaries of 29 February falling on 28 February, a closing date of 29
    February is first reached by a PhD on 1 March N years earlier.
    """
    try:
        return closing.replace(year=closing.year - n)
    except ValueError:
        return date(closing.year - n, 3, 1)


def birthday_in(*, born: date, year: int) -> date:
    """Independent oracle: the day a person born on ``born`` turns a year older in ``year``."""
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


@given(phd=dates, n=years)
def test_phd_exactly_n_years_before_closing_passes_and_a_day_later_closing_fails(phd, n):
    anniversary = add_years(start=phd, years=n)
    on_time = line_for(code="years_since_phd", applicant=make_applicant(phd_date=phd),
                       call=make_call(closing_date=anniversary), params={"max_years": n})
    late = line_for(code="years_since_phd", applicant=make_applicant(phd_date=phd),
                    call=make_call(closing_date=anniversary + timedelta(days=1)), params={"max_years": n})
    assert on_time.outcome == "passed"
    assert late.outcome == "failed"


@given(closing=dates, n=years)
def test_earliest_eligible_phd_passes_and_the_day_before_fails(closing, n):
    earliest = earliest_eligible_phd(closing=closing, n=n)
    call = make_call(closing_date=closing)
    passing = line_for(code="years_since_phd", applicant=make_applicant(phd_date=earliest), call=call,
                       params={"max_years": n})
    failing = line_for(code="years_since_phd", applicant=make_applicant(phd_date=earliest - timedelta(days=1)),
                       call=call, params={"max_years": n})
    assert passing.outcome == "passed"
    assert failing.outcome == "failed"


@given(n=st.integers(min_value=1, max_value=40), leap_year=st.sampled_from([1996, 2000, 2004, 2016, 2020, 2024]))
def test_29_february_anniversary_is_28_february_in_non_leap_years(n, leap_year):
    anniversary = add_years(start=date(leap_year, 2, 29), years=n)
    target = leap_year + n
    is_leap = target % 4 == 0 and (target % 100 != 0 or target % 400 == 0)
    assert anniversary == (date(target, 2, 29) if is_leap else date(target, 2, 28))


def test_phd_on_29_february_is_within_7_years_on_28_february_but_not_on_1_march():
    applicant = make_applicant(phd_date=date(2016, 2, 29))
    last_day = line_for(code="years_since_phd", applicant=applicant, call=make_call(closing_date=date(2023, 2, 28)))
    next_day = line_for(code="years_since_phd", applicant=applicant, call=make_call(closing_date=date(2023, 3, 1)))
    assert last_day.outcome == "passed"
    assert last_day.values["latest_date"] == "2023-02-28"
    assert "7 years 0 months" in last_day.message_en
    assert next_day.outcome == "failed"


@given(born=dates, limit=st.integers(min_value=18, max_value=60))
def test_age_limit_passes_until_the_day_before_the_next_birthday(born, limit):
    birthday = birthday_in(born=born, year=born.year + limit + 1)
    applicant = make_applicant(date_of_birth=born)
    day_before = line_for(code="years_since_phd", applicant=applicant,
                          call=make_call(closing_date=birthday - timedelta(days=1)), params={"age_limit": limit})
    on_birthday = line_for(code="years_since_phd", applicant=applicant, call=make_call(closing_date=birthday),
                           params={"age_limit": limit})
    assert day_before.outcome == "passed"
    assert day_before.values["age"] == limit
    assert on_birthday.outcome == "failed"
    assert on_birthday.values["age"] == limit + 1


def test_29_february_birthday_counts_on_1_march_in_non_leap_years():
    born = date(1988, 2, 29)
    assert completed_years(born=born, on=date(2027, 2, 28)) == 38
    assert completed_years(born=born, on=date(2027, 3, 1)) == 39
    assert completed_years(born=born, on=date(2028, 2, 28)) == 39
    assert completed_years(born=born, on=date(2028, 2, 29)) == 40


@given(instant=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2070, 1, 1),
                            timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-7)),
                                                       timezone(timedelta(hours=5, minutes=30))])))
def test_closing_date_is_the_calendar_date_in_korea(instant):
    assert closing_date_in_korea(closes_at=instant) == instant.astimezone(KST).date()


def test_deadline_at_23_59_kst_is_judged_on_that_korean_date_not_the_next_day_nor_the_utc_date():
    deadline = datetime(2025, 7, 31, 14, 59, tzinfo=timezone.utc)
    assert closing_date_in_korea(closes_at=deadline) == date(2025, 7, 31)
    assert closing_date_in_korea(closes_at=datetime(2025, 7, 31, 15, 0, tzinfo=timezone.utc)) == date(2025, 8, 1)
    call = make_call(closes_at=deadline)
    assert call.closing_date == date(2025, 7, 31)
    exactly_seven_years = line_for(code="years_since_phd", applicant=make_applicant(phd_date=date(2018, 7, 31)),
                                   call=call)
    assert exactly_seven_years.outcome == "passed"
    assert exactly_seven_years.values["closing_date"] == "2025-07-31"


def test_deadline_early_in_the_korean_day_is_not_judged_on_the_previous_utc_date():
    deadline = datetime(2025, 8, 1, 0, 30, tzinfo=KST)
    assert deadline.astimezone(timezone.utc).date() == date(2025, 7, 31)
    assert closing_date_in_korea(closes_at=deadline) == date(2025, 8, 1)


def test_naive_closing_datetime_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        make_call(closes_at=datetime(2025, 7, 31, 23, 59))


spans = st.tuples(st.dates(min_value=date(2010, 1, 1), max_value=date(2026, 12, 31)),
                  st.integers(min_value=0, max_value=500))
break_lists = st.lists(spans, max_size=5).map(
    lambda items: [BreakPeriod("parental_leave", start, start + timedelta(days=length)) for start, length in items]
)


def break_days_by_enumeration(*, breaks, after: date, before: date) -> int:
    days = set()
    for item in breaks:
        day = item.start
        while day <= item.end:
            if after < day < before:
                days.add(day)
            day += timedelta(days=1)
    return len(days)


@given(breaks=break_lists, after=st.dates(min_value=date(2012, 1, 1), max_value=date(2020, 12, 31)),
       length=st.integers(min_value=0, max_value=3000))
def test_break_days_count_each_day_inside_the_window_once(breaks, after, length):
    before = after + timedelta(days=length)
    assert count_break_days(breaks=breaks, after=after, before=before) == break_days_by_enumeration(
        breaks=breaks, after=after, before=before
    )


@given(breaks=break_lists, phd=st.dates(min_value=date(2012, 1, 1), max_value=date(2020, 12, 31)),
       n=st.integers(min_value=0, max_value=8), closing_offset=st.integers(min_value=0, max_value=4500))
def test_career_breaks_extend_the_limit_by_exactly_their_days_inside_the_window(breaks, phd, n, closing_offset):
    closing = phd + timedelta(days=closing_offset)
    line = line_for(code="years_since_phd", applicant=make_applicant(phd_date=phd, career_breaks=breaks),
                    call=make_call(closing_date=closing), params={"max_years": n})
    expected_days = break_days_by_enumeration(breaks=breaks, after=phd, before=closing)
    latest = add_years(start=phd, years=n) + timedelta(days=expected_days)
    assert line.values["break_days"] == expected_days
    assert line.outcome == ("passed" if closing <= latest else "failed")


def test_overlapping_breaks_are_not_double_counted_and_days_outside_the_window_are_ignored():
    breaks = [
        BreakPeriod("parental_leave", date(2019, 1, 1), date(2019, 1, 31)),
        BreakPeriod("illness", date(2019, 1, 20), date(2019, 2, 9)),
        BreakPeriod("military_service", date(2014, 1, 1), date(2016, 3, 1)),
    ]
    assert count_break_days(breaks=breaks, after=date(2016, 2, 28), before=date(2025, 7, 31)) == 40 + 2


@given(start=dates, end=dates)
def test_completed_months_agree_with_year_anniversaries(start, end):
    if end < start:
        start, end = end, start
    whole_years = completed_months(start=start, end=end) // 12
    assert add_years(start=start, years=whole_years) <= end
    assert add_years(start=start, years=whole_years + 1) > end
