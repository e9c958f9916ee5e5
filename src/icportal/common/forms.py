"""Form fields shared by every app: a day typed as DD/MM/YYYY (never the browser's date box).

The native `<input type="date">` shows mm/dd/yyyy in many browsers while every page prints
dd/mm/yyyy, so a date is one text box with a visible example; `parse_day` says what was wrong.
ISO yyyy-mm-dd is accepted too: links, exports and bookmarks already carry it in URLs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DAY_EXAMPLE = gettext_lazy("For example, 27/03/2026")
_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SHAPE = gettext_lazy("Enter the date as day/month/year, like 27/03/2026")


def parse_day(text: str) -> dt.date | None:
    """'27/03/2026', '7/3/2026', '27-03-2026', '27.03.2026' or '2026-03-27' → a date; '' → None."""
    text = (text or "").strip()
    if not text:
        return None
    if iso := _ISO.fullmatch(text):
        year, month, day = iso.groups()
    elif dmy := _DMY.fullmatch(text):
        day, _sep, month, year = dmy.groups()
    else:
        raise ValidationError(_SHAPE, code="invalid")
    if len(year) != 4:
        raise ValidationError(_("Enter the year with four digits, like 2026"), code="invalid_year")
    d, m, y = int(day), int(month), int(year)
    if not 1 <= m <= 12:
        raise ValidationError(_("The month must be 1–12"), code="invalid_month")
    if not 1 <= d <= 31:
        raise ValidationError(_("The day must be 1–31"), code="invalid_day")
    if y < 1900:
        raise ValidationError(_("Enter a year from 1900 on, like 2026"), code="invalid_year")
    try:
        return dt.date(y, m, d)
    except ValueError:
        last = calendar.monthrange(y, m)[1]
        raise ValidationError(
            _("%(day)s is not a date: %(month)s %(year)d has %(last)d days")
            % {"day": f"{d:02d}/{m:02d}/{y}", "month": MONTHS[m], "year": y, "last": last},
            code="not_a_date",
        ) from None


def format_day(value) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else (value or "")


class DayInput(forms.TextInput):
    """A plain text box: no native picker, no placeholder (the example is a visible hint)."""

    def __init__(self, attrs=None):
        base = {"class": "form-control", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(attrs={**base, **(attrs or {})})

    def format_value(self, value):
        return format_day(value) or None


class DayField(forms.Field):
    """One day, typed DD/MM/YYYY (also D/M/YYYY, with '-' or '.', or ISO); cleans to a date."""

    widget = DayInput

    def __init__(self, *, help_text: str = "", **kwargs):
        # Lazy: a form class is built once, at import, and read in each request's language.
        hint = format_lazy("{} {}", help_text, DAY_EXAMPLE) if help_text else DAY_EXAMPLE
        super().__init__(help_text=hint, **kwargs)

    def to_python(self, value):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_day(str(value or ""))

    def prepare_value(self, value):
        """A date, or ISO from a link's query string, shows as DD/MM/YYYY; anything else typed
        is shown back as it was, beside its message."""
        if isinstance(value, str) and _ISO.fullmatch(value.strip()):
            try:
                value = parse_day(value)
            except ValidationError:
                return value
        return format_day(value) if isinstance(value, dt.date) else value
