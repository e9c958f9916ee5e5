"""IST display and the Indian financial year (April–March, written 2026-27)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

IST = ZoneInfo("Asia/Kolkata")


def ist_now() -> dt.datetime:
    return timezone.now().astimezone(IST)


def ist_today() -> dt.date:
    return ist_now().date()


def financial_year(day: dt.date | dt.datetime | None = None) -> str:
    """'2026-27' for any date from 1 April 2026 to 31 March 2027 (datetimes are taken in IST)."""
    if day is None:
        day = ist_today()
    elif isinstance(day, dt.datetime):
        day = (day if timezone.is_aware(day) else day.replace(tzinfo=IST)).astimezone(IST).date()
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def financial_year_bounds(fy: str) -> tuple[dt.date, dt.date]:
    start = int(fy[:4])
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)
