"""The dashboard's daily roll-ups give exactly the figures a scan of the facts gives.

Generated data (two years of firms, ICs, uploads with rejections, complaints, applications still
waiting); the figures of several ranges, for all offices and for one, are compared with the
dashboard's former direct computation (tests/reports/direct_figures.py): before any roll-up
(every day computed), after the command built them (today still computed), and after the worker
brought an open day up to date following a change.
"""

import datetime as dt

import pytest
from bench.generate import generate
from django.core.management import call_command
from django.utils import timezone

from icportal.certificates.models import Application, AppStatus, ImportCertificate
from icportal.common.dates import ist_today
from icportal.reports import services
from icportal.reports.dashboard_cache import FIGURES
from icportal.reports.dashboard_period import Period
from icportal.reports.models import DailyFigures, RollupDay
from tests.reports import direct_figures

pytestmark = pytest.mark.django_db

SECTIONS = ("ics_per_day", "issue_times", "irn_times", "upload_outcomes", "complaint_causes")


@pytest.fixture
def generated():
    generate(members=14, ics=400, years=2, seed=7, log=lambda *_: None)
    return ImportCertificate.objects.order_by("-issued_at").values_list("office_id", flat=True)[0]


def _ranges(today: dt.date) -> list[Period]:
    return [
        Period(today - dt.timedelta(days=29), today),  # the default: today computed
        Period(today - dt.timedelta(days=365), today),  # a whole year up to today
        Period(today - dt.timedelta(days=400), today - dt.timedelta(days=200)),  # settled days
        Period(today - dt.timedelta(days=3), today - dt.timedelta(days=1)),
        Period(today, today),
    ]


def _assert_same_as_direct(office_id: int) -> int:
    """Compare every section of every range; returns how many figures were non-empty."""
    shown = 0
    for period in _ranges(ist_today()):
        for office in (None, office_id):
            for name in SECTIONS:
                expected = getattr(direct_figures, name)(period=period, office_id=office)
                got = FIGURES[name](period=Period(period.first, period.last), office_id=office)
                assert got == expected, (name, period, office)
                shown += bool(expected) and expected != {"total": 0}
    return shown


def test_roll_ups_give_the_figures_a_scan_gives_for_any_range_and_office(generated):
    assert _assert_same_as_direct(generated) > 20  # nothing built: every day from the facts
    call_command("dashboard_rollup")
    yesterday = ist_today() - dt.timedelta(days=1)
    assert RollupDay.objects.order_by("-day").values_list("day", flat=True)[0] == yesterday
    assert not RollupDay.objects.filter(day=ist_today()).exists()
    assert DailyFigures.objects.filter(ics__gt=0).count() > 100
    assert RollupDay.objects.filter(open=True).exists()  # applications still waiting, at least
    _assert_same_as_direct(generated)


def test_the_worker_catches_up_an_open_day_after_its_application_is_decided(generated, settings):
    settings.DASHBOARD_ROLLUP_REFRESH_SECONDS = 0
    today = ist_today()
    while services.dashboard_rollup_catch_up(today=today, limit=0):
        pass  # a month a step, as the worker does, up to yesterday
    assert RollupDay.objects.order_by("-day").values_list("day", flat=True)[0] == today - (
        dt.timedelta(days=1)
    )
    waiting = (
        Application.objects.filter(status=AppStatus.SUBMITTED, submitted_at__lt=_ist_midnight())
        .order_by("submitted_at")
        .first()
    )
    assert waiting is not None
    day = timezone.localtime(waiting.submitted_at).date()
    assert RollupDay.objects.get(day=day).open
    period = Period(day, day)
    before = FIGURES["issue_times"](period=period, office_id=None)
    Application.objects.filter(pk=waiting.pk).update(status=AppStatus.WITHDRAWN)  # no longer waits
    assert FIGURES["issue_times"](period=Period(day, day), office_id=None) == before  # kept
    open_days = RollupDay.objects.filter(open=True).count()
    assert services.dashboard_rollup_catch_up(today=today, limit=open_days) == open_days
    after = FIGURES["issue_times"](period=Period(day, day), office_id=None)
    assert after["waiting"] == before["waiting"] - 1
    assert after == direct_figures.issue_times(period=period, office_id=None)


def _ist_midnight() -> dt.datetime:
    return Period(ist_today(), ist_today()).start
