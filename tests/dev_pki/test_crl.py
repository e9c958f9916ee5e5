"""The CA's CRL at the distribution point the certificates name."""

from __future__ import annotations

import datetime as dt

import httpx
from cryptography import x509

from tests.dev_pki.helpers import certificate, crl_url

UTC = dt.UTC


def fetch_crl(url: str) -> x509.CertificateRevocationList:
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pkix-crl"
    return x509.load_der_x509_crl(response.content)


def test_the_crl_lists_a_revoked_serial_with_its_time_and_reason_signed_by_the_ca(pki):
    revoked = certificate(pki.issue_office("CHN", "Chennai")[1])
    kept = certificate(pki.issue_office("CHN", "Chennai")[1])
    at = dt.datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)
    pki.revoke(revoked.serial_number, at=at, reason="cessation_of_operation")

    crl = fetch_crl(crl_url(revoked))

    assert crl.is_signature_valid(pki.pki.ca_cert.public_key())
    assert crl.issuer == pki.pki.ca_cert.subject
    entry = crl.get_revoked_certificate_by_serial_number(revoked.serial_number)
    assert entry is not None
    assert entry.revocation_date_utc == at
    reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason == x509.ReasonFlags.cessation_of_operation
    assert crl.get_revoked_certificate_by_serial_number(kept.serial_number) is None
    assert crl.next_update_utc > crl.last_update_utc > dt.datetime.now(UTC) - dt.timedelta(hours=1)


def test_the_crl_is_made_at_the_services_clock_and_numbers_grow(pki):
    first = fetch_crl(pki.url + "crl/dev-ca.crl")
    pki.set_clock(dt.datetime(2028, 1, 2, 3, 4, 5, tzinfo=UTC))

    second = fetch_crl(pki.url + "crl/dev-ca.crl")

    assert second.last_update_utc == dt.datetime(2028, 1, 2, 3, 4, 5, tzinfo=UTC)
    number = x509.CRLNumber
    assert (
        second.extensions.get_extension_for_class(number).value.crl_number
        > first.extensions.get_extension_for_class(number).value.crl_number
    )


def test_the_ca_certificate_is_served_at_the_ca_issuers_address(pki):
    response = httpx.get(pki.url + "ca/dev-ca.crt", timeout=30)

    assert x509.load_der_x509_certificate(response.content) == pki.pki.ca_cert
