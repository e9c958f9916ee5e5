"""OCSP (RFC 6960) from the development PKI, asked at the address the certificate names."""

from __future__ import annotations

import base64
import datetime as dt
from urllib.parse import quote

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509 import ocsp

from dev_pki.keys import build
from tests.dev_pki.helpers import (
    DER,
    assert_signed_by_responder_of,
    certificate,
    ocsp_request,
    ocsp_url,
    post_ocsp,
)

UTC = dt.UTC


@pytest.fixture
def office(pki):
    _p12, pem = pki.issue_office("DEL", "Delhi")
    return certificate(pem)


def test_a_certificate_it_issued_is_good_signed_by_the_responder_with_our_nonce(pki, office):
    ca = pki.pki.ca_cert
    response = post_ocsp(ocsp_url(office), ocsp_request(office, ca, nonce=b"0123456789abcdef"))

    assert response.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert response.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert response.serial_number == office.serial_number
    assert_signed_by_responder_of(response, ca)
    nonce = response.extensions.get_extension_for_class(x509.OCSPNonce).value
    assert nonce.nonce == b"0123456789abcdef"
    now = dt.datetime.now(UTC)
    assert abs(response.this_update_utc - now) < dt.timedelta(minutes=5)
    assert response.next_update_utc > response.this_update_utc


def test_a_revoked_certificate_is_revoked_from_its_time_with_its_reason(pki, office):
    at = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    pki.revoke(office.serial_number, at=at, reason="key_compromise")

    response = post_ocsp(ocsp_url(office), ocsp_request(office, pki.pki.ca_cert))

    assert response.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert response.revocation_time_utc == at
    assert response.revocation_reason == x509.ReasonFlags.key_compromise
    assert_signed_by_responder_of(response, pki.pki.ca_cert)


def test_the_get_form_answers_the_same(pki, office):
    pki.revoke(office.serial_number, reason="superseded")
    der = ocsp_request(office, pki.pki.ca_cert)

    answer = httpx.get(ocsp_url(office) + "/" + quote(base64.b64encode(der).decode(), safe=""))

    response = ocsp.load_der_ocsp_response(answer.content)
    assert response.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert response.revocation_reason == x509.ReasonFlags.superseded


def test_a_revocation_after_the_services_clock_is_not_known_yet(pki, office):
    """The PKI's clock is its "now": before the revocation it answers good, after it revoked."""
    revoked_at = dt.datetime(2027, 6, 1, tzinfo=UTC)
    pki.revoke(office.serial_number, at=revoked_at)
    pki.set_clock(revoked_at - dt.timedelta(days=1))

    before = post_ocsp(ocsp_url(office), ocsp_request(office, pki.pki.ca_cert))
    pki.set_clock(revoked_at + dt.timedelta(days=1))
    after = post_ocsp(ocsp_url(office), ocsp_request(office, pki.pki.ca_cert))

    assert before.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert before.this_update_utc == revoked_at - dt.timedelta(days=1)
    assert after.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert after.revocation_time_utc == revoked_at


def test_a_serial_it_never_issued_is_unknown(pki, office):
    ca = pki.pki.ca_cert
    real = ocsp.load_der_ocsp_request(ocsp_request(office, ca))
    request = ocsp.OCSPRequestBuilder().add_certificate_by_hash(
        real.issuer_name_hash, real.issuer_key_hash, x509.random_serial_number(), hashes.SHA1()
    )

    response = post_ocsp(ocsp_url(office), request.build().public_bytes(DER))

    assert response.certificate_status == ocsp.OCSPCertStatus.UNKNOWN
    assert_signed_by_responder_of(response, ca)


def test_a_certificate_of_another_issuer_is_not_answered_for(pki, office, tmp_path):
    other = build(tmp_path / "other", pki.url)  # another CA, same server address
    _p12, pem = other.issue_office("KOL", "Kolkata")
    stranger = certificate(pem)

    response = post_ocsp(ocsp_url(stranger), ocsp_request(stranger, other.ca_cert))

    assert response.response_status == ocsp.OCSPResponseStatus.UNAUTHORIZED


def test_a_request_that_is_not_ocsp_is_malformed(pki):
    response = post_ocsp(pki.url + "ocsp", b"not an OCSP request")

    assert response.response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST


def test_ocsp_down_closes_the_connection_while_the_crl_still_answers(pki, office):
    pki.fault(ocsp="down")

    with pytest.raises(httpx.TransportError):
        httpx.post(ocsp_url(office), content=ocsp_request(office, pki.pki.ca_cert), timeout=30)
    assert httpx.get(pki.url + "crl/dev-ca.crl", timeout=30).status_code == 200

    pki.fault(ocsp=None)
    response = post_ocsp(ocsp_url(office), ocsp_request(office, pki.pki.ca_cert))
    assert response.certificate_status == ocsp.OCSPCertStatus.GOOD
