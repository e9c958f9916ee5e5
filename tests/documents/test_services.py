import datetime as dt
import subprocess

import pytest
from pyhanko.sign.validation.status import SignatureCoverageLevel

from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent, Verb
from icportal.certificates.models import CertStatus
from icportal.documents import services
from icportal.documents.models import CertificateDocument, DocStatus, SigningIdentity
from icportal.documents.probe import pdfa_part
from tests.documents.conftest import issue, signed_bytes, validate_against

pytestmark = pytest.mark.django_db


def test_issuing_produces_a_signed_pdfa_that_validates_against_the_dev_ca(issued, dev_ca_pem):
    certificate, _, _ = issued
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.SIGNED, document.last_error
    assert (
        document.file_name == f"IC_{certificate.number.replace('/IC/', '/').replace('/', '-')}.pdf"
    )
    data = signed_bytes(certificate)
    assert len(data) == document.size < 1_048_576
    assert pdfa_part(data) == "2B"
    status = validate_against(data, dev_ca_pem)
    assert status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert all(check["passed"] for check in document.readiness)
    assert {c["name"] for c in document.readiness} == {
        "pdfa",
        "size",
        "signature",
        "signer",
        "file_name",
        "timestamp",
    }


def test_poppler_pdfsig_accepts_the_signature(issued, tmp_path):
    certificate, _, _ = issued
    path = tmp_path / "ic.pdf"
    path.write_bytes(signed_bytes(certificate))
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in out.stdout, out.stdout + out.stderr
    assert "Total document signed" in out.stdout


def test_no_identity_leaves_the_ic_issued_and_the_document_failed(
    db, django_capture_on_commit_callbacks
):
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    assert certificate.status == CertStatus.ISSUED
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.FAILED
    assert "no active signing identity" in document.last_error
    assert not document.file


def test_expired_identity_fails_clearly_then_retry_after_renewal_signs(
    identity, keys_dir, django_capture_on_commit_callbacks
):
    SigningIdentity.objects.filter(pk=identity.pk).update(
        valid_to=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    certificate, _, officer = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.FAILED
    assert "not valid today" in document.last_error and "renew the DSC" in document.last_error
    SigningIdentity.objects.filter(pk=identity.pk).update(
        valid_to=dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_retry(by=officer, document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNED
    assert document.attempts == 2


def test_corrupt_pkcs12_fails_with_a_clear_error(
    identity, tmp_path, django_capture_on_commit_callbacks
):
    broken = tmp_path / "broken.p12"
    broken.write_bytes(b"not a pkcs12 file")
    SigningIdentity.objects.filter(pk=identity.pk).update(p12_path=str(broken))
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.FAILED
    assert document.last_error.startswith("Signing: Could not open the PKCS#12 file")
    assert certificate.status == CertStatus.ISSUED


def test_missing_passphrase_variable_is_named(
    identity, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.delenv("ICPORTAL_TEST_P12_PASSPHRASE")
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert "ICPORTAL_TEST_P12_PASSPHRASE" in document.last_error


def test_a_signed_document_is_never_produced_again(issued):
    certificate, _, _ = issued
    document = CertificateDocument.objects.get(certificate=certificate)
    before = (document.sha256, document.file.name, document.signed_at)
    services.document_produce(certificate=certificate)
    document.refresh_from_db()
    assert (document.sha256, document.file.name, document.signed_at) == before
    with pytest.raises(Exception, match="already signed"):
        services.document_retry(by=certificate.issued_by, document=document)


def test_certified_copy_is_a_separate_marked_pdf(issued, tmp_path):
    certificate, _, _ = issued
    original = signed_bytes(certificate)
    copy = services.certified_copy_render(certificate=certificate, copy_number=2)
    assert copy != original and pdfa_part(copy) == "2B"
    path = tmp_path / "copy.pdf"
    path.write_bytes(copy)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "CERTIFIED COPY No. 2" in text and certificate.number in text
    assert signed_bytes(certificate) == original


def test_the_signing_event_names_the_signer(issued):
    certificate, _, _officer = issued
    document = CertificateDocument.objects.get(certificate=certificate)
    event = AuditEvent.objects.get(verb=Verb.DOC_SIGNED, target_id=str(certificate.pk))
    assert event.payload["signer"] == document.signer_subject
    assert event.payload["issued_by"] == certificate.issued_by.full_name
    sentence = describe(event)
    assert f"with the DSC of {document.signer_subject}" in sentence
    assert f"for {certificate.issued_by.full_name}" in sentence
