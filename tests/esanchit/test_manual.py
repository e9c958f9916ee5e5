"""Manual mode: batch of ready ICs → ZIP with cover sheet → IRN/DRN table with checks."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from icportal.certificates.models import ImportCertificate
from icportal.esanchit import batches, services
from icportal.esanchit.models import Upload, UploadMode, UploadStatus
from tests.documents.conftest import issue
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manual(identity, django_capture_on_commit_callbacks, settings):
    settings.ICEGATE_MODE = "manual"

    def make(n=2):
        return [issue(django_capture_on_commit_callbacks)[0] for _ in range(n)]

    return make


def test_manual_mode_schedules_manual_uploads_and_worker_ignores_them(manual):
    from tests.esanchit.conftest import run_worker

    (certificate,) = manual(1)
    upload = Upload.objects.get(certificate=certificate)
    assert upload.mode == UploadMode.MANUAL and upload.status == UploadStatus.WAITING
    assert run_worker() == 0


def test_batch_zip_has_pdfs_and_cover_sheet(manual):
    certificates = manual(3)
    officer = staff_user("CHN")
    batch = batches.batch_create(by=officer, uploads=list(Upload.objects.all()))
    archive = zipfile.ZipFile(io.BytesIO(batches.batch_zip(batch=batch)))
    names = set(archive.namelist())
    files = {c.document.file_name for c in certificates}
    assert names == files | {"cover-sheet.csv", "cover-sheet.html"}
    for name in files:
        assert archive.read(name).startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO(archive.read("cover-sheet.csv").decode())))
    assert rows[0] == list(batches.COVER_HEADER)
    by_name = {r[0]: r for r in rows[1:]}
    for c in certificates:
        assert by_name[c.document.file_name][1:] == [
            c.number,
            c.member.iec,
            c.document_type_code,
        ]
    assert certificates[0].member.iec in archive.read("cover-sheet.html").decode()


def test_batch_limits_and_scoping(manual):
    manual(1)
    with pytest.raises(PermissionDenied):
        batches.batch_create(by=staff_user("DEL"), uploads=list(Upload.objects.all()))
    with pytest.raises(ValidationError):
        batches.batch_create(by=staff_user("CHN"), uploads=[])
    batch = batches.batch_create(by=staff_user("CHN"), uploads=list(Upload.objects.all()))
    with pytest.raises(ValidationError):  # already in a batch
        batches.batch_create(by=staff_user("CHN"), uploads=list(batch.uploads.all()))


def test_irn_table_records_good_lines_and_reports_bad_ones(manual):
    one, two, three = manual(3)
    officer = staff_user("CHN")
    batch = batches.batch_create(by=officer, uploads=list(Upload.objects.all()))
    table = "\n".join(
        [
            "File name\tIRN\tDRN",
            f"{one.document.file_name}\tirn0001a\tDRN0001A",
            f"{one.number}\tIRN0009\tDRN0009",  # the same file again
            f"{two.number}, IRN-BAD!, DRN0002",  # bad format
            "IC_NOT-IN-BATCH.pdf IRN0003 DRN0003",
            "just two",
        ]
    )
    lines, errors = batches.table_parse(table)
    assert any("Line 6" in e for e in errors)
    recorded, line_errors = batches.batch_record(by=officer, batch=batch, entries=lines)
    assert [u.certificate for u in recorded] == [one]
    assert recorded[0].irn == "IRN0001A" and recorded[0].status == UploadStatus.ACCEPTED
    assert len(line_errors) == 3
    assert batch.completed_at is None

    # Completed later; an IRN used by another IC is refused.
    lines, _ = batches.table_parse(f"{two.document.file_name} IRN0001A DRN0002")
    _, line_errors = batches.batch_record(by=officer, batch=batch, entries=lines)
    assert "already recorded for another IC" in line_errors[0]
    lines, _ = batches.table_parse(
        f"{two.document.file_name} IRN0002 DRN0002\n{three.number};IRN0003;DRN0003"
    )
    recorded, line_errors = batches.batch_record(by=officer, batch=batch, entries=lines)
    assert not line_errors and len(recorded) == 2
    batch.refresh_from_db()
    assert batch.complete


def test_mark_manual_and_retry(identity, django_capture_on_commit_callbacks):
    certificate = issue(django_capture_on_commit_callbacks)[0]
    upload = Upload.objects.get(certificate=certificate)
    assert upload.mode == UploadMode.GATEWAY
    officer = staff_user("CHN")
    with pytest.raises(PermissionDenied):
        services.upload_mark_manual(by=staff_user("DEL"), upload=upload)
    upload = services.upload_mark_manual(by=officer, upload=upload)
    assert upload.mode == UploadMode.MANUAL
    upload = services.upload_retry(by=officer, upload=upload)
    assert upload.mode == UploadMode.GATEWAY and upload.status == UploadStatus.WAITING
    services.upload_reject(upload=upload, errors=[{"code": "NOT_PDFA", "message": "x"}])
    again = services.upload_retry(by=officer, upload=upload)
    assert again.pk != upload.pk and again.idempotency_key.endswith("-2")


def test_physical_ic_is_not_queued(identity, django_capture_on_commit_callbacks):
    certificate = issue(django_capture_on_commit_callbacks)[0]
    Upload.objects.all().delete()
    ImportCertificate.objects.filter(pk=certificate.pk).update(delivery_mode="physical_copy")
    assert services.uploads_queue() == 0
    assert not Upload.objects.exists()


def test_a_signed_electronic_ic_is_queued_once(identity, django_capture_on_commit_callbacks):
    certificate = issue(django_capture_on_commit_callbacks)[0]
    (upload,) = Upload.objects.filter(certificate=certificate)  # queued when it was signed
    assert upload.status == UploadStatus.WAITING and upload.idempotency_key.endswith("-1")
    assert services.uploads_queue() == 0  # already has its upload
    services.upload_reject(upload=upload, errors=[{"code": "NOT_PDFA", "message": "x"}])
    assert services.uploads_queue() == 0  # a rejected IC waits for staff, never queued again
