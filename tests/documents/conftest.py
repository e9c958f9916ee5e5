"""Development keys (made once per session), signing identities and issued certificates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from icportal.certificates import services as ic
from icportal.documents import services
from icportal.documents.devkeys import ensure_office_keys
from icportal.documents.models import CertificateDocument
from tests.certificates import factories as f

SECRET_ENV = "ICPORTAL_TEST_P12_PASSPHRASE"
OFFICES = [("CHN", "Chennai"), ("DEL", "Delhi"), ("KOL", "Kolkata")]


@pytest.fixture(scope="session")
def keys_dir(dev_pki_server) -> Path:
    """The session's development PKI directory, with a certificate per office in OFFICES."""
    ensure_office_keys(dev_pki_server.directory, OFFICES, base_url=dev_pki_server.url)
    return dev_pki_server.directory


@pytest.fixture(scope="session")
def dev_ca_pem(keys_dir) -> str:
    return (keys_dir / "dev-ca.pem").read_text()


@pytest.fixture
def passphrase_env(keys_dir, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, (keys_dir / "p12-passphrase").read_text().strip())


@pytest.fixture
def identity(db, keys_dir, passphrase_env):
    from tests.factories import office

    return services.identity_register_pkcs12(
        office=office("CHN"),
        p12_path=keys_dir / "office-CHN.p12",
        secret_env=SECRET_ENV,
        certificate_pem=(keys_dir / "office-CHN.pem").read_text(),
    )


def issue(django_capture_on_commit_callbacks, values=("1200.50",), **header):
    """Issue an IC through the real service and run its on-commit signing."""
    _member, user, officer, epc = f.ready()
    app = f.submitted_application(user, epc, values=values, **header)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = ic.certificate_issue(by=officer, application=app)
    certificate.refresh_from_db()
    return certificate, user, officer


@pytest.fixture
def issued(db, identity, django_capture_on_commit_callbacks):
    certificate, user, officer = issue(django_capture_on_commit_callbacks)
    return certificate, user, officer


def signed_bytes(certificate) -> bytes:
    document = CertificateDocument.objects.get(certificate=certificate)
    with document.file.open("rb") as fh:
        return fh.read()


def validate_against(pdf_bytes: bytes, ca_pem: str):
    _, _, der = asn1_pem.unarmor(ca_pem.encode())
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(pdf_bytes))
    (sig,) = reader.embedded_signatures
    return validate_pdf_signature(sig, signer_validation_context=context)
