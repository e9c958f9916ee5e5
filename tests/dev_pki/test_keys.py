"""The PKI's directory: built once, rebuilt for another address, office certificates that say
where their revocation answers are, expired ones on demand."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from dev_pki.keys import build
from icportal.documents.devkeys import ensure_office_keys
from tests.dev_pki.helpers import certificate, crl_url, ocsp_url

UTC = dt.UTC
URL = "http://127.0.0.1:9003/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("pki"), URL)


def test_built_once_then_loaded_and_rebuilt_for_another_address(tmp_path):
    first = build(tmp_path, "http://127.0.0.1:9001/")
    again = build(tmp_path, "http://127.0.0.1:9001")
    _p12, pem = first.issue_office("CHN", "Chennai", stem="office-CHN")

    moved = build(tmp_path, "http://127.0.0.1:9002/")

    assert again.ca_cert == first.ca_cert and again.tsa_cert == first.tsa_cert
    assert moved.ca_cert != first.ca_cert
    assert not pem.exists()  # the office certificate named the old address: gone with it
    assert certificate(tmp_path / "dev-ca.pem") == moved.ca_cert
    assert "icportal development CA" in moved.ca_cert.subject.rfc4514_string()


def test_an_office_certificate_names_the_pki_and_is_in_the_index(built):
    pki = built

    p12_path, pem_path = pki.issue_office("DEL", "Delhi")

    cert = certificate(pem_path)
    assert ocsp_url(cert) == "http://127.0.0.1:9003/ocsp"
    assert crl_url(cert) == "http://127.0.0.1:9003/crl/dev-ca.crl"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    key, in_p12, chain = pkcs12.load_key_and_certificates(p12_path.read_bytes(), pki.passphrase())
    assert in_p12 == cert and chain == [pki.ca_cert] and key is not None
    entry = pki.index()[format(cert.serial_number, "x")]
    assert entry["kind"] == "office" and entry["office"] == "DEL"
    assert entry["not_after"] == cert.not_valid_after_utc.isoformat()


def test_infrastructure_certificates_have_their_roles(built):
    pki = built

    tsa_usage = pki.tsa_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert tsa_usage.critical and list(tsa_usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert pki.ocsp_cert.extensions.get_extension_for_class(x509.OCSPNoCheck)
    assert pki.ca_cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    kinds = {e["kind"]: e["file"] for e in pki.index().values()}
    assert kinds["tsa"] == "tsa.pem" and kinds["ocsp"] == "ocsp.pem"


def test_an_already_expired_certificate_can_be_issued(built):
    pki = built
    start, end = dt.datetime(2024, 1, 1, tzinfo=UTC), dt.datetime(2024, 7, 1, tzinfo=UTC)

    _p12, pem = pki.issue_office("KOL", "Kolkata", not_before=start, not_after=end)

    cert = certificate(pem)
    assert (cert.not_valid_before_utc, cert.not_valid_after_utc) == (start, end)
    assert pki.ca_cert.not_valid_before_utc <= start  # the CA was valid when it was


def test_ensure_office_keys_keeps_each_office_certificate(built):
    first = ensure_office_keys(built.directory, [("CHN", "Chennai")], base_url=URL)
    again = ensure_office_keys(
        built.directory, [("CHN", "Chennai"), ("DEL", "Delhi")], base_url=URL
    )

    assert again[0] == first[0]
    assert first[0].cert_pem_path.read_bytes() == again[0].cert_pem_path.read_bytes()
    assert [k.office_code for k in again] == ["CHN", "DEL"]
    assert (built.directory / "p12-passphrase").exists()
    assert built.ca_pem_path.read_bytes() == (built.directory / "dev-ca.pem").read_bytes()
