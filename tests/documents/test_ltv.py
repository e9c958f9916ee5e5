"""PAdES B-T/B-LT at issue against the real development PKI: what independent validators see, and
what staff see when the TSA or the revocation services fail (issue 16 §1, §2, §6, bad input)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess

import pytest
import time_machine
from asn1crypto import cms
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from django.test import override_settings
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from icportal.certificates.models import CertStatus
from icportal.documents import revocation, services
from icportal.documents.models import CertificateDocument, DocStatus, RevocationAnswer
from tests.documents.conftest import issue, signed_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_answers():
    revocation.forget()  # answers kept by this process belong to the test that fetched them
    yield
    revocation.forget()


def _roots(pki) -> list:
    _, _, der = asn1_pem.unarmor(pki.ca_pem_path.read_bytes())
    return [asn1_x509.Certificate.load(der)]


def classify(pdf: bytes, roots) -> str:
    """The level an independent validator (pyHanko, no network) gives the last signature: B-B
    when it is valid, B-T when its timestamp validates too, B-LT when the file's own DSS alone
    (hard-fail revocation, fetching off) proves the signer's and the TSA's certificates good."""
    reader = PdfFileReader(io.BytesIO(pdf))
    sig = reader.embedded_signatures[-1]
    offline = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = validate_pdf_signature(sig, offline, ts_validation_context=offline)
    assert status.intact and status.valid, status.pretty_print_details()
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    ts = status.timestamp_validity
    if ts is None or not (ts.intact and ts.valid and ts.trusted):
        return "B-B"
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:
        return "B-T"
    kwargs = {"trust_roots": roots, "allow_fetching": False, "revocation_mode": "hard-fail"}
    hard = validate_pdf_signature(
        sig,
        dss.as_validation_context(kwargs),
        ts_validation_context=dss.as_validation_context(kwargs),
    )
    lt = hard.bottom_line and hard.timestamp_validity and hard.timestamp_validity.trusted
    return "B-LT" if lt else "B-T"


def test_an_issued_ic_is_b_lt_for_pyhanko_and_its_page_shows_the_timestamp(issued, pki, client):
    certificate, owner, _ = issued
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.SIGNED, document.last_error
    assert document.level == "B-LT" and document.timestamp_at is not None
    assert document.tsa_subject
    assert classify(signed_bytes(certificate), _roots(pki)) == "B-LT"
    checks = {c["name"]: c for c in document.readiness}
    assert checks["timestamp"]["passed"] and checks["timestamp"]["detail"].startswith("B-LT · ")
    client.force_login(owner)
    page = client.get(reverse("certificates:certificate", args=[certificate.slug])).content.decode()
    assert "PAdES B-LT" in page and "timestamp" in page


def test_pdfsig_says_the_signature_is_valid_and_openssl_verifies_its_timestamp(
    issued, pki, tmp_path
):
    """poppler checks the signature over the whole file; the signature it dumps carries the
    RFC 3161 token, which OpenSSL (another implementation) verifies against the dev CA for
    the hash of the signature value, and reads its time."""
    certificate, _, _ = issued
    path = tmp_path / "ic.pdf"
    path.write_bytes(signed_bytes(certificate))
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in out.stdout, out.stdout + out.stderr
    assert "Total document signed" in out.stdout
    assert "Signature Type: ETSI.CAdES.detached" in out.stdout
    subprocess.run(["pdfsig", "-dump", str(path)], cwd=tmp_path, check=True, capture_output=True)
    (dumped,) = tmp_path.glob("ic.pdf.sig*")
    signer_info = cms.ContentInfo.load(dumped.read_bytes())["content"]["signer_infos"][0]
    (token,) = [
        a["values"][0]
        for a in signer_info["unsigned_attrs"]
        if a["type"].native == "signature_time_stamp_token"
    ]
    (tmp_path / "token.der").write_bytes(token.dump())
    digest = hashlib.sha256(signer_info["signature"].native).hexdigest()
    verify = ["openssl", "ts", "-verify", "-token_in", "-in", "token.der", "-digest", digest]
    checked = subprocess.run(
        [*verify, "-CAfile", str(pki.ca_pem_path)], cwd=tmp_path, capture_output=True, text=True
    )
    assert "Verification: OK" in checked.stdout, checked.stdout + checked.stderr
    text = subprocess.run(
        ["openssl", "ts", "-reply", "-token_in", "-in", "token.der", "-text"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    document = CertificateDocument.objects.get(certificate=certificate)
    assert f"Time stamp: {document.timestamp_at:%b %e %H:%M:%S}" in text, text


def test_revocation_answers_are_fetched_once_and_reused_for_the_next_ics(
    issued, django_capture_on_commit_callbacks
):
    first = dict(RevocationAnswer.objects.values_list("serial", "fetched_at"))
    assert len(first) == 2  # the office's certificate and the TSA's
    revocation.forget()  # another worker process: it finds the stored answers
    issue(django_capture_on_commit_callbacks)
    issue(django_capture_on_commit_callbacks)
    assert dict(RevocationAnswer.objects.values_list("serial", "fetched_at")) == first
    assert CertificateDocument.objects.filter(status=DocStatus.SIGNED, level="B-LT").count() == 3


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("down", "cannot be reached"),
        ("garbage", "not a timestamp"),
        ("wrong_hash", "token for another hash"),
    ],
)
def test_a_failing_tsa_leaves_the_document_waiting_with_the_reason_then_the_worker_signs(
    identity, pki, django_capture_on_commit_callbacks, client, fault, reason
):
    pki.fault(tsa=fault)
    certificate, owner, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert certificate.status == CertStatus.ISSUED
    assert document.status == DocStatus.WAITING and not document.file
    assert document.last_error.startswith(f"Timestamp: the TSA at {pki.tsa_url}")
    assert reason in document.last_error and document.retry_at is not None
    client.force_login(owner)
    page = client.get(reverse("certificates:certificate", args=[certificate.slug]))
    assert "waits to be signed: Timestamp: the TSA" in page.content.decode()
    assert services.documents_produce_due() == 0  # not before its pause is over
    pki.fault(tsa=None)
    with time_machine.travel(document.retry_at + dt.timedelta(seconds=1), tick=True):
        assert services.documents_produce_due() == 1
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNED and document.level == "B-LT"
    assert document.last_error == "" and document.retry_at is None


def test_a_tsa_slower_than_the_timeout_is_named_with_the_timeout(
    identity, pki, django_capture_on_commit_callbacks
):
    pki.fault(tsa="slow")
    with override_settings(TSA_TIMEOUT=0.5):
        certificate, _, _ = issue(django_capture_on_commit_callbacks)
    pki.fault(tsa=None)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.WAITING and not document.file
    assert document.last_error == f"Timestamp: the TSA at {pki.tsa_url} did not answer in 0.5 s"


def test_ocsp_down_falls_back_to_the_crl(identity, pki, django_capture_on_commit_callbacks):
    pki.fault(ocsp="down")
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.SIGNED, document.last_error
    assert set(RevocationAnswer.objects.values_list("kind", flat=True)) == {"crl"}
    data = signed_bytes(certificate)
    assert b"/CRLs" in data and b"/OCSPs" not in data
    assert classify(data, _roots(pki)) == "B-LT"


def test_ocsp_and_crl_down_leave_the_document_waiting_with_the_reason(
    identity, pki, django_capture_on_commit_callbacks
):
    pki.fault(ocsp="down", crl="down")
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.WAITING and not document.file
    assert document.last_error.startswith("Revocation check: no revocation answer for ")
    assert "OCSP responder" in document.last_error and "CRL" in document.last_error


def test_a_revoked_office_certificate_signs_nothing(
    identity, pki, django_capture_on_commit_callbacks
):
    from cryptography import x509

    serial = x509.load_pem_x509_certificate(identity.certificate_pem.encode()).serial_number
    pki.revoke(serial, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.FAILED and not document.file
    assert "was revoked on" in document.last_error and "renewed DSC" in document.last_error


def test_a_chain_that_reaches_no_trust_anchor_fails_with_that_reason(
    identity, tmp_path, django_capture_on_commit_callbacks
):
    other = tmp_path / "other-ca.pem"
    other.write_text(_unrelated_ca_pem())
    with override_settings(SIGNING_TRUST_ANCHORS=[str(other)]):
        certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.FAILED and not document.file
    assert document.last_error.startswith("Signing: untrusted certificate chain: ")
    assert "does not chain to a configured trust anchor" in document.last_error


def _unrelated_ca_pem() -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Some other CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()
