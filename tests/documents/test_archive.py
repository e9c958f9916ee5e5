"""B-LTA: the archive job adds document timestamps as new versions of an IC's file."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent, Verb
from icportal.common.worker import TASKS, autodiscover
from icportal.documents import archive
from icportal.documents.models import CertificateDocument, DocumentVersion, VersionKind
from tests.documents.across_time import pdfsig, pyhanko_level
from tests.documents.conftest import signed_bytes

pytestmark = pytest.mark.django_db

ALWAYS_DUE = 365 * 100  # days: every IC's evidence "expires within the margin"


def _run_archive_task() -> int:
    autodiscover()
    return TASKS[archive.ARCHIVE_TASK].run("test")


def _read(version) -> bytes:
    with version.file.open("rb") as fh:
        return fh.read()


def test_a_fresh_ic_is_listed_but_not_extended_long_before_its_timestamp_expires(issued):
    certificate, _, _ = issued
    _run_archive_task()
    (version,) = DocumentVersion.objects.filter(document__certificate=certificate)
    assert (version.n, version.kind, version.current) == (1, VersionKind.SIGNED, True)
    assert version.sha256 == certificate.document.sha256
    assert version.level == "B-LT"
    # The signature timestamp's TSA certificate expires years from now: nothing due today.
    assert version.evidence_expires_at > timezone.now() + archive.margin()
    assert archive.archive_due() == 0


def test_archive_timestamp_is_a_new_version_keeping_every_byte(
    issued, settings, pki, client, tmp_path
):
    certificate, owner, _ = issued
    settings.SIGNING_ARCHIVE_MARGIN_DAYS = ALWAYS_DUE
    first = signed_bytes(certificate)
    _run_archive_task()

    versions = list(DocumentVersion.objects.filter(document__certificate=certificate).order_by("n"))
    assert [(v.n, v.kind, v.current) for v in versions] == [
        (1, VersionKind.SIGNED, False),
        (2, VersionKind.ARCHIVE, True),
    ]
    second = _read(versions[1])
    assert second.startswith(first) and len(second) > len(first)  # an incremental update
    assert versions[1].level == "B-LTA"
    # The document's own file and hash (what e-SANCHIT received) are untouched.
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.sha256 == versions[0].sha256 and signed_bytes(certificate) == first
    event = AuditEvent.objects.get(verb=Verb.DOC_ARCHIVED)
    assert event.payload["version"] == 2 and event.payload["sha256"] == versions[1].sha256
    assert describe(event).startswith("added an archive timestamp to the PDF of IC")

    # Independent checks: pyHanko classifies the new version as B-LTA, poppler says valid.
    assert pyhanko_level(second, pki.ca_pem_path) == "B-LTA"
    path = tmp_path / "v2.pdf"
    path.write_bytes(second)
    report = pdfsig(path)
    assert "Signature is Valid" in report, report

    # Both versions are the same IC on the verify page; the member downloads the current one.
    for data in (first, second):
        body = client.post(
            reverse("documents:check"), {"file": SimpleUploadedFile("ic.pdf", data)}
        ).content.decode()
        assert 'data-verdict="genuine"' in body and certificate.number in body
    assert "version 2" in body
    client.force_login(owner)
    response = client.get(reverse("documents:download", args=[certificate.slug]))
    assert b"".join(response.streaming_content) == second


def test_a_second_archive_timestamp_extends_the_chain(issued, settings, pki):
    certificate, _, _ = issued
    settings.SIGNING_ARCHIVE_MARGIN_DAYS = ALWAYS_DUE
    document = CertificateDocument.objects.get(certificate=certificate)
    archive.document_archive(document=document)
    third = archive.document_archive(document=document)
    assert third.n == 3 and third.current
    data = _read(third)
    assert data.startswith(_read(DocumentVersion.objects.get(document=document, n=2)))
    assert pyhanko_level(data, pki.ca_pem_path) == "B-LTA"


def test_tsa_down_leaves_the_version_visible_to_staff_and_retried(issued, settings, pki):
    certificate, _, officer = issued
    settings.SIGNING_ARCHIVE_MARGIN_DAYS = ALWAYS_DUE
    pki.fault(tsa="down")
    _run_archive_task()
    (version,) = DocumentVersion.objects.filter(document__certificate=certificate)
    assert version.current and "TSA" in version.last_error
    assert version.retry_at > timezone.now()
    failed = AuditEvent.objects.get(verb=Verb.DOC_ARCHIVE_FAILED)
    assert failed.payload["error"] == version.last_error

    request = RequestFactory().get("/")
    request.user = officer
    certificate.refresh_from_db()
    html = render_to_string(
        "documents/_certificate_document.html",
        {"certificate": certificate, "user": officer, "request": request},
    )
    assert "Archive timestamp" in html and "TSA" in html

    pki.fault(tsa=None)
    assert archive.archive_due() == 0  # not before its retry time
    with time_machine.travel(version.retry_at + dt.timedelta(minutes=1), tick=True):
        assert archive.archive_due() == 1
    version.refresh_from_db()
    assert not version.current and version.last_error == ""
    assert DocumentVersion.objects.get(document=version.document, current=True).n == 2
