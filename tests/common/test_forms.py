"""The one way dates are typed everywhere: DD/MM/YYYY in a text box, with errors that say what
was wrong."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError

from icportal.common.forms import DAY_EXAMPLE, DayField, parse_day


@pytest.mark.parametrize(
    "typed",
    ["27/03/2026", "27/3/2026", "27-03-2026", "27.03.2026", " 27 / 03 / 2026 ", "2026-03-27"],
)
def test_the_ways_people_write_a_day_all_read_as_that_day(typed):
    assert parse_day(typed) == dt.date(2026, 3, 27)


def test_a_single_digit_day_and_month_read_day_first():
    assert parse_day("7/3/2026") == dt.date(2026, 3, 7)  # 7 March, never 3 July


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("27/13/2026", "The month must be 1–12"),
        ("27/00/2026", "The month must be 1–12"),
        ("32/01/2026", "The day must be 1–31"),
        ("31/02/2026", "31/02/2026 is not a date: February 2026 has 28 days"),
        ("29/02/2027", "29/02/2027 is not a date: February 2027 has 28 days"),
        ("31/04/2026", "31/04/2026 is not a date: April 2026 has 30 days"),
        ("27/03/26", "Enter the year with four digits, like 2026"),
        ("27/03/0026", "Enter a year from 1900 on, like 2026"),
        ("27 March 2026", "Enter the date as day/month/year, like 27/03/2026"),
        ("27/03-2026", "Enter the date as day/month/year, like 27/03/2026"),
        ("03/27", "Enter the date as day/month/year, like 27/03/2026"),
    ],
)
def test_each_mistake_is_named(typed, message):
    with pytest.raises(ValidationError) as exc:
        parse_day(typed)
    assert exc.value.messages == [message]


def test_a_leap_day_is_a_date():
    assert parse_day("29/02/2028") == dt.date(2028, 2, 29)


class _Form(forms.Form):
    sent_on = DayField(label="Date sent", help_text="The day it left.")
    maybe = DayField(label="Maybe", required=False)


def test_the_box_is_text_with_a_visible_example_never_the_browser_date_box():
    html = str(_Form(initial={"sent_on": dt.date(2026, 3, 7)})["sent_on"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="07/03/2026"' in html  # shown the way every page prints dates
    assert _Form().fields["sent_on"].help_text == f"The day it left. {DAY_EXAMPLE}"
    assert _Form().fields["maybe"].help_text == "For example, 27/03/2026"


def test_iso_from_a_link_shows_as_dd_mm_yyyy_and_a_mistake_is_shown_back_as_typed():
    form = _Form({"sent_on": "2026-03-07", "maybe": "31/02/2026"})
    assert 'value="07/03/2026"' in str(form["sent_on"])
    assert not form.is_valid()
    assert form.cleaned_data["sent_on"] == dt.date(2026, 3, 7)
    assert form.errors["maybe"] == ["31/02/2026 is not a date: February 2026 has 28 days"]
    assert 'value="31/02/2026"' in str(form["maybe"])


def test_an_empty_optional_day_is_none_and_a_required_one_is_asked_for():
    form = _Form({"sent_on": "", "maybe": ""})
    assert not form.is_valid()
    assert "sent_on" in form.errors and "maybe" not in form.errors
    assert form.cleaned_data["maybe"] is None
