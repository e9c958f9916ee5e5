"""Signing with an office's identity via pyHanko: PAdES B-LT for ICs (`sign_pdf_lt`), B-B for
callers that ask for nothing more (`sign_pdf`).

B-LT here is one incremental update holding the signature, its RFC 3161 timestamp (`timestamps`)
and the DSS with every certificate and revocation answer (`revocation`) of the signer's and the
TSA's chains. The DSS goes in before the signature, so the signature covers the whole file,
validation data included, and the file stays a single signed revision (readiness' "covering the
whole file", the sandbox's check). The TSA's chain must therefore be known before its token is:
it is learned from the TSA's earlier tokens (a probe token the first time in a process), and if
the token names another TSA certificate the file is signed again with the right data.

Keys are loaded once per process and kept (a PKCS#12 file is parsed once; a PKCS#11 session stays
open); the CMS container comes from a template kept per signer (`cms_template`); and pyHanko is
given the signature's size (`bytes_reserved`) so it never signs a dummy document first to measure
it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import Encoding, load_der_private_key
from django.conf import settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash

from . import revocation, timestamps, trust
from .cms_template import TemplateCmsMixin
from .probe import outside_event_loop

# The room kept in /Contents for the CMS container is measured, not guessed: the template of
# `cms_template` has the exact size every container of a signer will have. On 2026-12-07, for the
# development identity (RSA-2048, SHA-256, office certificate + CA certificate): 3,016 DER bytes =
# 2,128 of certificates + 256 of signature + 632 of attributes (contentType, messageDigest,
# signingCertificateV2) and ASN.1 framing. The file holds the DER as hex: twice as many characters.
CMS_SLACK = 64  # DER bytes; the template's size is exact, this is only a margin
TIMESTAMP_TOKEN_ROOM = 6_144  # DER bytes, for #16: an RFC 3161 token with the TSA's own chain
FALLBACK_RESERVED = 12_288  # hex characters, for a signer without a template (fits RSA-4096 and
# a three-certificate chain)
DEV_SECRET_ENV = "ICPORTAL_DEV_P12_PASSPHRASE"


class SigningError(RuntimeError):
    """Something an officer can act on: the message says what is wrong with the identity."""


def secret_for(env_name: str) -> bytes:
    """The passphrase or PIN from the environment variable the identity names.

    Development only: the demo identities name ICPORTAL_DEV_P12_PASSPHRASE; when that variable is
    absent, the passphrase `make run` wrote to var/keys/p12-passphrase is used.
    """
    value = os.environ.get(env_name)
    if value is None and env_name == DEV_SECRET_ENV:
        path = Path(settings.VAR_DIR) / "keys" / "p12-passphrase"
        if path.exists():
            value = path.read_text().strip()
    if value is None:
        raise SigningError(
            f"The environment variable {env_name} (the key's passphrase or PIN) is not set"
        )
    return value.encode()


def certificate_info(pem: str) -> dict:
    cert = x509.load_pem_x509_certificate(pem.encode())
    return {
        "subject": cert.subject.rfc4514_string()[:300],
        "valid_from": cert.not_valid_before_utc,
        "valid_to": cert.not_valid_after_utc,
    }


def bytes_reserved(signer: signers.Signer, *, timestamp: bool | int = False) -> int:
    """pyHanko's `bytes_reserved` (hex characters) for this signer's CMS container: its measured
    size, and room for a timestamp token when asked: `timestamp` = the room in DER bytes (the
    TSA's tokens' measured size), or True for TIMESTAMP_TOKEN_ROOM."""
    room = 0 if timestamp is False else TIMESTAMP_TOKEN_ROOM if timestamp is True else timestamp
    size = signer.cms_size("sha256") if isinstance(signer, TemplateCmsMixin) else None
    if size is None:
        return FALLBACK_RESERVED + 2 * room
    return 2 * (size + CMS_SLACK + room)


class KeptKeySigner(TemplateCmsMixin, signers.SimpleSigner):
    """pyHanko's SimpleSigner re-parses the private key for every signature (~tens of ms for
    RSA, more than the signature itself); this one parses it once and keeps it, and builds the
    CMS container from a template (`cms_template`)."""

    _kept_key = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        if self._kept_key is None:
            self._kept_key = load_der_private_key(self.signing_key.dump(), password=None)
        return self._kept_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


@lru_cache(maxsize=16)
def _pkcs12_signer(path: str, mtime_ns: int, secret: bytes) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=secret)
    if signer is None:
        raise SigningError(f"Could not open the PKCS#12 file {path}: wrong passphrase or damaged")
    signer.__class__ = KeptKeySigner
    return signer


_pkcs11_lock = threading.Lock()
_pkcs11_sessions: dict[tuple, object] = {}


def _pkcs11_signer(identity) -> signers.Signer:
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    key = (identity.pkcs11_module, identity.token_label, identity.key_label, identity.pk)
    with _pkcs11_lock:
        signer = _pkcs11_sessions.get(key)
        if signer is None:
            if not Path(identity.pkcs11_module).exists():
                raise SigningError(f"PKCS#11 module {identity.pkcs11_module} is not installed")
            session = pkcs11.open_pkcs11_session(
                identity.pkcs11_module,
                token_criteria=TokenCriteria(label=identity.token_label),
                user_pin=secret_for(identity.secret_env).decode(),
            )
            cert = asn1_x509.Certificate.load(
                x509.load_pem_x509_certificate(identity.certificate_pem.encode()).public_bytes(
                    encoding=Encoding.DER
                )
            )
            signer = _template_pkcs11_signer(pkcs11.PKCS11Signer)(
                session, key_label=identity.key_label, signing_cert=cert, bulk_fetch=False
            )
            _pkcs11_sessions[key] = signer
        return signer


@lru_cache(maxsize=1)
def _template_pkcs11_signer(base):  # a class factory: pyHanko's pkcs11 is imported lazily
    return type("TemplatePkcs11Signer", (TemplateCmsMixin, base), {})


def pkcs11_forget(identity) -> None:
    """Drop a cached token session (after an error, so the next try opens a fresh one)."""
    with _pkcs11_lock:
        for key in [k for k in _pkcs11_sessions if k[3] == identity.pk]:
            _pkcs11_sessions.pop(key, None)


def signer_for(identity) -> signers.Signer:
    """The loaded signer for an identity, after checking it can be used today."""
    now = dt.datetime.now(dt.UTC)
    if not identity.is_active:
        raise SigningError(f"The signing identity {identity} is not active")
    if now < identity.valid_from or now > identity.valid_to:
        raise SigningError(
            f"The office's signing certificate is not valid today (valid "
            f"{identity.valid_from:%d/%m/%Y} to {identity.valid_to:%d/%m/%Y}): renew the DSC"
        )
    if identity.backend == "pkcs12":
        path = Path(identity.p12_path)
        if not path.exists():
            raise SigningError(f"The PKCS#12 file {path} does not exist")
        try:
            signer = _pkcs12_signer(
                str(path), path.stat().st_mtime_ns, secret_for(identity.secret_env)
            )
        except SigningError:
            raise
        except Exception as exc:  # cryptography/pyHanko errors for damaged files or passphrases
            raise SigningError(f"Could not open the PKCS#12 file {path}: {exc}") from exc
    else:
        try:
            signer = _pkcs11_signer(identity)
        except SigningError:
            raise
        except Exception as exc:
            pkcs11_forget(identity)
            raise SigningError(f"Could not open the PKCS#11 token: {exc}") from exc
    registered = x509.load_pem_x509_certificate(identity.certificate_pem.encode())
    if signer.signing_cert.dump() != registered.public_bytes(encoding=Encoding.DER):
        raise SigningError("The key's certificate is not the one registered for this office")
    return signer


_META = signers.PdfSignatureMetadata(
    field_name="CLE-Signature",
    subfilter=fields.SigSeedSubFilter.PADES,
    md_algorithm="sha256",
    reason="Import Certificate issued under the Duty Free Import Scheme",
)


def sign_pdf(
    pdf_bytes: bytes,
    signer: signers.Signer,
    *,
    location: str = "",
    meta: signers.PdfSignatureMetadata | None = None,
    timestamper: timestamps.Timestamper | None = None,
    validation: revocation.ValidationData | None = None,
) -> bytes:
    """A PAdES signature over the whole file, as one incremental update: B-B, B-T with a
    `timestamper`, and with `validation` data a DSS in the same update. `meta`: another
    document's signature fields (a letter's reason); by default an IC's, at `location`."""
    meta = meta or (_META if not location else _with_location(location))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    if validation is not None:
        _add_dss(writer, validation)
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper)
    room = (timestamper.token_room() or True) if timestamper is not None else False
    reserved = bytes_reserved(signer, timestamp=room)
    out = outside_event_loop(
        lambda: pdf_signer.sign_pdf(writer, bytes_reserved=reserved, in_place=False)
    )
    return out.getvalue()


def _add_dss(writer: IncrementalPdfFileWriter, data: revocation.ValidationData) -> None:
    """The catalog's /DSS (ISO 32000-2 §12.8.4.3): streams of DER, no VRI (it would need the
    signature's hash, which does not exist yet; PAdES baseline does not require it)."""

    def streams(ders):
        return generic.ArrayObject(
            writer.add_object(generic.StreamObject(stream_data=der)) for der in ders
        )

    dss = generic.DictionaryObject({generic.NameObject("/Certs"): streams(data.certs)})
    if data.ocsps:
        dss[generic.NameObject("/OCSPs")] = streams(data.ocsps)
    if data.crls:
        dss[generic.NameObject("/CRLs")] = streams(data.crls)
    writer.root[generic.NameObject("/DSS")] = writer.add_object(dss)
    writer.update_root()


@lru_cache(maxsize=64)
def _pyca(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


def signer_chain(signer: signers.Signer) -> tuple[x509.Certificate, ...]:
    """The signer's certificate up to a configured trust anchor (trust.UntrustedChain if not)."""
    others = [_pyca(c.dump()) for c in getattr(signer, "cert_registry", None) or ()]
    return trust.chain_to_anchor(_pyca(signer.signing_cert.dump()), others)


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    level: str
    stamp: timestamps.Stamp


def sign_pdf_lt(
    pdf_bytes: bytes,
    signer: signers.Signer,
    *,
    location: str = "",
    meta: signers.PdfSignatureMetadata | None = None,
    timestamper: timestamps.Timestamper | None = None,
) -> Signed:
    """PAdES B-LT (see the module docstring). Raises trust.UntrustedChain,
    timestamps.TimestampError, revocation.RevocationUnavailable or revocation.CertificateRevoked
    and never returns a file without a checked timestamp."""
    timestamper = timestamper or timestamps.configured()
    chain = signer_chain(signer)
    for _ in range(2):
        tsa_chain = timestamper.known_chain()
        data = revocation.validation_data(chain, tsa_chain)
        timestamper.last = None
        pdf = sign_pdf(
            pdf_bytes,
            signer,
            location=location,
            meta=meta,
            timestamper=timestamper,
            validation=data,
        )
        stamp = timestamper.last
        if stamp is not None and stamp.chain == tsa_chain:
            return Signed(pdf, "B-LT", stamp)
    raise timestamps.TimestampError(
        f"the TSA at {timestamper.url} changed its certificate while the IC was being signed"
    )


@lru_cache(maxsize=32)
def _with_location(location: str) -> signers.PdfSignatureMetadata:
    return signers.PdfSignatureMetadata(
        field_name=_META.field_name,
        subfilter=_META.subfilter,
        md_algorithm=_META.md_algorithm,
        reason=_META.reason,
        location=location,
    )
