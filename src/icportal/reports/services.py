"""The reports' one write: the dashboard's figures for the preset ranges, computed ahead of visits."""

from __future__ import annotations

import datetime as dt
import inspect

from django.conf import settings

from icportal.offices.models import Office

from . import dashboard_selectors  # noqa: F401 (registers every section's computation)
from .dashboard_cache import FIGURES, dashboard_cache, figures_key
from .dashboard_period import PRESETS, preset_period


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
