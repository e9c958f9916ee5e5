"""What e-SANCHIT checks inside a file: PDF, PDF/A-2 identification, the digital signature.

The signature check (`signatures`, the sandbox's own small verifier): every embedded signature
must be intact and valid, and the last one must cover the entire file (bytes appended after
signing break that). The signer is compared by SHA-256 fingerprint with the certificate bound to
the uploader's ICEGATE ID at DSC registration.
The certificate's trust chain is NOT validated: development certificates are self-made, so the
signer's own certificate is taken as the trust root and `trusted` is ignored.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field

from icegate_sandbox.services.signatures import BrokenSignature, signatures

logger = logging.getLogger(__name__)

NOT_PDF = "NOT_PDF"
NOT_PDFA = "NOT_PDFA"
SIGNATURE_MISSING = "SIGNATURE_MISSING"
SIGNATURE_INVALID = "SIGNATURE_INVALID"
SIGNER_NOT_REGISTERED = "SIGNER_NOT_REGISTERED"


@dataclass
class Inspection:
    """The content findings for one file: rule code → message, in the contract's order."""

    problems: dict[str, str] = field(default_factory=dict)
    signer_sha256: str | None = None


_NO_PDF = object()


def _pdfa_part(content: bytes):
    """The XMP `pdfaid:part`, None when absent, or _NO_PDF when the bytes are not a readable PDF."""
    import pikepdf  # imported on first use: icportal's commands need not load it

    if b"%PDF-" not in content[:1024]:
        return _NO_PDF
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except Exception:  # any parser failure means "not a PDF we can read"
        return _NO_PDF
    with pdf:
        try:
            part = pdf.open_metadata().get("pdfaid:part")
        except Exception:  # unreadable XMP is no PDF/A identification
            logger.info("XMP metadata could not be read", exc_info=True)
            return None
    return str(part).strip() if part is not None else None


def _signatures(content: bytes, problems: dict[str, str]) -> str | None:
    """Check every signature; return the SHA-256 of the last (whole-file) signer's certificate."""
    try:
        found = signatures(content)
    except BrokenSignature:
        logger.info("signature check failed", exc_info=True)
        problems[SIGNATURE_INVALID] = (
            "The signature does not match the file: it was changed after signing."
        )
        return None
    if not found:
        problems[SIGNATURE_MISSING] = "The file has no digital signature."
        return None
    if found[-1].end != len(content):
        problems[SIGNATURE_INVALID] = (
            "The signature does not cover the whole file: bytes were added after signing."
        )
    return hashlib.sha256(found[-1].signer_der).hexdigest()


def pdf_inspect(*, content: bytes, registered_certificate_sha256: str) -> Inspection:
    """Every content rule that fails, not only the first. A non-PDF is not inspected further."""
    inspection = Inspection()
    problems = inspection.problems
    part = _pdfa_part(content)
    if part is _NO_PDF:
        problems[NOT_PDF] = "The file is not a PDF."
        return inspection
    if part != "2":
        found = f"pdfaid:part is {part}" if part else "there is no pdfaid:part"
        problems[NOT_PDFA] = (
            f"The XMP metadata has no PDF/A-2 identification ({found}); save the file as PDF/A-2."
        )
    inspection.signer_sha256 = _signatures(content, problems)
    if inspection.signer_sha256 is not None and (
        inspection.signer_sha256 != registered_certificate_sha256
    ):
        problems[SIGNER_NOT_REGISTERED] = (
            "The file is signed with a certificate that is not the one registered to the "
            "uploader's ICEGATE ID."
        )
    return inspection
