"""Certificate chains up to the configured trust anchors (`SIGNING_TRUST_ANCHORS`, PEM files).

Used for the office's signing certificate and the TSA's before a file is signed: a chain that
does not reach an anchor is a configuration fault staff must fix, not something to retry. The
walk checks each link's signature and validity; revocation is `revocation`'s job. Verified
chains are kept per process (a certificate's chain does not change; anchors come from settings).
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from django.conf import settings


class UntrustedChain(RuntimeError):
    """The certificate does not chain to a configured trust anchor."""


@lru_cache(maxsize=4)
def _anchors(paths: tuple[str, ...]) -> tuple[x509.Certificate, ...]:
    found = []
    for path in paths:
        data = Path(path).read_bytes() if Path(path).exists() else b""
        found.extend(x509.load_pem_x509_certificates(data) if data else [])
    return tuple(found)


def anchors() -> tuple[x509.Certificate, ...]:
    configured = getattr(settings, "SIGNING_TRUST_ANCHORS", None) or []
    if isinstance(configured, str | Path):
        configured = [configured]
    return _anchors(tuple(str(p) for p in configured))


_lock = threading.Lock()
_verified: dict[tuple, tuple[x509.Certificate, ...]] = {}


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def chain_to_anchor(
    cert: x509.Certificate, others: list[x509.Certificate] = (), *, at: dt.datetime | None = None
) -> tuple[x509.Certificate, ...]:
    """(cert, intermediates…, anchor), each link's signature checked; UntrustedChain otherwise.
    `at`: the moment every certificate must be valid (now by default)."""
    roots = anchors()
    key = (cert, roots)
    with _lock:
        chain = _verified.get(key)
    if chain is None:
        chain = _walk(cert, list(others), roots)
        with _lock:
            _verified[key] = chain
    when = at or dt.datetime.now(dt.UTC)
    for link in chain:
        if not link.not_valid_before_utc <= when <= link.not_valid_after_utc:
            raise UntrustedChain(
                f"the certificate {link.subject.rfc4514_string()} is not valid on "
                f"{when:%d/%m/%Y %H:%M} UTC (valid {link.not_valid_before_utc:%d/%m/%Y} to "
                f"{link.not_valid_after_utc:%d/%m/%Y})"
            )
    return chain


def _walk(cert, others, roots) -> tuple[x509.Certificate, ...]:
    if not roots:
        raise UntrustedChain("no trust anchors are configured (SIGNING_TRUST_ANCHORS)")
    chain = [cert]
    current = cert
    for _ in range(8):  # a real chain is 2–4 long; a loop in `others` must not spin
        if current in roots:
            return tuple(chain)
        anchor = next((r for r in roots if _issued_by(current, r)), None)
        if anchor is not None:
            return (*chain, anchor)
        issuer = next((o for o in others if o != current and _issued_by(current, o)), None)
        if issuer is None:
            break
        chain.append(issuer)
        current = issuer
    raise UntrustedChain(
        f"the certificate {cert.subject.rfc4514_string()} (issued by "
        f"{cert.issuer.rfc4514_string()}) does not chain to a configured trust anchor"
    )
