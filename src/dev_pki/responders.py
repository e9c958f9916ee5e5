"""The answers of the PKI's revocation services: OCSP (RFC 6960) and the CRL (RFC 5280).

Pure functions of the PKI, its state (state.py) and the request bytes; the HTTP server (server.py)
only routes. Timestamps are in tsa.py.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from . import state as st
from .keys import Pki, serial_hex

OCSP_VALIDITY = dt.timedelta(days=1)  # nextUpdate: how long a verifier may reuse an answer
CRL_VALIDITY = dt.timedelta(days=1)
DER = serialization.Encoding.DER
_crl_numbers = {"last": 0, "lock": threading.Lock()}


def _next_crl_number() -> int:
    """Real milliseconds, not the clock, and never the same twice: the number only grows."""
    with _crl_numbers["lock"]:
        _crl_numbers["last"] = max(_crl_numbers["last"] + 1, time.time_ns() // 1_000_000)
        return _crl_numbers["last"]


def _issuer_hashes(cert: x509.Certificate, algorithm: hashes.HashAlgorithm) -> tuple[bytes, bytes]:
    """(issuerNameHash, issuerKeyHash) of a CertID naming `cert` as the issuer."""

    def digest(data: bytes) -> bytes:
        h = hashes.Hash(algorithm)
        h.update(data)
        return h.finalize()

    key_bits = cert.public_key().public_bytes(DER, serialization.PublicFormat.PKCS1)
    return digest(cert.subject.public_bytes()), digest(key_bits)


def _ocsp_failure(status: ocsp.OCSPResponseStatus) -> bytes:
    return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(DER)


def ocsp_response(pki: Pki, state: dict, request_der: bytes) -> bytes:
    """A signed OCSP response (DER) for a one-certificate request: good for a serial this CA
    issued, revoked (time, reason) once revoked as of the clock, unknown for any other serial;
    `unauthorized` for a certificate of another issuer. The request's nonce is echoed."""
    try:
        request = ocsp.load_der_ocsp_request(request_der)
        algorithm = request.hash_algorithm
        asked = (request.issuer_name_hash, request.issuer_key_hash)
    except Exception:  # untrusted bytes: unparsable, several certificates, unknown hash
        return _ocsp_failure(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
    if asked != _issuer_hashes(pki.ca_cert, algorithm):
        return _ocsp_failure(ocsp.OCSPResponseStatus.UNAUTHORIZED)
    at = st.now(state)
    serial = request.serial_number
    known = serial_hex(serial) in pki.index()
    revoked = st.revocation(state, serial, at) if known else None
    if revoked:
        status = ocsp.OCSPCertStatus.REVOKED
    else:
        status = ocsp.OCSPCertStatus.GOOD if known else ocsp.OCSPCertStatus.UNKNOWN
    builder = (
        ocsp.OCSPResponseBuilder()
        .add_response_by_hash(
            issuer_name_hash=asked[0],
            issuer_key_hash=asked[1],
            serial_number=serial,
            algorithm=algorithm,
            cert_status=status,
            this_update=at,
            next_update=at + OCSP_VALIDITY,
            revocation_time=revoked[0] if revoked else None,
            revocation_reason=st.REASONS[revoked[1]] if revoked else None,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, pki.ocsp_cert)
        .certificates([pki.ocsp_cert])
    )
    for extension in request.extensions:
        if isinstance(extension.value, x509.OCSPNonce):
            builder = builder.add_extension(extension.value, critical=False)
    return builder.sign(pki.ocsp_key, hashes.SHA256()).public_bytes(DER)


def crl(pki: Pki, state: dict) -> bytes:
    """The CA's CRL (DER), made fresh: lastUpdate is the clock, every revocation known by then."""
    at = st.now(state)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.ca_cert.subject)
        .last_update(at)
        .next_update(at + CRL_VALIDITY)
        .add_extension(x509.CRLNumber(_next_crl_number()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(pki.ca_key.public_key()),
            critical=False,
        )
    )
    for serial, when, reason in st.revocations(state, at):
        entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when)
        if reason != "unspecified":  # RFC 5280 5.3.1: leave the reason out rather than say so
            entry = entry.add_extension(x509.CRLReason(st.REASONS[reason]), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(pki.ca_key, hashes.SHA256()).public_bytes(DER)
