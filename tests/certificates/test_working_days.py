"""The working days an application has waited (Mon–Sat, IST): counted as a day-by-day walk would."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from icportal.certificates.selectors import working_days_between
from icportal.common.dates import IST

moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1))


def _walked(start: dt.datetime, end: dt.datetime) -> int:
    first, last = start.astimezone(IST).date(), end.astimezone(IST).date()
    return sum(
        1
        for n in range(1, (last - first).days + 1)
        if (first + dt.timedelta(days=n)).weekday() != 6
    )


@given(moments, moments)
def test_working_days_are_every_day_after_the_first_but_sundays(start, end):
    start, end = start.replace(tzinfo=dt.UTC), end.replace(tzinfo=dt.UTC)
    assert working_days_between(start, end) == _walked(start, end)


def test_a_saturday_submission_is_one_working_day_old_on_monday():
    saturday = dt.datetime(2026, 12, 5, 10, tzinfo=IST)
    assert working_days_between(saturday, saturday + dt.timedelta(days=2)) == 1
