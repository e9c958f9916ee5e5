"""Public checks: a certificate by its verification code, and "is this PDF genuine?"."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass, field

from django.http import Http404

from icportal.certificates.models import ImportCertificate
from icportal.offices.models import Council

from .models import CertificateDocument, DocStatus, SigningIdentity

MAX_UPLOAD = 5 * 1024 * 1024
PROBE_TIMEOUT_SECONDS = 15


@dataclass
class Verdict:
    code: str  # genuine | altered | not_ours | unsigned | not_pdf | too_large | unreadable
    genuine: bool
    message: str
    document: CertificateDocument | None = None
    details: dict = field(default_factory=dict)


def certificate_by_code(code: str):
    certificate = (
        ImportCertificate.objects.select_related(
            "office", "member", "replaced_by", "replaces", "document"
        )
        .filter(verification_code=code)
        .first()
    )
    if certificate is None:
        raise Http404("No certificate has this verification code")
    return certificate


def _probe(data: bytes, trust_pems: list[str]) -> dict | None:
    header = json.dumps({"trust_pems": trust_pems}).encode() + b"\n"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "icportal.documents.probe"],
            input=header + data,
            capture_output=True,
            timeout=PROBE_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return None
    try:
        return json.loads(done.stdout)
    except ValueError:
        return None


def _by_hash(digest: str) -> CertificateDocument | None:
    return (
        CertificateDocument.objects.select_related("certificate__replaced_by")
        .filter(sha256=digest, status=DocStatus.SIGNED)
        .first()
    )


def pdf_check(data: bytes) -> Verdict:
    """Is this file a genuine, unaltered certificate of this council, and which one?"""
    if len(data) > MAX_UPLOAD:
        return Verdict("too_large", False, "The file is larger than 5 MB: no certificate is.")
    if b"%PDF-" not in data[:1024]:
        return Verdict("not_pdf", False, "This is not a PDF file.")
    document = _by_hash(hashlib.sha256(data).hexdigest())
    if document is not None:
        return Verdict(
            "genuine",
            True,
            f"Genuine and unaltered: this is Import Certificate {document.certificate.number}.",
            document,
        )
    identities = list(SigningIdentity.objects.all())
    report = _probe(data, [i.certificate_pem for i in identities])
    if report is None or not report.get("readable", False):
        return Verdict(
            "unreadable",
            False,
            "We could not read this PDF (damaged, or too complex to check safely). "
            "It is not a certificate we issued.",
        )
    signatures = report.get("signatures") or []
    if not signatures:
        return Verdict("unsigned", False, "This PDF has no digital signature: it is not genuine.")
    ours = {i.certificate_pem.strip() for i in identities}
    sig = signatures[0]
    if (sig.get("signer_pem") or "").strip() not in ours:
        return Verdict(
            "not_ours",
            False,
            f"This PDF was not signed by {_council()}: signed by {sig.get('subject', 'unknown')}.",
        )
    original = _by_hash(hashlib.sha256(data[: sig.get("signed_revision_end", 0)]).hexdigest())
    which = f" (it started as IC {original.certificate.number})" if original else ""
    if not (sig.get("intact") and sig.get("valid")):
        return Verdict(
            "altered",
            False,
            "Altered after signing: the content no longer matches our signature. Do not accept it.",
            original,
        )
    if not sig.get("whole_file"):
        return Verdict(
            "altered",
            False,
            f"Altered after signing: something was added to the signed file{which}. "
            "Ask for the original.",
            original,
        )
    return Verdict(
        "altered",
        False,
        "Signed with our key, but we have no record of issuing this exact file. Do not accept it.",
    )


def _council() -> str:
    council = Council.objects.first()
    return council.name if council else "this council"
