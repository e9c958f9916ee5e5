"""The dashboard's date range: whole IST days, and the presets offered beside the form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icportal.common.dates import IST, financial_year, financial_year_bounds

MAX_DAYS = 366  # one year, leap day included


@dataclass(frozen=True)
class Period:
    """From the first to the last IST day, both included."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        """IST midnight starting the first day (compared with UTC timestamps by the database)."""
        return dt.datetime.combine(self.first, dt.time.min, tzinfo=IST)

    @property
    def end(self) -> dt.datetime:
        """IST midnight after the last day: the range is start <= t < end."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, tzinfo=IST)

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def financial_year(self) -> str:
        """The financial year of the last day: the year whose entitlements are shown."""
        return financial_year(self.last)

    @property
    def label(self) -> str:
        return gettext("%(first)s to %(last)s") % {
            "first": f"{self.first:%d/%m/%Y}",
            "last": f"{self.last:%d/%m/%Y}",
        }

    @property
    def stem(self) -> str:
        return f"{self.first:%Y%m%d}-{self.last:%Y%m%d}"


PRESETS = (
    ("30d", _("Last 30 days")),
    ("90d", _("Last 90 days")),
    ("fy", _("This financial year")),
    ("last_fy", _("Last financial year")),
)
DEFAULT_PRESET = "30d"


def preset_period(key: str, today: dt.date) -> Period:
    if key == "30d":
        return Period(today - dt.timedelta(days=29), today)
    if key == "90d":
        return Period(today - dt.timedelta(days=89), today)
    this_year = financial_year(today)
    if key == "fy":
        return Period(financial_year_bounds(this_year)[0], today)
    if key == "last_fy":
        previous = financial_year(financial_year_bounds(this_year)[0] - dt.timedelta(days=1))
        return Period(*financial_year_bounds(previous))
    raise ValueError(f"No preset {key!r}")
