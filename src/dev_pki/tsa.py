"""The development TSA's answers (RFC 3161): TimeStampReq in, TimeStampResp out.

The token is SignedData over TSTInfo, signed by the TSA key (RSA, SHA-256) with the ESS
signing-certificate-v2 attribute that binds the TSA certificate; genTime is the PKI's clock.
It is written as DER by hand around parts encoded once per TSA certificate with asn1crypto
(`_parts`): building it with asn1crypto objects cost 5-50 ms of CPU per token, which the
signing benchmark (the same TSA on both sides) would have measured instead of our code. The
tests read every token back with asn1crypto and validate it with pyHanko.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

from . import state as st
from .keys import Pki

# A private-use policy OID for the development TSA's tokens (2.999: the ITU "example" arc).
POLICY = "2.999.3161.1"
DIGESTS = {"sha256": 32, "sha384": 48, "sha512": 64, "sha1": 20}
SEQUENCE, SET, OCTETS, CONTEXT_0 = 0x30, 0x31, 0x04, 0xA0


def _tlv(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + content


def _integer(value: int) -> bytes:
    return _tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def _oid(dotted: str) -> bytes:
    return core.ObjectIdentifier(dotted).dump()


def _attribute(kind: str, value) -> bytes:
    return cms.CMSAttribute({"type": kind, "values": (value,)}).dump()


@functools.lru_cache(maxsize=4)
def _parts(tsa_der: bytes) -> dict[str, bytes]:
    """Every constant piece of a token for this TSA certificate, as DER."""
    cert = asn1_x509.Certificate.load(tsa_der)
    issuer_serial = {
        "issuer": [asn1_x509.GeneralName(name="directory_name", value=cert.issuer)],
        "serial_number": cert.serial_number,
    }
    essid = {"cert_hash": hashlib.sha256(tsa_der).digest(), "issuer_serial": issuer_serial}
    sid = {"issuer_and_serial_number": {"issuer": cert.issuer, "serial_number": cert.serial_number}}
    tsa_name = asn1_x509.GeneralName(name="directory_name", value=cert.subject).dump()
    return {
        "head": _integer(1) + _oid(POLICY),  # TSTInfo: version, policy
        "tail": tsp.Accuracy({"seconds": 1}).dump(),  # TSTInfo: accuracy (then nonce, tsa)
        "tsa": _tlv(CONTEXT_0, tsa_name),  # TSTInfo: tsa [0] EXPLICIT GeneralName
        "content_type": _attribute("content_type", "tst_info"),
        "ess": _attribute("signing_certificate_v2", tsp.SigningCertificateV2({"certs": [essid]})),
        "signing_time": _oid("1.2.840.113549.1.9.5"),
        "message_digest": _oid("1.2.840.113549.1.9.4"),
        "sid": cms.SignerIdentifier(sid).dump(),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}).dump(),
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}).dump(),
        "certificates": _tlv(CONTEXT_0, tsa_der),  # SignedData: certificates [0] IMPLICIT
        "tst_info": _oid("1.2.840.113549.1.9.16.1.4"),
        "signed_data": _oid("1.2.840.113549.1.7.2"),
    }


def _token(pki: Pki, imprint: bytes, nonce: bytes, at: dt.datetime, with_certs: bool) -> bytes:
    """The ContentInfo of a timestamp token (DER); `imprint` and `nonce` are the request's own
    DER (nonce b"" when it had none)."""
    p = _parts(pki.tsa_cert.public_bytes(serialization.Encoding.DER))
    gen_time = _tlv(0x18, at.strftime("%Y%m%d%H%M%SZ").encode())
    serial = _integer(secrets.randbits(63))
    content = _tlv(SEQUENCE, p["head"] + imprint + serial + gen_time + p["tail"] + nonce + p["tsa"])
    utc_time = _tlv(0x17, at.strftime("%y%m%d%H%M%SZ").encode())
    digest = hashlib.sha256(content).digest()
    attributes = sorted(  # DER: a SET OF in the order of its elements' encodings
        [
            p["content_type"],
            _tlv(SEQUENCE, p["signing_time"] + _tlv(SET, utc_time)),
            p["ess"],
            _tlv(SEQUENCE, p["message_digest"] + _tlv(SET, _tlv(OCTETS, digest))),
        ]
    )
    signed = b"".join(attributes)
    signature = pki.tsa_key.sign(_tlv(SET, signed), PKCS1v15(), hashes.SHA256())
    signer = _tlv(
        SEQUENCE,
        _integer(1)
        + p["sid"]
        + p["digest_algorithm"]
        + _tlv(CONTEXT_0, signed)
        + p["signature_algorithm"]
        + _tlv(OCTETS, signature),
    )
    encapsulated = _tlv(SEQUENCE, p["tst_info"] + _tlv(CONTEXT_0, _tlv(OCTETS, content)))
    signed_data = _tlv(
        SEQUENCE,
        _integer(3)
        + _tlv(SET, p["digest_algorithm"])
        + encapsulated
        + (p["certificates"] if with_certs else b"")  # certReq: the TSA certificate travels
        + _tlv(SET, signer),
    )
    return _tlv(SEQUENCE, p["signed_data"] + _tlv(CONTEXT_0, signed_data))


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
        nonce = request["nonce"]
        nonce_der = b"" if nonce.native is None else nonce.dump()
        with_certs = bool(request["cert_req"].native)
        imprint_der = imprint.dump()
    except Exception:  # untrusted bytes: whatever asn1crypto makes of them
        return _rejection("bad_data_format", "the request is not a TimeStampReq")
    if algorithm not in DIGESTS:
        return _rejection("bad_alg", f"digest algorithm {algorithm} is not accepted")
    if len(digest) != DIGESTS[algorithm]:
        return _rejection("bad_data_format", "the digest's length does not match its algorithm")
    if wrong_hash:
        other = hashlib.new(algorithm, b"another document" + digest).digest()
        imprint_der = tsp.MessageImprint(
            {"hash_algorithm": {"algorithm": algorithm}, "hashed_message": other}
        ).dump()
    token = _token(pki, imprint_der, nonce_der, st.now(state), with_certs)
    granted = _tlv(SEQUENCE, _integer(0))  # PKIStatusInfo {status granted}
    return 200, _tlv(SEQUENCE, granted + token)
