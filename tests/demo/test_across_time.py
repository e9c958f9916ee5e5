import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from icportal.demo import across_time
from icportal.demo import people as demo
from icportal.documents.models import CertificateDocument, DocStatus, DocumentVersion


@pytest.mark.django_db
def test_demo_has_an_expired_a_revoked_later_and_an_archived_ic_all_verifying(
    settings, tmp_path, monkeypatch, dev_pki_server, pki, client, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    (tmp_path / "keys").symlink_to(dev_pki_server.directory)  # the session's PKI and its server
    monkeypatch.delenv("ICPORTAL_DEV_P12_PASSPHRASE", raising=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load() is True
    made = across_time.build()
    assert not [line for line in made if "not" in line], made

    expired, revoked = (
        CertificateDocument.objects.filter(
            certificate__application__invoice_no__startswith="INV/LT"
        )
        .select_related("certificate")
        .order_by("certificate__application__invoice_no")
    )
    assert expired.status == revoked.status == DocStatus.SIGNED
    # The revocation is dated a second after the signing: look a minute later (the PKI's clock).
    pki.set_clock(timezone.now() + dt.timedelta(minutes=1))
    answers = {}
    for document in (expired, revoked):
        page = client.get(f"/verify/{document.certificate.verification_code}").content.decode()
        answers[document.pk] = page
        assert "while the certificate was valid (timestamp by" in page, page
    assert "has since expired" in answers[expired.pk]
    assert "was revoked on" in answers[revoked.pk] and "after signing" in answers[revoked.pk]

    archived = DocumentVersion.objects.get(n=2)
    with archived.file.open("rb") as fh:
        data = fh.read()
    body = client.post(
        reverse("documents:check"), {"file": SimpleUploadedFile("ic.pdf", data)}
    ).content.decode()
    assert 'data-verdict="genuine"' in body and "version 2" in body
