"""The reports' writes: the dashboard's daily roll-ups, and its figures for the preset ranges
computed ahead of visits. Both are derived data (rebuilt from the facts at any time): no audit row."""

from __future__ import annotations

import datetime as dt
import inspect

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from icportal.certificates.models import Application, ImportCertificate
from icportal.complaints.models import Complaint
from icportal.esanchit.models import Upload
from icportal.offices.models import Office

from . import dashboard_selectors  # noqa: F401 (registers every section's computation)
from .dashboard_cache import FIGURES, dashboard_cache, figures_key
from .dashboard_facts import day_facts
from .dashboard_period import PRESETS, Period, preset_period
from .models import DailyFigures, DailyHours, RollupDay

ROLLUP_DAYS_PER_STEP = 31  # a month of facts per transaction when building many days
# Where the facts the dashboard counts start (each timestamp is indexed).
_FACT_TIMES = (
    (Application, "submitted_at"),
    (ImportCertificate, "issued_at"),
    (Upload, "created_at"),
    (Complaint, "created_at"),
)


def _preset_figures(today: dt.date) -> list[tuple[str, int | None, dict]]:
    """(section, office, arguments) of every section of every preset range, for all offices and
    for each active office: the default range first; no entry twice."""
    offices = Office.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    takes = {name: inspect.signature(compute).parameters for name, compute in FIGURES.items()}
    entries: dict[str, tuple[str, int | None, dict]] = {}
    for preset, _label in PRESETS:
        period = preset_period(preset, today)
        arguments = {"period": period, "financial_year": period.financial_year}
        for office_id in [None, *offices]:
            for name, wanted in takes.items():
                kwargs = {arg: value for arg, value in arguments.items() if arg in wanted}
                key = figures_key(name, office_id=office_id, **kwargs)
                entries.setdefault(key, (name, office_id, kwargs))
    return list(entries.values())


def dashboard_figures_refresh(*, today: dt.date, limit: int) -> int:
    """Compute again up to `limit` sections of the preset ranges whose kept figures are due.

    Head office and staff opening the dashboard on a preset range then read figures at most
    DASHBOARD_CACHE_SECONDS old without waiting for them. A section is due once two thirds of
    that time have passed since it was computed here, so it is replaced before it runs out. A
    marker kept for those two thirds says so; `add` stores it only when it is missing, so of
    several workers only one takes a due section, and doing one again is harmless (the figures
    are computed afresh). Returns how many were computed: fewer than `limit` when no more are
    due. Nothing is kept when DASHBOARD_CACHE_SECONDS is 0.
    """
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return 0
    cache, done = dashboard_cache(), 0
    for name, office_id, kwargs in _preset_figures(today):
        if done >= limit:
            break
        key = figures_key(name, office_id=office_id, **kwargs)
        marker = f"{key}:computed"
        if not cache.add(marker, True, max(seconds * 2 // 3, 1)):
            continue
        try:
            figures = FIGURES[name](office_id=office_id, **kwargs)
        except BaseException:
            cache.delete(marker)  # due again at the next pass
            raise
        cache.set(key, figures, seconds)
        done += 1
    return done


@transaction.atomic
def _rollup_write(period: Period) -> int:
    """Build the days of `period` again from the facts, in one transaction. Returns the days."""
    facts = day_facts(period)
    days = period.days
    for model in (DailyFigures, DailyHours, RollupDay):
        model.objects.filter(day__gte=period.first, day__lte=period.last).delete()
    figures, hours = [], []
    for (day, office), value in facts.items():
        times = {kind: {"n": value[kind]["n"], "w": value[kind]["w"]} for kind in ("issue", "irn")}
        figures.append(
            DailyFigures(
                day=day,
                office_id=office,
                ics=value["ics"],
                uploads=value["uploads"],
                complaints=value["complaints"],
                **times,
            )
        )
        hours += [
            DailyHours(day=day, office_id=office, kind=kind, bin=int(key[1:]), hours=values)
            for kind in ("issue", "irn")
            for key, values in value[kind]["h"].items()
        ]
    DailyFigures.objects.bulk_create(figures, batch_size=500)
    DailyHours.objects.bulk_create(hours, batch_size=500)
    open_days = {day for (day, _), value in facts.items() if value.open}
    now = timezone.now()
    RollupDay.objects.bulk_create(
        [RollupDay(day=day, built_at=now, open=day in open_days) for day in days], batch_size=500
    )
    return len(days)


def dashboard_rollup_build(*, first: dt.date, last: dt.date) -> int:
    """Build the daily roll-ups of every day from `first` to `last` (both included), a month per
    transaction; days already built are built again. Returns how many days were built."""
    done, start = 0, first
    while start <= last:
        end = min(last, start + dt.timedelta(days=ROLLUP_DAYS_PER_STEP - 1))
        done += _rollup_write(Period(start, end))
        start = end + dt.timedelta(days=1)
    return done


def dashboard_rollup_catch_up(*, today: dt.date, limit: int) -> int:
    """One step of keeping the roll-ups current; returns how many days were built.

    Up to ROLLUP_DAYS_PER_STEP days after the last one built (the first time: from the oldest
    fact) up to yesterday; then up to `limit` open days — whose figures a later event can still
    change (an application waiting, an IC without IRN, an upload not final, a complaint not
    resolved) — built more than ROLLUP_REFRESH_SECONDS ago, longest ago first. Today is never
    rolled up: a read computes it from the facts, so a new IC shows at once.
    """
    yesterday = today - dt.timedelta(days=1)
    latest = RollupDay.objects.order_by("-day").values_list("day", flat=True).first()
    first = first_fact_day() if latest is None else latest + dt.timedelta(days=1)
    done = 0
    if first is not None and first <= yesterday:
        last = min(yesterday, first + dt.timedelta(days=ROLLUP_DAYS_PER_STEP - 1))
        done += _rollup_write(Period(first, last))
    since = timezone.now() - dt.timedelta(seconds=settings.DASHBOARD_ROLLUP_REFRESH_SECONDS)
    stale = RollupDay.objects.filter(open=True, built_at__lt=since).order_by("built_at", "day")
    for day in list(stale.values_list("day", flat=True)[:limit]):
        done += _rollup_write(Period(day, day))
    return done


def first_fact_day() -> dt.date | None:
    """The IST day of the oldest fact the dashboard counts (its first application submitted)."""
    earliest = [
        model.objects.order_by(field)
        .values_list(field, flat=True)
        .filter(**{f"{field}__isnull": False})
        .first()
        for model, field in _FACT_TIMES
    ]
    found = [timezone.localtime(at).date() for at in earliest if at is not None]
    return min(found) if found else None
