"""The answers of the PKI's services: OCSP (RFC 6960), the CRL (RFC 5280), timestamps (RFC 3161).

Pure functions of the PKI, its state (state.py) and the request bytes; the HTTP server (server.py)
only routes. The timestamp token is built here on asn1crypto + cryptography rather than with
pyHanko's DummyTimeStamper: importing pyHanko costs the server a second of CPU at start, and the
token needs certReq honoured and the admin clock as its time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time

from asn1crypto import cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.x509 import ocsp

from . import state as st
from .keys import Pki, serial_hex

OCSP_VALIDITY = dt.timedelta(days=1)  # nextUpdate: how long a verifier may reuse an answer
CRL_VALIDITY = dt.timedelta(days=1)
# A private-use policy OID for the development TSA's tokens (2.999: the ITU "example" arc).
TSA_POLICY = "2.999.3161.1"
TSA_DIGESTS = {"sha256": 32, "sha384": 48, "sha512": 64, "sha1": 20}
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


def _attribute(kind: str, value) -> cms.CMSAttribute:
    return cms.CMSAttribute({"type": kind, "values": (value,)})


def _token(
    pki: Pki, imprint: tsp.MessageImprint, nonce, at: dt.datetime, with_certs: bool
) -> cms.ContentInfo:
    """A timestamp token: SignedData over TSTInfo, signed by the TSA key (RSA, SHA-256) with the
    ESS signing-certificate-v2 attribute that binds the TSA certificate."""
    tsa_der = pki.tsa_cert.public_bytes(DER)
    tsa_cert = asn1_x509.Certificate.load(tsa_der)
    info = {
        "version": "v1",
        "policy": TSA_POLICY,
        "message_imprint": imprint,
        "serial_number": secrets.randbits(63),
        "gen_time": at,
        "accuracy": {"seconds": 1},
        "tsa": asn1_x509.GeneralName(name="directory_name", value=tsa_cert.subject),
    }
    if nonce is not None:
        info["nonce"] = nonce
    content = tsp.TSTInfo(info).dump()
    essid = {
        "cert_hash": hashlib.sha256(tsa_der).digest(),
        "issuer_serial": {
            "issuer": [asn1_x509.GeneralName(name="directory_name", value=tsa_cert.issuer)],
            "serial_number": tsa_cert.serial_number,
        },
    }
    signed_attrs = cms.CMSAttributes(
        [
            _attribute("content_type", "tst_info"),
            _attribute("signing_time", cms.Time({"utc_time": core.UTCTime(at)})),
            _attribute("signing_certificate_v2", tsp.SigningCertificateV2({"certs": [essid]})),
            _attribute("message_digest", hashlib.sha256(content).digest()),
        ]
    )
    signature = pki.tsa_key.sign(signed_attrs.dump(), PKCS1v15(), hashes.SHA256())
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": {
                        "issuer": tsa_cert.issuer,
                        "serial_number": tsa_cert.serial_number,
                    }
                }
            ),
            "digest_algorithm": {"algorithm": "sha256"},
            "signed_attrs": signed_attrs,
            "signature_algorithm": {"algorithm": "sha256_rsa"},
            "signature": signature,
        }
    )
    signed_data = {
        "version": "v3",
        "digest_algorithms": [{"algorithm": "sha256"}],
        "encap_content_info": {
            "content_type": "tst_info",
            "content": core.ParsableOctetString(content),
        },
        "signer_infos": [signer],
    }
    if with_certs:  # certReq: the TSA certificate travels with the token
        signed_data["certificates"] = [tsa_cert]
    return cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData(signed_data)})


class TimeStampReply(core.Sequence):
    """RFC 3161's TimeStampResp, whose token is OPTIONAL (absent in a rejection); asn1crypto's
    tsp.TimeStampResp requires it, so a rejection is written (and read back) with this."""

    _fields = [
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


def _rejection(failure: str, text: str) -> tuple[int, bytes]:
    status = {"status": "rejection", "status_string": [text], "fail_info": {failure}}
    return 400, TimeStampReply({"status": status}).dump()


def tsa_response(
    pki: Pki, state: dict, query_der: bytes, *, wrong_hash: bool = False
) -> tuple[int, bytes]:
    """(HTTP status, TimeStampResp DER) for a TimeStampReq: 200 granted with a token whose
    genTime is the clock, or 400 with a rejection (no token) for a request it cannot take.
    `wrong_hash` (a fault for tests) stamps another digest than the one asked for."""
    try:
        request = tsp.TimeStampReq.load(query_der)
        imprint = request["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        digest = imprint["hashed_message"].native
        nonce, with_certs = request["nonce"].native, bool(request["cert_req"].native)
    except Exception:  # untrusted bytes: whatever asn1crypto makes of them
        return _rejection("bad_data_format", "the request is not a TimeStampReq")
    if algorithm not in TSA_DIGESTS:
        return _rejection("bad_alg", f"digest algorithm {algorithm} is not accepted")
    if len(digest) != TSA_DIGESTS[algorithm]:
        return _rejection("bad_data_format", "the digest's length does not match its algorithm")
    if wrong_hash:
        other = hashlib.new(algorithm, b"another document" + digest).digest()
        imprint = tsp.MessageImprint(
            {"hash_algorithm": {"algorithm": algorithm}, "hashed_message": other}
        )
    token = _token(pki, imprint, nonce, st.now(state), with_certs)
    granted = {"status": {"status": "granted"}, "time_stamp_token": token}
    return 200, tsp.TimeStampResp(granted).dump()
