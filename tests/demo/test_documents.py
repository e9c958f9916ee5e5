import pytest

from icportal.certificates.models import CertStatus, ImportCertificate
from icportal.demo import people as demo
from icportal.documents.models import CertificateDocument, DocStatus, SigningIdentity
from icportal.documents.readiness import document_readiness
from tests.documents.conftest import validate_against


@pytest.mark.django_db
def test_every_issued_demo_ic_has_a_signed_document_that_passes_readiness(
    settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks, dev_pki_server
):
    settings.VAR_DIR = tmp_path
    (tmp_path / "keys").symlink_to(dev_pki_server.directory)  # the session's PKI and its server
    monkeypatch.delenv("ICPORTAL_DEV_P12_PASSPHRASE", raising=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load() is True
    assert SigningIdentity.objects.filter(backend="pkcs12", is_active=True).count() >= 7
    issued = ImportCertificate.objects.filter(status=CertStatus.ISSUED).select_related("office")
    assert issued.count() >= 3
    ca_pem = (tmp_path / "keys" / "dev-ca.pem").read_text()
    for certificate in issued:
        document = CertificateDocument.objects.get(certificate=certificate)
        assert document.status == DocStatus.SIGNED, (certificate.number, document.last_error)
        data = document.file.read()
        checks = document_readiness(
            pdf_bytes=data,
            office=certificate.office,
            file_name=document.file_name,
            document_id=document.pk,
        )
        assert all(c["passed"] for c in checks), checks
        assert validate_against(data, ca_pem).bottom_line
