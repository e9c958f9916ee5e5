"""Bulk jobs: start (scope, state), then the worker's item-by-item run with refusals and crashes."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections

from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent
from icportal.certificates import services as ic
from icportal.certificates.models import AppStatus, ImportCertificate
from icportal.common import worker
from icportal.workbench import services
from icportal.workbench.models import BulkJob, ItemOutcome, JobKind, JobStatus
from icportal.workbench.services import advance
from tests import factories
from tests.certificates import factories as f
from tests.workbench.conftest import progress, selection, submitted

pytestmark = pytest.mark.django_db


def _seen_by_another_connection(pk: int) -> tuple[int, str]:
    """What a progress poll (another request, another connection) reads: only committed work."""
    seen = {}

    def read():
        try:
            job = BulkJob.objects.get(pk=pk)
            seen["job"] = (job.done, job.status)
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return seen["job"]


@pytest.mark.django_db(transaction=True)
def test_a_selection_of_three_is_issued_one_by_one_with_progress_committed(chn):
    applications = submitted(chn, 3)
    job = services.bulk_issue_start(by=chn.officer, applications=selection(applications))
    assert (job.kind, job.total, job.status, job.office) == (
        "issue",
        3,
        "queued",
        chn.member.office,
    )
    started = AuditEvent.objects.get(target_type="workbench.bulkjob", target_id=str(job.pk))
    assert started.payload["total"] == 3 and started.actor == chn.officer
    assert started.payload["items"] == [a.reference for a in applications]
    assert describe(started) == "started a bulk action: approve and issue (3 items)"

    for n in (1, 2, 3):
        assert services.bulk_jobs_advance(owner="worker-1", limit=1) == 1
        assert ImportCertificate.objects.count() == n
        status = JobStatus.RUNNING if n < 3 else JobStatus.DONE
        assert _seen_by_another_connection(job.pk) == (n, status)

    assert services.bulk_jobs_advance(owner="worker-1", limit=5) == 0
    job.refresh_from_db()
    assert job.finished_at and job.started_at and not job.locked_by
    assert job.progress_text == "3 of 3 issued"
    for item, application in zip(job.items.all(), applications, strict=True):
        certificate = ImportCertificate.objects.get(application=application)
        assert item.outcome == ItemOutcome.OK and item.result_ref == certificate.number
        assert item.link == f"/ic/certificates/{certificate.slug}/"
        assert item.message == "Issued (Electronic)"


def test_an_application_changed_after_selection_is_refused_and_the_others_go_on(chn):
    first, changed, last = submitted(chn, 3)
    job = services.bulk_issue_start(by=chn.officer, applications=selection([first, changed, last]))
    ic.query_raise(by=chn.officer, application=changed, question="Which invoice?")
    ic.query_reply(by=chn.user, application=changed, reply="The second one")

    assert services.bulk_jobs_advance(owner="w", limit=10) == 3
    assert progress(job) == (2, 1, JobStatus.DONE_WITH_ERRORS)
    assert job.progress_text == "2 of 3 issued, 1 refused"
    refused = job.items.get(target_ref=changed.reference)
    assert refused.outcome == ItemOutcome.REFUSED and not refused.link
    assert "Someone else saved this application after you opened it" in refused.message
    changed.refresh_from_db()
    assert changed.status == AppStatus.SUBMITTED
    assert not ImportCertificate.objects.filter(application=changed).exists()
    assert ImportCertificate.objects.count() == 2


def test_a_selection_outside_the_office_or_not_waiting_is_refused_whole(chn):
    mine, queried = submitted(chn, 2)
    ic.query_raise(by=chn.officer, application=queried, question="?")
    delhi = factories.staff_user("DEL")
    with pytest.raises(ValidationError) as refused:
        services.bulk_issue_start(by=delhi, applications=selection([mine]))
    assert f"{mine.reference} is not an application of your office" in refused.value.messages
    with pytest.raises(ValidationError) as refused:
        services.bulk_issue_start(by=chn.officer, applications=selection([mine, queried]))
    assert refused.value.messages == [
        f"{queried.reference} is not waiting for a decision (Query — waiting for the member)"
    ]
    with pytest.raises(ValidationError):
        services.bulk_issue_start(by=chn.officer, applications=[])
    with pytest.raises(PermissionDenied):
        services.bulk_issue_start(by=chn.user, applications=selection([mine]))
    assert not BulkJob.objects.exists()


def test_head_office_job_spanning_offices_has_no_office(chn):
    delhi = factories.MemberFactory(office=factories.office("DEL"))
    _, del_user, _, del_epc = f.ready(member=delhi)
    far = f.submitted_application(del_user, del_epc, port_code="INDEL4")
    (near,) = submitted(chn, 1)
    head = factories.head_office_user()
    job = services.bulk_issue_start(by=head, applications=selection([near, far]))
    assert job.office is None
    assert services.bulk_jobs_advance(owner="w", limit=5) == 2
    assert progress(job) == (2, 0, JobStatus.DONE)


class Killed(BaseException):
    """What SIGKILL looks like from inside: nothing after it runs, nothing is caught."""


def test_a_worker_killed_mid_job_is_resumed_and_nothing_is_issued_twice(chn, monkeypatch):
    applications = submitted(chn, 3)
    job = services.bulk_issue_start(by=chn.officer, applications=selection(applications))
    assert services.bulk_jobs_advance(owner="worker-1", limit=1) == 1

    real_issue = advance.certificate_issue

    def issue_then_die(**kwargs):
        real_issue(**kwargs)
        raise Killed

    monkeypatch.setattr(advance, "certificate_issue", issue_then_die)
    with pytest.raises(Killed):
        services.bulk_jobs_advance(owner="worker-1", limit=5)
    monkeypatch.undo()
    # The dead worker's lease is still on the job: nobody takes it until it runs out.
    BulkJob.objects.filter(pk=job.pk).update(locked_by="worker-1", locked_until=_in(60))
    assert services.bulk_jobs_advance(owner="worker-2", limit=5) == 0
    assert ImportCertificate.objects.count() == 1 and progress(job) == (1, 0, "running")

    BulkJob.objects.filter(pk=job.pk).update(locked_until=_in(-1))
    assert services.bulk_jobs_advance(owner="worker-2", limit=5) == 2
    assert progress(job) == (3, 0, JobStatus.DONE)
    for application in applications:
        assert ImportCertificate.objects.filter(application=application).count() == 1


def test_an_application_issued_meanwhile_is_recorded_as_done_with_its_ic(chn):
    first, second = submitted(chn, 2)
    job = services.bulk_issue_start(by=chn.officer, applications=selection([first, second]))
    certificate = ic.certificate_issue(by=chn.officer, application=second, version=second.version)
    assert services.bulk_jobs_advance(owner="w", limit=5) == 2
    assert progress(job) == (2, 0, JobStatus.DONE)
    item = job.items.get(target_ref=second.reference)
    assert item.message == "Already issued before the job reached it"
    assert item.result_ref == certificate.number
    assert ImportCertificate.objects.count() == 2


def test_an_unexpected_error_refuses_only_its_item(chn, monkeypatch):
    applications = submitted(chn, 2)
    job = services.bulk_issue_start(by=chn.officer, applications=selection(applications))
    calls = []

    def broken_once(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return ic.certificate_issue(**kwargs)

    monkeypatch.setattr(advance, "certificate_issue", broken_once)
    assert services.bulk_jobs_advance(owner="w", limit=5) == 2
    assert progress(job) == (1, 1, JobStatus.DONE_WITH_ERRORS)
    assert "unexpected error (RuntimeError)" in job.items.get(position=1).message


def test_the_worker_task_runs_bulk_jobs(chn):
    job = services.bulk_issue_start(by=chn.officer, applications=selection(submitted(chn, 2)))
    # The registered task (run_once itself closes connections, which a test transaction forbids).
    assert worker.autodiscover()["workbench.bulk"].run("w") == 2
    assert progress(job) == (2, 0, JobStatus.DONE)


def _in(seconds):
    import datetime as dt

    from django.utils import timezone

    return timezone.now() + dt.timedelta(seconds=seconds)


def test_jobs_are_taken_oldest_first_and_limit_counts_items_across_jobs(chn):
    one = services.bulk_issue_start(by=chn.officer, applications=selection(submitted(chn, 2)))
    two = services.bulk_issue_start(by=chn.officer, applications=selection(submitted(chn, 2)))
    assert services.bulk_jobs_advance(owner="w", limit=3) == 3
    assert progress(one) == (2, 0, JobStatus.DONE) and progress(two)[0] == 1
    assert one.kind == two.kind == JobKind.ISSUE
