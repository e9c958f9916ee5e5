"""Keeping the dashboard's figures: each section's, per office and range, for DASHBOARD_CACHE_SECONDS.

A year of a busy council is some 360,000 ICs, and the time-taken figures join applications, ICs
and uploads: worth computing once per office and range, not on every visit. The figures live in
the "dashboard" cache (settings.CACHES), which the web processes share with the worker: its task
`reports.dashboard_figures` (services.dashboard_figures_refresh) computes the preset ranges of
every office and of all offices before the kept ones run out, so a visit reads them; any other
range is computed on its first visit and kept the same way. The key holds the office *after*
scoping, so office staff only ever share figures with their own office.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import caches

from icportal.accounts.roles import require_staff

from .dashboard_period import Period

FIGURES: dict[str, Callable] = {}  # selector name → its computation: (*, office_id, ...) → figures


_kept_only: ContextVar[bool] = ContextVar("dashboard_kept_only", default=False)


class NotKept(Exception):
    """A section's figures are not kept, and the caller asked not to compute them now."""


@contextmanager
def figures_kept_only() -> Iterator[None]:
    """Within: a section whose figures are not kept raises NotKept instead of computing them."""
    token = _kept_only.set(True)
    try:
        yield
    finally:
        _kept_only.reset(token)


def dashboard_cache():
    return caches["dashboard"]


def _office(user, office_id: int | None) -> int | None:
    """The office to show: staff always their own; head office the one asked for, or all."""
    scope = require_staff(user)
    return scope.office_id if scope.office_id is not None else office_id


def figures_key(name: str, *, office_id: int | None, **kwargs) -> str:
    bits = [
        f"{arg}={value.first}..{value.last}" if isinstance(value, Period) else f"{arg}={value}"
        for arg, value in sorted(kwargs.items())
    ]
    return ":".join(["dashboard", name, f"office={office_id}", *bits])


def figures_get(name: str, *, office_id: int | None, **kwargs):
    """The figures of one section, kept or computed now (and kept)."""
    compute, seconds = FIGURES[name], settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return compute(office_id=office_id, **kwargs)
    key = figures_key(name, office_id=office_id, **kwargs)
    value = dashboard_cache().get(key)
    if value is None and _kept_only.get():
        raise NotKept(key)
    if value is None:
        value = compute(office_id=office_id, **kwargs)
        dashboard_cache().set(key, value, seconds)
    return value


def figures(compute: Callable) -> Callable:
    """Make a section's computation a selector: `(*, user, office_id=None, ...)`, scoped to the
    user's office, read through the cache. The computation itself takes the office as scoped."""
    FIGURES[compute.__name__] = compute

    @wraps(compute)
    def read(*, user, office_id: int | None = None, **kwargs):
        return figures_get(compute.__name__, office_id=_office(user, office_id), **kwargs)

    return read
