"""A range's figures from the daily roll-ups (models.DailyFigures), exactly as a scan would give.

Days built (models.RollupDay) are read from their rows (DailyFigures; the hours of a bin from
DailyHours); days not built yet — today, or every day
before the first build — are computed from the facts (dashboard_facts.day_facts), a run of days at
a time. The medians: the bins' counts say which bin holds the middle value(s); only that bin's
hours are then read. PostgreSQL's percentile_cont and SQLite's avg of the middle two are
reproduced to the last bit.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from .dashboard_facts import (
    BIN_EDGES,
    BINS,
    BUCKETS,
    COMPLAINT_KEYS,
    UPLOAD_KEYS,
    WAITING,
    DayFacts,
    day_facts,
)
from .dashboard_period import Period
from .models import DailyFigures, DailyHours, RollupDay


def _plan(period: Period) -> tuple[bool, list[Period]]:
    """(whether any day of the period is built, the runs of consecutive days that are not).

    Read once per Period object — one request's sections share it — so the page's queries stay
    fixed (tests/reports/test_dashboard.py counts them).
    """
    known = period.__dict__.get("_rollup_plan")
    if known is not None:
        return known
    built = set(
        RollupDay.objects.filter(day__gte=period.first, day__lte=period.last).values_list(
            "day", flat=True
        )
    )
    runs: list[Period] = []
    for day in period.days:
        if day in built:
            continue
        if runs and runs[-1].last == day - dt.timedelta(days=1):
            runs[-1] = Period(runs[-1].first, day)
        else:
            runs.append(Period(day, day))
    plan = (bool(built), runs)
    object.__setattr__(period, "_rollup_plan", plan)  # a frozen dataclass: a cache, not state
    return plan


def _rows(period: Period, office_id: int | None):
    """The period's roll-up rows (an empty queryset, without a query, when none is built)."""
    if not _plan(period)[0]:
        return DailyFigures.objects.none()
    qs = DailyFigures.objects.filter(day__gte=period.first, day__lte=period.last)
    return qs if office_id is None else qs.filter(office_id=office_id)


def _computed(period: Period, office_id: int | None, kind: str) -> list[DayFacts]:
    found = []
    for run in _plan(period)[1]:
        found += day_facts(run, office_id, kinds=(kind,)).values()
    return found


def ics_per_day(period: Period, office_id: int | None) -> list[dict]:
    counts: dict[tuple, int] = {}
    for day, office, n in (
        _rows(period, office_id).filter(ics__gt=0).values_list("day", "office_id", "ics")
    ):
        counts[(day, office)] = n
    for run in _plan(period)[1]:
        for key, facts in day_facts(run, office_id, kinds=("ics",)).items():
            if facts["ics"]:
                counts[key] = facts["ics"]
    return [
        {"day": day, "office_id": office, "count": n} for (day, office), n in sorted(counts.items())
    ]


def _sum(target: dict, source: dict) -> None:
    for key, n in source.items():
        target[key] = target.get(key, 0) + n


def _counts(period: Period, office_id: int | None, section: str, keys) -> dict:
    """A counted section's totals: the kept days' rows, then the days computed from the facts."""
    totals = dict.fromkeys(keys, 0)
    for counts in _rows(period, office_id).values_list(section, flat=True):
        _sum(totals, counts)
    for facts in _computed(period, office_id, section):
        _sum(totals, facts[section])
    return totals


def upload_counts(period: Period, office_id: int | None) -> dict:
    return _counts(period, office_id, "uploads", UPLOAD_KEYS)


def complaint_counts(period: Period, office_id: int | None) -> dict:
    return _counts(period, office_id, "complaints", COMPLAINT_KEYS)


def _middle(low: float, high: float) -> float:
    """The median of an even count from its two middle values, as each database computes it."""
    if connection.vendor == "postgresql":
        return low + (high - low) * 0.5  # percentile_cont's interpolation
    return (low + high) / 2  # SQLite: avg() of the two


def times(period: Period, office_id: int | None, kind: str) -> dict:
    """{bucket key: n, "waiting": n, "median": hours or None} of `kind` ("issue" or "irn")."""
    bins, waiting = [0] * BINS, 0
    rows = _rows(period, office_id)
    for counts, w in rows.values_list(f"{kind}__n", f"{kind}__w"):
        if counts:
            bins = [a + b for a, b in zip(bins, counts, strict=True)]
            waiting += w
    computed = _computed(period, office_id, kind)
    for facts in computed:
        bins = [a + b for a, b in zip(bins, facts[kind]["n"], strict=True)]
        waiting += facts[kind]["w"]
    result: dict = {}
    first = 0
    for key, _, upper in BUCKETS:
        last = BINS - 1 if upper is None else BIN_EDGES.index(upper)
        result[key] = sum(bins[first : last + 1])
        first = last + 1
    result[WAITING] = waiting
    result["median"] = _median(bins, lambda b: _bin_values(b, period, office_id, computed, kind))
    return result


def _median(bins: list[int], bin_values) -> float | None:
    counted = sum(bins)
    if not counted:
        return None
    wanted = sorted({(counted - 1) // 2, counted // 2})  # 0-based ranks of the middle value(s)
    values: dict[int, float] = {}
    below, cache = 0, {}
    for b, n in enumerate(bins):
        for rank in wanted:
            if below <= rank < below + n and rank not in values:
                if b not in cache:
                    cache[b] = bin_values(b)
                values[rank] = cache[b][rank - below]
        below += n
    if len(wanted) == 1:
        return values[wanted[0]]
    return _middle(values[wanted[0]], values[wanted[1]])


def _bin_values(b: int, period: Period, office_id: int | None, computed, kind: str) -> list:
    values = []
    if _plan(period)[0]:
        stored = DailyHours.objects.filter(
            kind=kind, bin=b, day__gte=period.first, day__lte=period.last
        )
        if office_id is not None:
            stored = stored.filter(office_id=office_id)
        for hours in stored.values_list("hours", flat=True):
            values += hours
    key = f"b{b}"
    for facts in computed:
        values += facts[kind]["h"].get(key, [])
    values.sort()
    return values
