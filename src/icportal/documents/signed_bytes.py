"""A cheap proof that a PDF's bytes are what was signed, for the files we have just signed.

The last signature's /ByteRange must cover the whole file except its own /Contents hex string;
the hash of those bytes must equal the CMS messageDigest attribute; and the signature value over
the signed attributes must verify with the public key of the certificate the CMS names as its
signer. That is the whole of "intact, valid, covering the whole file", in about 0.2 ms for an IC
instead of ~15 ms for pyHanko's full validation, which also reads every PDF object, builds the
certificate path and classifies incremental updates — needed for files from outside (manual
uploads, the verify page: `probe.inspect_signatures`), not for bytes this process just produced
with a known identity. Whether the signer is the office's registered identity is the readiness
check's separate "signer" check.

A timestamped signature (B-T) also gets its token's message imprint compared with the hash of
the signature value and the TSA's signature over the token checked, and B-LT the presence of the
DSS (`_timestamp`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from asn1crypto import cms, core, tsp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}
# The catalog's /DSS and at least one revocation answer in it (what B-LT adds to B-T).
_DSS = re.compile(rb"/DSS\s+\d+\s+0\s+R")
_REVOCATION = re.compile(rb"/(?:OCSPs|CRLs)\s*\[\s*\d")


@dataclass(frozen=True)
class Finding:
    ok: bool  # intact, cryptographically valid and covering the whole file
    reason: str = ""  # why not, for staff
    signer_der: bytes = b""  # the certificate the CMS names as signer, when it has one
    level: str = ""  # PAdES baseline level: B-B, B-T (timestamp), B-LT (and a DSS)
    timestamp_at: dt.datetime | None = None  # the signature timestamp's genTime
    tsa: str = ""  # the TSA certificate's subject


@lru_cache(maxsize=32)
def _certificate(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


@lru_cache(maxsize=32)
def _subject(der: bytes) -> str:
    return _certificate(der).subject.rfc4514_string()


def verify_signature(
    certificate: x509.Certificate, signature: bytes, data: bytes, algo, digest
) -> None:
    key = certificate.public_key()
    if algo in ("rsassa_pkcs1v15", "sha256_rsa", "sha384_rsa", "sha512_rsa") and isinstance(
        key, rsa.RSAPublicKey
    ):
        key.verify(signature, data, padding.PKCS1v15(), digest())
    elif algo.endswith("ecdsa") and isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(digest()))
    else:
        raise InvalidSignature(f"signature algorithm {algo} is not checked here")


def whole_file_signature(pdf: bytes) -> Finding:
    """Check the file's last signature; see the module docstring."""
    at = pdf.rfind(b"/ByteRange")
    found = _BYTE_RANGE.match(pdf, at) if at >= 0 else None
    if found is None:
        return Finding(False, "The file has no digital signature")
    start, gap, resume, tail = map(int, found.groups())
    if start != 0 or resume + tail != len(pdf) or not 0 < gap < resume <= len(pdf):
        return Finding(False, "The signature does not cover the whole file")
    if pdf[gap : gap + 1] != b"<" or pdf[resume - 1 : resume] != b">":
        return Finding(False, "The signature's byte range does not exclude exactly its /Contents")
    try:
        signed_data = cms.ContentInfo.load(bytes.fromhex(pdf[gap + 1 : resume - 1].decode()))[
            "content"
        ]
        signer_info = signed_data["signer_infos"][0]
        sid = signer_info["sid"].chosen
        digest_name = signer_info["digest_algorithm"]["algorithm"].native
        attrs = signer_info["signed_attrs"]
        message_digest = next(
            a["values"][0].native for a in attrs if a["type"].native == "message_digest"
        )
        signer_der = next(
            c.chosen.dump()
            for c in signed_data["certificates"]
            if c.name == "certificate"
            and c.chosen.serial_number == sid["serial_number"].native
            and c.chosen.issuer.dump() == sid["issuer"].dump()
        )
        algo = signer_info["signature_algorithm"]["algorithm"].native
        signature = signer_info["signature"].native
        attrs_der = attrs.dump()
    except (ValueError, KeyError, TypeError, IndexError, StopIteration) as exc:
        return Finding(False, f"The signature could not be read: {type(exc).__name__}")
    digest = hashlib.new(digest_name)
    view = memoryview(pdf)
    digest.update(view[:gap])
    digest.update(view[resume:])
    if digest.digest() != message_digest:
        return Finding(False, "The file was changed after signing", signer_der)
    try:
        # The signature covers the attributes' DER as a SET OF (tag 0x31), not [0] IMPLICIT.
        verify_signature(
            _certificate(signer_der), signature, b"\x31" + attrs_der[1:], algo, HASHES[digest_name]
        )
    except (InvalidSignature, KeyError, ValueError) as exc:
        return Finding(False, f"The signature does not verify: {exc or 'wrong key'}", signer_der)
    return _timestamp(signer_info, signature, signer_der, pdf)


def _timestamp(signer_info, signature: bytes, signer_der: bytes, pdf: bytes) -> Finding:
    """The level: the signature timestamp token's message imprint must be the hash of the
    signature value (the token itself was checked, TSA chain and all, before it went in:
    `timestamps.check_token`); B-LT when the catalog also has a DSS with revocation answers."""
    unsigned = signer_info["unsigned_attrs"]
    tokens = [
        a["values"][0]
        # Not `unsigned.native`: asn1crypto would decode the whole token (a second, here).
        for a in (() if isinstance(unsigned, core.Void) else unsigned)
        if a["type"].native == "signature_time_stamp_token"
    ]
    if not tokens:
        return Finding(True, "", signer_der, level="B-B")
    try:
        signed_data = tokens[0]["content"]
        raw_info = signed_data["encap_content_info"]["content"].contents
        info = tsp.TSTInfo.load(raw_info)
        imprint = info["message_imprint"]
        expected = hashlib.new(imprint["hash_algorithm"]["algorithm"].native, signature).digest()
        at = info["gen_time"].native
        tsa_info = signed_data["signer_infos"][0]
        sid = tsa_info["sid"].chosen
        tsa_cert = next(
            c.chosen
            for c in signed_data["certificates"]
            if c.name == "certificate"
            and isinstance(sid, cms.IssuerAndSerialNumber)
            and c.chosen.serial_number == sid["serial_number"].native
        )
        tsa_attrs = tsa_info["signed_attrs"]
        tsa_digest = tsa_info["digest_algorithm"]["algorithm"].native
        info_digest = next(
            a["values"][0].native for a in tsa_attrs if a["type"].native == "message_digest"
        )
    except (ValueError, KeyError, TypeError, IndexError, StopIteration) as exc:
        return Finding(
            False, f"The signature timestamp could not be read: {type(exc).__name__}", signer_der
        )
    if imprint["hashed_message"].native != expected:
        return Finding(False, "The signature timestamp is for another signature", signer_der)
    try:  # the token as the TSA signed it (its chain was checked before it went in)
        if hashlib.new(tsa_digest, raw_info).digest() != info_digest:
            raise InvalidSignature("the token's content was changed")
        tsa_der = tsa_cert.dump()
        verify_signature(
            _certificate(tsa_der),
            tsa_info["signature"].native,
            b"\x31" + tsa_attrs.dump()[1:],
            tsa_info["signature_algorithm"]["algorithm"].native,
            HASHES[tsa_digest],
        )
    except (InvalidSignature, KeyError, ValueError) as exc:
        return Finding(False, f"The signature timestamp does not verify: {exc}", signer_der)
    tsa = _subject(tsa_der)
    level = "B-LT" if _DSS.search(pdf) and _REVOCATION.search(pdf) else "B-T"
    return Finding(True, "", signer_der, level=level, timestamp_at=at, tsa=tsa)
