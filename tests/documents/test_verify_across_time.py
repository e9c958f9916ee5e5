"""Verification across time: an IC stays valid when its certificate expires or is revoked after
signing, is invalid when signed after revocation, and an office's DSC renewal changes nothing for
old ICs. The clock moves (time-machine here, the PKI's admin clock there); nothing sleeps."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from icportal.common.dates import IST
from icportal.documents.models import CertificateDocument, DocStatus
from tests.documents.across_time import office_identity, serial_of
from tests.documents.conftest import issue, signed_bytes
from tests.factories import office

pytestmark = pytest.mark.django_db


def _check(client, data: bytes) -> str:
    response = client.post(reverse("documents:check"), {"file": SimpleUploadedFile("ic.pdf", data)})
    return response.content.decode()


def _api(api, data: bytes) -> dict:
    response = api.post(
        "/api/v1/verify/", {"file": SimpleUploadedFile("ic.pdf", data)}, format="multipart"
    )
    assert response.status_code == 200, response.content
    return response.json()


def _signed(django_capture_on_commit_callbacks):
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.SIGNED, document.last_error
    return certificate, document


def _ist(moment: dt.datetime) -> str:
    return moment.astimezone(IST).strftime("%d/%m/%Y")


def test_ic_signed_while_the_certificate_was_valid_stays_valid_after_it_expires(
    client, api, pki, passphrase_env, django_capture_on_commit_callbacks
):
    past = timezone.now() - dt.timedelta(days=60)
    pki.set_clock(past)
    with time_machine.travel(past, tick=True):
        # A short-lived certificate: valid for ten days around the signing, two months ago.
        identity = office_identity(
            pki,
            office("CHN"),
            not_before=past - dt.timedelta(days=1),
            not_after=past + dt.timedelta(days=9),
        )
        certificate, _ = _signed(django_capture_on_commit_callbacks)
    pki.set_clock(None)
    assert identity.valid_to < timezone.now()  # expired today

    data = signed_bytes(certificate)
    body = _check(client, data)
    assert 'data-verdict="genuine"' in body
    assert f"Valid — signed on {_ist(past)}" in body
    assert "while the certificate was valid (timestamp by" in body
    assert "has since expired" in body

    page = client.get(f"/verify/{certificate.verification_code}").content.decode()
    assert 'data-signing="valid"' in page and f"signed on {_ist(past)}" in page
    answer = _api(api, data)
    assert answer["genuine"] and answer["signature"]["code"] == "valid"
    assert answer["signature"]["signed_at"].startswith(past.date().isoformat()[:7])


def test_certificate_revoked_after_signing_keeps_the_ic_valid_and_says_when(
    client, api, pki, passphrase_env, django_capture_on_commit_callbacks
):
    # Its own certificate (not the session's shared one), revoked once the IC is signed.
    identity = office_identity(pki, office("CHN"))
    certificate, _ = _signed(django_capture_on_commit_callbacks)
    revoked_at = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=1)
    pki.revoke(serial_of(identity), at=revoked_at)

    with time_machine.travel(revoked_at + dt.timedelta(days=3), tick=True):
        pki.set_clock(revoked_at + dt.timedelta(days=3))
        body = _check(client, signed_bytes(certificate))
        answer = _api(api, signed_bytes(certificate))
        page = client.get(f"/verify/{certificate.verification_code}").content.decode()
    assert 'data-verdict="genuine"' in body
    assert "while the certificate was valid" in body
    assert f"The certificate was revoked on {_ist(revoked_at)}" in body and "after signing" in body
    assert answer["genuine"] and answer["signature"]["code"] == "revoked_later"
    assert 'data-signing="revoked_later"' in page


def test_ic_signed_after_the_certificate_was_revoked_is_invalid(
    client, api, pki, passphrase_env, django_capture_on_commit_callbacks
):
    identity = office_identity(pki, office("CHN"))
    certificate, document = _signed(django_capture_on_commit_callbacks)
    # The CA publishes, later, a revocation dated before the signing (a key reported lost).
    pki.revoke(serial_of(identity), at=document.signed_at - dt.timedelta(hours=2))

    body = _check(client, signed_bytes(certificate))
    assert 'data-verdict="signed_after_revocation"' in body
    assert "Not valid — signed on" in body and "after the signing certificate was revoked" in body
    answer = _api(api, signed_bytes(certificate))
    assert not answer["genuine"] and answer["verdict"] == "signed_after_revocation"
    page = client.get(f"/verify/{certificate.verification_code}").content.decode()
    assert 'data-signing="signed_after_revocation"' in page


def test_renewing_an_offices_dsc_leaves_old_ics_verifying(
    client, pki, passphrase_env, django_capture_on_commit_callbacks
):
    chennai = office("CHN")
    start = timezone.now()
    old = office_identity(
        pki,
        chennai,
        not_before=start - dt.timedelta(days=1),
        not_after=start + dt.timedelta(days=30),
    )
    old_ic, _ = _signed(django_capture_on_commit_callbacks)
    # Renewal: a new certificate with a new key for the same office; the old identity is kept.
    new = office_identity(pki, chennai)
    old.refresh_from_db()
    assert new.is_active and not old.is_active and serial_of(new) != serial_of(old)
    new_ic, new_doc = _signed(django_capture_on_commit_callbacks)
    assert new_doc.identity_id == new.pk

    later = start + dt.timedelta(days=45)  # the old certificate has expired by now
    pki.set_clock(later)
    with time_machine.travel(later, tick=True):
        for certificate in (old_ic, new_ic):
            body = _check(client, signed_bytes(certificate))
            assert 'data-verdict="genuine"' in body and certificate.number in body
            assert "while the certificate was valid" in body
        assert "has since expired" in _check(client, signed_bytes(old_ic))
