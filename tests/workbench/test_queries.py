"""The workbench and the job page cost the same number of queries for a few rows or many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from icportal.certificates import services as ic
from icportal.common.dates import ist_today
from icportal.esanchit.models import Upload, UploadMode
from icportal.workbench import services
from tests import factories
from tests.certificates import factories as f
from tests.documents.factories import document_of
from tests.workbench.conftest import selection, submitted

pytestmark = pytest.mark.django_db


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(office, n: int) -> None:
    """n more of everything the workbench counts (and n more jobs, by a new officer each)."""
    applications = submitted(office, 3 * n)
    for application in applications[:n]:
        ic.urgent_request(by=office.officer, application=application, reason="Urgent")
    for application in applications[n : 2 * n]:
        certificate = ic.certificate_issue(by=office.officer, application=application)
        factories.backdate_issue(certificate, timezone.now() - dt.timedelta(days=20))
        Upload.objects.create(
            certificate=certificate,
            document=document_of(certificate),
            office=certificate.office,
            mode=UploadMode.MANUAL,
            idempotency_key=f"q-{certificate.pk}",
        )
    for application in applications[2 * n :]:
        officer = factories.staff_user("CHN")
        services.bulk_issue_start(by=officer, applications=selection([application]))


@pytest.mark.parametrize("who", ["staff", "head_office"])
def test_the_workbench_costs_the_same_for_3_or_9_of_everything(client, chn, who):
    client.force_login(chn.officer if who == "staff" else factories.head_office_user())
    _grow(chn, 1)
    few = _queries(client, reverse("workbench:index"))
    _grow(chn, 3)
    services.bulk_jobs_advance(owner="w", limit=2)
    assert _queries(client, reverse("workbench:index")) == few
    assert _queries(client, reverse("workbench:index") + "?office=CHN") <= few + 1


def test_the_job_page_and_its_progress_cost_the_same_for_2_or_8_items(client, chn):
    client.force_login(chn.officer)
    counts = []
    for size in (2, 8):
        job = services.bulk_issue_start(
            by=chn.officer, applications=selection(submitted(chn, size))
        )
        services.bulk_jobs_advance(owner="w", limit=size - 1)
        page = reverse("workbench:job", kwargs={"pk": job.pk})
        progress = reverse("workbench:job_progress", kwargs={"pk": job.pk})
        counts.append((_queries(client, page), _queries(client, progress)))
    assert counts[0] == counts[1]


def test_the_overdue_bill_of_entry_count_agrees_with_the_reconciliation_page(chn):
    from icportal.certificates.selectors import boe_overdue
    from icportal.workbench.selectors import queue_cards

    applications = submitted(chn, 4)
    ages = (20, 9, 8, 3)  # days since issue: the report is due 7 days after; 3 of 4 are late
    for application, days in zip(applications, ages, strict=True):
        certificate = ic.certificate_issue(by=chn.officer, application=application)
        factories.backdate_issue(certificate, timezone.now() - dt.timedelta(days=days))
    known = f.submitted_application(chn.user, chn.epc, boe_no="1234567", boe_date=ist_today())
    factories.backdate_issue(
        ic.certificate_issue(by=chn.officer, application=known),
        timezone.now() - dt.timedelta(days=30),
    )  # issued long ago but the Bill of Entry is today's: not due yet
    cards = {c.queue.key: c for c in queue_cards(user=chn.officer)}
    assert cards["boe_overdue"].count == len(boe_overdue(user=chn.officer)) == 3
    assert cards["boe_overdue"].oldest == ist_today() - dt.timedelta(days=13)
