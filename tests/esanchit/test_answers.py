"""One ICEGATE answer for several files recorded together (services.uploads_answer, issue 14 §2):
the same outcome per IC as recording them one by one — IRN/DRN, audit row, the member's mail."""

from __future__ import annotations

import pytest

from icportal.audit.models import AuditEvent, Verb
from icportal.esanchit import gateway, services, tasks
from icportal.esanchit.models import Upload, UploadStatus
from icportal.notifications.models import Email
from tests.certificates import factories as f
from tests.documents.factories import document_of

from .factories import issued, uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    _member, user, officer, epc = f.ready()

    def make(n: int) -> list[Upload]:
        rows = []
        for _ in range(n):
            certificate = issued(user, officer, epc)
            rows.append(
                Upload.objects.create(
                    certificate=certificate,
                    document=document_of(certificate),
                    office=certificate.office,
                    idempotency_key=f"ic-{certificate.pk}-1",
                    locked_by="w",
                )
            )
        return rows

    return make


def _accepted(n: int) -> gateway.UploadResult:
    return gateway.UploadResult(f"{n}.pdf", gateway.ACCEPTED, f"IRN{n:09d}", f"DRN{n:09d}")


def test_accepted_and_rejected_files_of_one_answer_each_get_their_outcome(waiting):
    first, second, third = waiting(3)
    refused = gateway.UploadResult(
        "3.pdf", gateway.REJECTED, errors=[{"code": "BENEFICIARY_NOT_REGISTERED", "message": "x"}]
    )
    outcome = services.uploads_answer(
        uploads=[first, second, third], results=[_accepted(1), _accepted(2), refused]
    )
    assert outcome == {
        first.pk: UploadStatus.ACCEPTED,
        second.pk: UploadStatus.ACCEPTED,
        third.pk: UploadStatus.REJECTED,
    }
    for upload, irn in ((first, "IRN000000001"), (second, "IRN000000002")):
        upload.refresh_from_db()
        assert (upload.status, upload.irn) == (UploadStatus.ACCEPTED, irn)
        assert upload.accepted_at and not upload.locked_by
        [mail] = Email.objects.filter(dedupe_key=f"ic-uploaded:{upload.pk}")
        assert irn in mail.subject and upload.certificate.number in mail.body_text
        assert mail.member_id == upload.certificate.member_id
        [event] = AuditEvent.objects.filter(verb=Verb.UPLOAD_ACCEPTED, payload__upload=upload.pk)
        assert event.payload["irn"] == irn and event.target_id == str(upload.certificate_id)
        assert event.member_id == upload.certificate.member_id
    third.refresh_from_db()
    assert third.status == UploadStatus.REJECTED and not third.locked_by
    assert "BENEFICIARY_NOT_REGISTERED" in third.last_error
    assert not Email.objects.filter(dedupe_key=f"ic-uploaded:{third.pk}").exists()
    [event] = AuditEvent.objects.filter(verb=Verb.UPLOAD_REJECTED, payload__upload=third.pk)
    assert event.payload["codes"] == ["BENEFICIARY_NOT_REGISTERED"]


def test_a_repeated_answer_changes_nothing_and_mails_nobody_twice(waiting):
    (upload,) = waiting(1)
    services.uploads_answer(uploads=[upload], results=[_accepted(5)])
    assert services.uploads_answer(uploads=[upload], results=[_accepted(5)]) == {}
    assert Email.objects.filter(dedupe_key=f"ic-uploaded:{upload.pk}").count() == 1
    assert AuditEvent.objects.filter(verb=Verb.UPLOAD_ACCEPTED).count() == 1


def test_an_irn_of_another_ic_is_a_conflict_and_the_rest_of_the_answer_is_kept(waiting):
    earlier = uploaded(issued(*f.ready()[1:]), irn="IRN000000007", drn="DRN000000099")
    ok, clash, twice = waiting(3)
    results = [_accepted(8), _accepted(7), _accepted(8)]  # 7: the earlier IC's; 8 given twice
    # As the worker does it: together first; the unique IRN refuses that, so one by one.
    tasks.answers_record(uploads=[ok, clash, twice], results=results)
    for upload in (ok, clash, twice):
        upload.refresh_from_db()
    assert ok.status == UploadStatus.ACCEPTED and ok.irn == "IRN000000008"
    assert clash.status == twice.status == UploadStatus.REJECTED
    assert "IRN_CONFLICT" in clash.last_error and "IRN000000007" in clash.last_error
    assert "IRN_CONFLICT" in twice.last_error
    assert Upload.objects.get(pk=earlier.pk).irn == "IRN000000007"
    assert Email.objects.filter(template="ic_uploaded").count() == 2  # earlier's and ok's
