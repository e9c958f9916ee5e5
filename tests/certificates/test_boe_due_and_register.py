"""The two facts stored on an IC for fast lists: its BoE report due day and its first copy request.

Both are written by services (issue, copy request) and, for ICs issued before the columns existed,
by migration 0005's SQL — checked here on the database the suite runs on (SQLite and PostgreSQL).
"""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from icportal.certificates import services
from icportal.certificates.models import ImportCertificate
from icportal.certificates.selectors import boe_overdue
from icportal.certificates.services.reconciliation import boe_due_on
from icportal.common.dates import IST, ist_today
from icportal.dispatch.selectors import physical_ics_waiting
from tests import factories
from tests.certificates import factories as f
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db
migration = importlib.import_module("icportal.certificates.migrations.0005_boe_due_copy_requested")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=IST)


def test_due_a_week_after_the_later_of_the_boe_date_and_the_ist_day_of_issue():
    day = dt.date(2026, 11, 2)
    # Issued 23:30 IST on 2 November = 18:00 UTC the same day; 00:30 IST on 3 November is 19:00
    # UTC on 2 November: the IST day counts.
    assert boe_due_on(boe_date=None, issued_at=_at(day, 23, 30)) == dt.date(2026, 11, 9)
    late_evening_utc = dt.datetime(2026, 11, 2, 19, 0, tzinfo=dt.UTC)
    assert boe_due_on(boe_date=None, issued_at=late_evening_utc) == dt.date(2026, 11, 10)
    # A Bill of Entry filed before the IC still gives the member a week from the IC.
    assert boe_due_on(boe_date=dt.date(2026, 10, 20), issued_at=_at(day, 11)) == dt.date(
        2026, 11, 9
    )
    assert boe_due_on(boe_date=dt.date(2026, 11, 5), issued_at=_at(day, 11)) == dt.date(
        2026, 11, 12
    )


def test_issue_stores_the_due_day_and_overdue_starts_the_day_after():
    _member, user, officer, epc = f.ready()
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    certificate.refresh_from_db()
    assert certificate.boe_due_on == ist_today() + dt.timedelta(days=7)
    assert not boe_overdue(user=officer).filter(pk=certificate.pk).exists()
    certificate = factories.backdate_issue(certificate, timezone.now() - dt.timedelta(days=8))
    assert certificate.boe_due_on == ist_today() - dt.timedelta(days=1)
    assert boe_overdue(user=officer).filter(pk=certificate.pk).exists()
    ImportCertificate.objects.filter(pk=certificate.pk).update(boe_due_on=ist_today())
    assert not boe_overdue(user=officer).filter(pk=certificate.pk).exists()  # due today: not late


def test_a_paper_ic_leaves_the_register_queue_with_its_first_copy_request():
    user, officer, certificate = d.urgent_physical()
    assert list(physical_ics_waiting(user=officer)) == [certificate]
    d.requested(user, certificate)
    certificate.refresh_from_db()
    assert certificate.copy_requested_at is not None
    assert list(physical_ics_waiting(user=officer)) == []


def test_migration_fills_both_columns_for_ics_issued_before_them():
    _member, user, officer, epc = f.ready()
    known = f.submitted_application(user, epc, boe_no="1234567", boe_date=dt.date(2026, 11, 5))
    unknown = f.submitted_application(user, epc)
    with_boe = services.certificate_issue(by=officer, application=known)
    without = services.certificate_issue(by=officer, application=unknown)
    ImportCertificate.objects.filter(pk=with_boe.pk).update(
        issued_at=dt.datetime(2026, 11, 2, 19, 0, tzinfo=dt.UTC)  # 3 November in IST
    )
    ImportCertificate.objects.filter(pk=without.pk).update(
        issued_at=dt.datetime(2026, 11, 2, 19, 0, tzinfo=dt.UTC)
    )
    paper_user, _officer, paper = d.urgent_physical()
    request = d.requested(paper_user, paper)
    ImportCertificate.objects.update(boe_due_on=None, copy_requested_at=None)

    migration.backfill(None, SimpleNamespace(connection=connection))  # it only runs SQL

    assert ImportCertificate.objects.get(pk=with_boe.pk).boe_due_on == dt.date(2026, 11, 12)
    assert ImportCertificate.objects.get(pk=without.pk).boe_due_on == dt.date(2026, 11, 10)
    assert ImportCertificate.objects.get(pk=paper.pk).copy_requested_at == request.created_at
    assert ImportCertificate.objects.get(pk=without.pk).copy_requested_at is None
