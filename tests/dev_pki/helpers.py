"""Requests to the development PKI built with the standard libraries (cryptography, asn1crypto)."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import httpx
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID

DER = serialization.Encoding.DER


def certificate(pem_path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem_path.read_bytes())


def ocsp_url(cert: x509.Certificate) -> str:
    """The responder the certificate itself names (AIA), as a validator finds it."""
    aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    (url,) = [
        d.access_location.value
        for d in aia
        if d.access_method == AuthorityInformationAccessOID.OCSP
    ]
    return url


def crl_url(cert: x509.Certificate) -> str:
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    return points[0].full_name[0].value


def ocsp_request(cert, issuer, *, nonce: bytes | None = None) -> bytes:
    builder = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1())
    if nonce:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.build().public_bytes(DER)


def post_ocsp(url: str, der: bytes) -> ocsp.OCSPResponse:
    response = httpx.post(
        url, content=der, headers={"Content-Type": "application/ocsp-request"}, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(response.content)


def assert_signed_by_responder_of(response: ocsp.OCSPResponse, ca: x509.Certificate) -> None:
    """The answer is signed by the certificate it carries, which the CA issued for OCSP signing."""
    (responder,) = response.certificates
    ca.public_key().verify(
        responder.signature,
        responder.tbs_certificate_bytes,
        PKCS1v15(),
        responder.signature_hash_algorithm,
    )
    usage = responder.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.OCSP_SIGNING in usage
    assert responder.extensions.get_extension_for_class(x509.OCSPNoCheck)
    responder.public_key().verify(
        response.signature,
        response.tbs_response_bytes,
        PKCS1v15(),
        response.signature_hash_algorithm,
    )


def timestamp_query(data: bytes, *, nonce: int | None = None, cert_req: bool = True) -> bytes:
    request = {
        "version": "v1",
        "message_imprint": {
            "hash_algorithm": {"algorithm": "sha256"},
            "hashed_message": hashlib.sha256(data).digest(),
        },
        "cert_req": cert_req,
    }
    if nonce is not None:
        request["nonce"] = nonce
    return tsp.TimeStampReq(request).dump()


def post_tsa(url: str, query: bytes, **kw) -> httpx.Response:
    headers = {"Content-Type": "application/timestamp-query"}
    return httpx.post(url, content=query, headers=headers, timeout=kw.pop("timeout", 30), **kw)


def new_nonce() -> int:
    return secrets.randbits(63)
