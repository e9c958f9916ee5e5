"""The readiness check: nothing is uploaded to e-SANCHIT or mailed unless every check passes.

A file from outside is read fully (pikepdf for the PDF/A identification, pyHanko's validation of
every signature). A file this process has just rendered and signed (`signed_here`) is checked
cheaply: the PDF/A identification in its XMP packet, which our renderer writes uncompressed, and
`signed_bytes.whole_file_signature` for the signature (about 0.3 ms instead of ~16 ms).

Both show the PAdES level and the signature timestamp; a file signed here must be B-LT (a
timestamp whose imprint is its signature's hash, and a DSS), a file from outside is shown as
it is (a B-B file from elsewhere is not refused for that).
"""

from __future__ import annotations

import datetime as dt
import re

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.utils.translation import gettext_noop

from .models import CertificateDocument, SigningIdentity
from .probe import inspect_signatures, pdfa_part
from .signed_bytes import whole_file_signature

MAX_SIZE = 1_048_576
SAFE_NAME = re.compile(r"^IC_[A-Z0-9][A-Z0-9-]{0,60}\.pdf$")
_XMP_PDFA = re.compile(
    rb"pdfaid:part(?:>|=[\"'])\s*(\d)\s*(?:</pdfaid:part>|[\"']).{0,200}?"
    rb"pdfaid:conformance(?:>|=[\"'])\s*([A-Za-z])",
    re.DOTALL,
)


def file_name_for(number: str) -> str:
    """CLE/CHN/IC/2026-27/000123 → IC_CLE-CHN-2026-27-000123.pdf (letters, digits, hyphens)."""
    parts = [p for p in number.upper().split("/") if p != "IC"]
    slug = re.sub(r"[^A-Z0-9-]+", "-", "-".join(parts)).strip("-")
    return f"IC_{slug}.pdf"


# A check's label is stored in English with the document (its JSON `readiness`) and translated
# where it is shown (`{% translate check.label %}`): gettext_noop only puts it in the catalog.
# The details are diagnostics (sizes, certificate subjects, errors) and stay as they are.
PDFA_LABEL = gettext_noop("PDF/A-2 identification")


def _check(name: str, label: str, passed: bool, detail: str = "") -> dict:
    return {"name": name, "label": label, "passed": bool(passed), "detail": detail}


def xmp_pdfa_part(pdf_bytes: bytes) -> str:
    found = _XMP_PDFA.search(pdf_bytes)
    return (found.group(1) + found.group(2).upper()).decode() if found else ""


def _own_signatures(pdf_bytes: bytes) -> list[dict]:
    """The last signature of a file signed here, in `inspect_signatures`' terms."""
    finding = whole_file_signature(pdf_bytes)
    sig = {"intact": finding.ok, "valid": finding.ok, "whole_file": finding.ok}
    sig.update(level=finding.level, timestamp_at=finding.timestamp_at, tsa=finding.tsa)
    if finding.reason:
        sig["error"] = finding.reason
    if finding.signer_der:
        cert = x509.load_der_x509_certificate(finding.signer_der)
        sig["signer_pem"] = cert.public_bytes(Encoding.PEM).decode()
        sig["subject"] = cert.subject.rfc4514_string()
    return [sig]


def document_readiness(
    *,
    pdf_bytes: bytes,
    office,
    file_name: str = "",
    document_id=None,
    signed_here: bool = False,
    identities: list | None = None,
) -> list[dict]:
    """Named checks, each passed or not, with what to do when not.

    `signed_here`: the bytes were just produced by this process for document `document_id`
    under its own `file_name` (cheap checks, see the module docstring); `identities`: the
    office's active signing identities when the caller has them already."""
    checks = []
    try:
        part = xmp_pdfa_part(pdf_bytes) if signed_here else pdfa_part(pdf_bytes)
    except Exception as exc:
        part = ""
        checks.append(_check("pdfa", PDFA_LABEL, False, f"Unreadable PDF: {exc}"))
    else:
        checks.append(
            _check(
                "pdfa",
                PDFA_LABEL,
                part.startswith("2"),
                f"XMP says PDF/A-{part}" if part else "No PDF/A identification in the XMP metadata",
            )
        )
    size = len(pdf_bytes)
    checks.append(
        _check(
            "size",
            gettext_noop("Size at most 1 MB"),
            size <= MAX_SIZE,
            f"{size:,} bytes (limit {MAX_SIZE:,})",
        )
    )
    if identities is None:
        identities = list(SigningIdentity.objects.filter(office=office, is_active=True))
    try:
        signatures = (
            _own_signatures(pdf_bytes)
            if signed_here
            else inspect_signatures(pdf_bytes, [i.certificate_pem for i in identities])
        )
    except Exception as exc:
        signatures = []
        error = f"The signature could not be read: {exc}"
    else:
        error = "The file has no digital signature" if not signatures else ""
    sig = signatures[-1] if signatures else {}
    ok = bool(sig) and sig.get("intact") and sig.get("valid") and sig.get("whole_file")
    detail = error or sig.get("error", "")
    if sig and not ok and not detail:
        detail = (
            "The signature does not cover the whole file"
            if sig.get("intact") and sig.get("valid")
            else "The file was changed after signing, or the signature is broken"
        )
    checks.append(
        _check(
            "signature",
            gettext_noop("Signature valid and covering the whole file"),
            ok,
            detail or "Valid",
        )
    )
    checks.append(_signer_check(sig, identities, office))
    if not signed_here and sig:
        finding = whole_file_signature(pdf_bytes)  # cheap; only for the level and timestamp
        sig.update(level=finding.level, timestamp_at=finding.timestamp_at, tsa=finding.tsa)
    checks.append(_timestamp_check(sig, required=signed_here))
    name_ok = bool(SAFE_NAME.match(file_name or ""))
    # A document's own file name is unique in the database (the column's unique index).
    taken = not (signed_here and document_id) and (
        CertificateDocument.objects.filter(file_name=file_name).exclude(pk=document_id).exists()
    )
    checks.append(
        _check(
            "file_name",
            gettext_noop("File name safe and unique"),
            name_ok and not taken,
            file_name
            if name_ok and not taken
            else f"{file_name or '(none)'}: "
            + ("already used by another IC" if taken else "only IC_, capitals, digits, hyphens"),
        )
    )
    return checks


def _signer_check(sig: dict, identities: list, office) -> dict:
    label = gettext_noop("Signed by this office's certificate, valid today")
    pem = sig.get("signer_pem")
    if not pem:
        return _check("signer", label, False, "No signing certificate in the file")
    cert = x509.load_pem_x509_certificate(pem.encode())
    now = dt.datetime.now(dt.UTC)
    if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        return _check(
            "signer",
            label,
            False,
            f"Certificate valid {cert.not_valid_before_utc:%d/%m/%Y} to "
            f"{cert.not_valid_after_utc:%d/%m/%Y}: not today",
        )
    registered = {x509.load_pem_x509_certificate(i.certificate_pem.encode()) for i in identities}
    if cert not in registered:
        return _check(
            "signer",
            label,
            False,
            f"Signed by {sig.get('subject', 'someone else')}, not an active identity of {office}",
        )
    return _check("signer", label, True, sig.get("subject", ""))


def _timestamp_check(sig: dict, *, required: bool) -> dict:
    label = gettext_noop("Timestamped, with validation data (PAdES B-LT)")
    level, at = sig.get("level") or "", sig.get("timestamp_at")
    if not level:
        return _check("timestamp", label, not required, "No readable signature")
    if at is None:
        return _check("timestamp", label, not required, f"{level}: no signature timestamp")
    detail = f"{level} · timestamp {at:%d/%m/%Y %H:%M:%S} UTC by {sig.get('tsa') or 'a TSA'}"
    if level == "B-T":
        detail += " · no validation data (DSS)"
    return _check("timestamp", label, level != "B-T" or not required, detail)
