"""Revocation answers (OCSP, else CRL) for the certificates of a signature and its timestamp.

An answer is fetched once and reused while it is fresh — until its nextUpdate (less a margin),
and for at most `REVOCATION_MAX_AGE` seconds so a revoked DSC stops signing soon — for every file
signed meanwhile: kept in this process and in `RevocationAnswer` (shared by the workers). OCSP
first (the URL in the certificate's AIA); when the responder is down, the CRL of its
distribution point. Neither reachable → `RevocationUnavailable`: the document waits with that
reason and is tried again later. A revoked certificate → `CertificateRevoked`: nothing is
signed with it.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

import requests
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID
from django.conf import settings
from django.db import IntegrityError, transaction

from .models import RevocationAnswer, RevocationKind

MARGIN = dt.timedelta(minutes=5)  # an answer this close to its nextUpdate is fetched anew
NO_NEXT_UPDATE = dt.timedelta(hours=1)  # reuse of an answer without nextUpdate


class RevocationUnavailable(RuntimeError):
    """Neither the OCSP responder nor the CRL answered: try again later."""


class CertificateRevoked(RuntimeError):
    """The CA says the certificate is revoked (or does not know it): do not sign with it."""


@dataclass(frozen=True)
class Answer:
    kind: str
    der: bytes
    fetched_at: dt.datetime
    fresh_until: dt.datetime
    extra_certs: tuple[bytes, ...] = ()  # an OCSP responder's own certificate


@dataclass(frozen=True)
class ValidationData:
    """What goes into the DSS: certificates, OCSP responses and CRLs (DER), no duplicates."""

    certs: tuple[bytes, ...]
    ocsps: tuple[bytes, ...]
    crls: tuple[bytes, ...]


_lock = threading.Lock()
_kept: dict[tuple[str, str], Answer] = {}


def forget() -> None:
    """Drop the answers kept in this process (tests; after a CA's incident)."""
    with _lock:
        _kept.clear()
        _bundles.clear()


def _timeout() -> float:
    return float(getattr(settings, "REVOCATION_TIMEOUT", 10) or 10)


def _max_age() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "REVOCATION_MAX_AGE", 3600)))


def _fresh_until(fetched_at, next_update) -> dt.datetime:
    until = fetched_at + _max_age()
    limit = next_update - MARGIN if next_update else fetched_at + NO_NEXT_UPDATE
    return min(until, limit)


def _urls(cert: x509.Certificate) -> tuple[str, str]:
    ocsp_url = crl_url = ""
    try:
        access = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
        ocsp_url = next(
            (
                d.access_location.value
                for d in access
                if d.access_method == AuthorityInformationAccessOID.OCSP
            ),
            "",
        )
    except x509.ExtensionNotFound:
        pass
    try:
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        crl_url = next(
            (n.value for p in points for n in (p.full_name or []) if hasattr(n, "value")), ""
        )
    except x509.ExtensionNotFound:
        pass
    return ocsp_url, crl_url


def _verify(signer: x509.Certificate, signature: bytes, data: bytes, algorithm) -> None:
    key = signer.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), algorithm)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(algorithm))
    else:
        raise InvalidSignature("unsupported key type")


def _ocsp(cert, issuer, url) -> Answer:
    # SHA-1 in the CertID is RFC 6960's default, what every responder understands: an identifier,
    # not a signature.
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()  # noqa: S303
    try:
        reply = requests.post(
            url,
            data=request.public_bytes(Encoding.DER),
            headers={"Content-Type": "application/ocsp-request"},
            timeout=_timeout(),
        )
    except requests.Timeout as exc:
        raise RevocationUnavailable(f"the OCSP responder {url} did not answer in time") from exc
    except requests.RequestException as exc:
        raise RevocationUnavailable(
            f"the OCSP responder {url} cannot be reached ({type(exc).__name__})"
        ) from exc
    if reply.status_code != 200:
        raise RevocationUnavailable(f"the OCSP responder {url} answered HTTP {reply.status_code}")
    try:
        response = ocsp.load_der_ocsp_response(reply.content)
        status = response.response_status
        if status != ocsp.OCSPResponseStatus.SUCCESSFUL:
            raise RevocationUnavailable(f"the OCSP responder {url} answered {status.name}")
        if response.serial_number != cert.serial_number:
            raise RevocationUnavailable(f"the OCSP responder {url} answered for another serial")
        responder = _responder(response, issuer)
        _verify(
            responder,
            response.signature,
            response.tbs_response_bytes,
            response.signature_hash_algorithm,
        )
    except (ValueError, InvalidSignature) as exc:
        raise RevocationUnavailable(f"the OCSP responder {url} gave an unusable answer") from exc
    if response.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        raise CertificateRevoked(_revoked(cert, response.revocation_time_utc))
    if response.certificate_status == ocsp.OCSPCertStatus.UNKNOWN:
        raise CertificateRevoked(
            f"the CA does not know the certificate {cert.subject.rfc4514_string()} "
            f"(serial {cert.serial_number:x}; OCSP answered 'unknown')"
        )
    now = dt.datetime.now(dt.UTC)
    extra = tuple(c.public_bytes(Encoding.DER) for c in response.certificates if c != issuer)
    return Answer(
        RevocationKind.OCSP, reply.content, now, _fresh_until(now, response.next_update_utc), extra
    )


def _responder(response, issuer: x509.Certificate) -> x509.Certificate:
    """The CA itself, or a delegated responder certificate issued by it for OCSP signing."""
    for candidate in response.certificates:
        if candidate.issuer != issuer.subject:
            continue
        try:
            usage = candidate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING in usage:
            candidate.verify_directly_issued_by(issuer)
            return candidate
    return issuer


def _revoked(cert, at) -> str:
    return (
        f"the certificate {cert.subject.rfc4514_string()} was revoked on "
        f"{at:%d/%m/%Y %H:%M} UTC: register the renewed DSC"
    )


def _crl(cert, issuer, url) -> Answer:
    try:
        reply = requests.get(url, timeout=_timeout())
    except requests.RequestException as exc:
        raise RevocationUnavailable(
            f"the CRL at {url} cannot be fetched ({type(exc).__name__})"
        ) from exc
    if reply.status_code != 200:
        raise RevocationUnavailable(f"the CRL at {url} answered HTTP {reply.status_code}")
    try:
        crl = x509.load_der_x509_crl(reply.content)
        if crl.issuer != issuer.subject or not crl.is_signature_valid(issuer.public_key()):
            raise ValueError("not signed by the issuer")
    except (ValueError, TypeError) as exc:
        raise RevocationUnavailable(f"the CRL at {url} is unusable ({exc})") from exc
    revoked = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if revoked is not None:
        raise CertificateRevoked(_revoked(cert, revoked.revocation_date_utc))
    now = dt.datetime.now(dt.UTC)
    return Answer(RevocationKind.CRL, reply.content, now, _fresh_until(now, crl.next_update_utc))


def _fetch(cert, issuer, hints: tuple[str, str]) -> tuple[Answer, str]:
    ocsp_url, crl_url = _urls(cert)
    # A certificate without AIA/CRL DP (some TSA certificates) is checked where its issuer's
    # other certificates are: the same CA answers for all of them.
    ocsp_url, crl_url = ocsp_url or hints[0], crl_url or hints[1]
    problems = []
    if ocsp_url:
        try:
            return _ocsp(cert, issuer, ocsp_url), ocsp_url
        except RevocationUnavailable as exc:
            problems.append(str(exc))
    if crl_url:
        try:
            return _crl(cert, issuer, crl_url), crl_url
        except RevocationUnavailable as exc:
            problems.append(str(exc))
    if not problems:
        problems.append("the certificate names no OCSP responder and no CRL")
    raise RevocationUnavailable(
        f"no revocation answer for {cert.subject.rfc4514_string()}: " + "; ".join(problems)
    )


def answer_for(cert: x509.Certificate, issuer: x509.Certificate, hints=("", "")) -> Answer:
    """A fresh answer for `cert`: kept in this process, else stored, else fetched and stored."""
    key = (cert.issuer.rfc4514_string()[:500], f"{cert.serial_number:x}")
    now = dt.datetime.now(dt.UTC)
    with _lock:
        kept = _kept.get(key)
    if kept is not None and kept.fetched_at <= now < kept.fresh_until:
        return kept
    row = RevocationAnswer.objects.filter(issuer=key[0], serial=key[1]).first()
    if row is not None:
        answer = Answer(
            row.kind,
            bytes(row.der),
            row.fetched_at,
            _fresh_until(row.fetched_at, row.next_update),
            _extra_certs(row.kind, bytes(row.der), issuer),
        )
        if answer.fetched_at <= now < answer.fresh_until:
            with _lock:
                _kept[key] = answer
            return answer
    answer, url = _fetch(cert, issuer, hints)
    _save(key, answer, url)
    with _lock:
        _kept[key] = answer
    return answer


def _extra_certs(kind, der, issuer) -> tuple[bytes, ...]:
    if kind != RevocationKind.OCSP:
        return ()
    response = ocsp.load_der_ocsp_response(der)
    return tuple(c.public_bytes(Encoding.DER) for c in response.certificates if c != issuer)


def _next_update(answer: Answer):
    if answer.kind == RevocationKind.OCSP:
        return ocsp.load_der_ocsp_response(answer.der).next_update_utc
    return x509.load_der_x509_crl(answer.der).next_update_utc


def _save(key, answer: Answer, url: str) -> None:
    """Keep the answer for the other workers (a cache row: no audit, nothing changes state)."""
    values = {
        "kind": answer.kind,
        "der": answer.der,
        "fetched_at": answer.fetched_at,
        "next_update": _next_update(answer),
        "source_url": url[:500],
    }
    try:
        with transaction.atomic():
            RevocationAnswer.objects.update_or_create(issuer=key[0], serial=key[1], defaults=values)
    except IntegrityError:  # another worker stored one at the same moment: theirs is as good
        pass


_bundles: dict[tuple, tuple[ValidationData, dt.datetime]] = {}


def validation_data(*chains: tuple[x509.Certificate, ...]) -> ValidationData:
    """Every certificate of the chains and a revocation answer for each but the anchors; the
    same object for every file signed while all its answers are fresh."""
    now = dt.datetime.now(dt.UTC)
    with _lock:
        kept = _bundles.get(chains)
    if kept is not None and now < kept[1]:
        return kept[0]
    data, until = _gather(chains)
    with _lock:
        _bundles[chains] = (data, until)
    return data


def _gather(chains) -> tuple[ValidationData, dt.datetime]:
    certs: dict[bytes, None] = {}
    ocsps: dict[bytes, None] = {}
    crls: dict[bytes, None] = {}
    hints = {}
    until = dt.datetime.max.replace(tzinfo=dt.UTC)
    for chain in chains:
        for cert in chain[:-1]:
            urls = _urls(cert)
            if any(urls):
                hints.setdefault(cert.issuer, urls)
    for chain in chains:
        for position, cert in enumerate(chain):
            certs[cert.public_bytes(Encoding.DER)] = None
            if position == len(chain) - 1:
                continue  # the trust anchor: trusted as configured, not checked for revocation
            answer = answer_for(cert, chain[position + 1], hints.get(cert.issuer, ("", "")))
            (ocsps if answer.kind == RevocationKind.OCSP else crls)[answer.der] = None
            for extra in answer.extra_certs:
                certs[extra] = None
            until = min(until, answer.fresh_until)
    return ValidationData(tuple(certs), tuple(ocsps), tuple(crls)), until
