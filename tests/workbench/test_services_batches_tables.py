"""Bulk jobs for manual upload batches and the day's Bill of Entry ↔ IC tables."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from icportal.certificates import services as ic
from icportal.common.dates import ist_today
from icportal.esanchit import batches
from icportal.esanchit.daily import daily_table_send
from icportal.esanchit.models import Batch, DailyTable, Upload, UploadMode
from icportal.workbench import services
from icportal.workbench.models import ItemOutcome, JobKind, JobStatus
from icportal.workbench.services import start
from tests import factories
from tests.certificates import factories as f
from tests.esanchit.factories import uploaded
from tests.workbench.conftest import progress

pytestmark = pytest.mark.django_db


def _issued(office, count: int) -> list:
    return [
        ic.certificate_issue(
            by=office.officer, application=f.submitted_application(office.user, office.epc)
        )
        for _ in range(count)
    ]


def _manual_uploads(certificates) -> list[Upload]:
    return [
        Upload.objects.create(
            certificate=c,
            document=c.document,
            office=c.office,
            mode=UploadMode.MANUAL,
            idempotency_key=f"manual-{c.pk}",
        )
        for c in certificates
    ]


def test_waiting_manual_uploads_go_into_batches_of_the_batch_size(chn, monkeypatch):
    monkeypatch.setattr(start, "MAX_BATCH", 2)
    first, second, third = _manual_uploads(_issued(chn, 3))
    job = services.bulk_batches_start(by=chn.officer)
    assert (job.kind, job.total, job.office) == (JobKind.UPLOAD_BATCH, 2, chn.member.office)
    assert [i.payload["uploads"] for i in job.items.all()] == [[first.pk, second.pk], [third.pk]]

    assert services.bulk_jobs_advance(owner="w", limit=5) == 2
    assert progress(job) == (2, 0, JobStatus.DONE) and job.progress_text == "2 of 2 built"
    batch_one, batch_two = Batch.objects.order_by("pk")
    assert set(batch_one.uploads.all()) == {first, second} and list(batch_two.uploads.all()) == [
        third
    ]
    item = job.items.get(position=1)
    assert item.link == f"/esanchit/batches/{batch_one.pk}/"
    assert item.message.startswith(f"Batch {batch_one.pk} built with 2 ICs")


def test_a_batch_already_built_by_a_colleague_is_refused_on_its_line(chn, monkeypatch):
    monkeypatch.setattr(start, "MAX_BATCH", 2)
    uploads = _manual_uploads(_issued(chn, 3))
    job = services.bulk_batches_start(by=chn.officer)
    batches.batch_create(by=factories.staff_user("CHN"), uploads=[uploads[2]])
    assert services.bulk_jobs_advance(owner="w", limit=5) == 2
    assert progress(job) == (1, 1, JobStatus.DONE_WITH_ERRORS)
    refused = job.items.get(position=2)
    assert refused.outcome == ItemOutcome.REFUSED
    assert refused.message.startswith("None of these ICs waits for a batch any more")


def test_nothing_waiting_or_another_office_starts_no_batch_job(chn):
    _manual_uploads(_issued(chn, 1))
    with pytest.raises(ValidationError, match="No IC is waiting for a manual upload batch"):
        services.bulk_batches_start(by=factories.staff_user("DEL"))
    gateway = _issued(chn, 1)[0]
    Upload.objects.create(
        certificate=gateway, document=gateway.document, office=gateway.office, idempotency_key="g"
    )
    job = services.bulk_batches_start(by=chn.officer)
    assert job.total == 1 and len(job.items.get().payload["uploads"]) == 1  # manual ones only


def _uploaded_today(office, count: int):
    for certificate in _issued(office, count):
        uploaded(certificate)


def test_the_days_tables_go_to_each_member_that_needs_one_once(chn):
    _uploaded_today(chn, 2)
    second = factories.MemberFactory()
    _, user, officer, epc = f.ready(member=second)
    other = type(chn)(member=second, user=user, officer=officer, epc=epc)
    _uploaded_today(other, 2)
    single = factories.MemberFactory()
    _, user, officer, epc = f.ready(member=single)
    _uploaded_today(type(chn)(member=single, user=user, officer=officer, epc=epc), 1)
    today = ist_today()

    job = services.bulk_tables_start(by=chn.officer, day=today)
    assert (job.kind, job.total, job.day) == (JobKind.DAILY_TABLES, 2, today)
    assert [i.target_id for i in job.items.all()] == [chn.member.pk, second.pk]
    daily_table_send(member=second, day=today, by=chn.officer)  # a colleague was quicker

    assert services.bulk_jobs_advance(owner="w", limit=5) == 2
    assert progress(job) == (2, 0, JobStatus.DONE) and job.progress_text == "2 of 2 sent"
    first_item, second_item = job.items.all()
    assert first_item.message == f"2 ICs, queued to {chn.member.gstn_email}"
    assert first_item.result_ref == f"Table of {today:%d/%m/%Y}"
    assert second_item.message == "Already sent for this day"
    assert first_item.link == f"/outbox/daily-table/?iec={chn.member.iec}&day={today}"
    assert DailyTable.objects.get(member=chn.member, day=today).sent_by == chn.officer
    assert DailyTable.objects.count() == 2


def test_tables_for_a_future_day_or_with_nobody_due_are_refused(chn):
    _uploaded_today(chn, 2)
    with pytest.raises(ValidationError, match="Choose today or an earlier day"):
        services.bulk_tables_start(by=chn.officer, day=ist_today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="No member has two or more ICs uploaded"):
        services.bulk_tables_start(by=factories.staff_user("DEL"), day=ist_today())
