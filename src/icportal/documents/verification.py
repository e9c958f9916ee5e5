"""Public checks: a certificate by its verification code, and "is this PDF genuine?".

Every version of an IC's file (the one signed at issue, and each one the archive job extended
with a document timestamp, documents/archive.py) is recognised as that IC. The signature is judged
across time (timeline.py): valid when it was made while the certificate was valid and not revoked
— a certificate that has expired or been revoked since does not change that, and is said."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.certificates.models import ImportCertificate
from icportal.common.dates import IST
from icportal.offices.models import Council

from .models import CertificateDocument, DocStatus, DocumentVersion, SigningIdentity
from .timeline import signature_timeline

logger = logging.getLogger(__name__)

MAX_UPLOAD = 5 * 1024 * 1024
PROBE_TIMEOUT_SECONDS = 15
CHECK_CACHE_SECONDS = 600


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


def _version_by_hash(digest: str) -> tuple[CertificateDocument, int] | None:
    """The signed document one of whose versions has this SHA-256, and which version it is.
    Version 1 is the document's own file (whether or not the archive job has listed it yet)."""
    document = (
        CertificateDocument.objects.select_related("certificate__replaced_by")
        .filter(sha256=digest, status=DocStatus.SIGNED)
        .first()
    )
    if document is not None:
        return document, 1
    version = (
        DocumentVersion.objects.select_related("document__certificate__replaced_by")
        .filter(sha256=digest, document__status=DocStatus.SIGNED)
        .first()
    )
    return (version.document, version.n) if version else None


def _by_hash(digest: str) -> CertificateDocument | None:
    found = _version_by_hash(digest)
    return found[0] if found else None


def trust_pems() -> list[str]:
    """The trust anchors (SIGNING_TRUST_ANCHORS) and every office certificate we ever registered,
    active or not: an office's DSC renewal adds an identity and keeps the old one, so ICs signed
    with the old certificate keep verifying."""
    pems = [i.certificate_pem for i in SigningIdentity.objects.all()]
    for path in getattr(settings, "SIGNING_TRUST_ANCHORS", []) or []:
        try:
            pems.append(Path(path).read_text())
        except OSError:
            continue
    return pems


def _ist(value: str | None) -> str:
    if not value:
        return ""
    return dt.datetime.fromisoformat(value).astimezone(IST).strftime("%d/%m/%Y %H:%M IST")


def signing_verdict(facts: dict | None, *, recorded_at=None) -> dict:
    """What a person is told about the signature across time, from `timeline` facts.

    `valid`: the signature was made while the certificate was valid and not revoked. `lines`: the
    sentences to show. A certificate expired or revoked *since* signing does not make it invalid."""
    if not facts or not facts.get("signed"):
        return {"valid": False, "code": "unchecked", "lines": []}
    stamp = facts.get("timestamp") or {}
    signed_at = stamp.get("time")
    revoked_at = facts.get("revoked_at")
    # Whole sentences in the active language (the page's, or the API caller's Accept-Language);
    # dates stay dd/mm/yyyy IST and the TSA's name as it is.
    said = {"tsa": stamp.get("tsa", "")}
    if signed_at:
        said["signed"] = _ist(signed_at)
    if signed_at and revoked_at and revoked_at <= signed_at:
        said["revoked"] = _ist(revoked_at)
        line = (
            _(
                "Not valid — signed on %(signed)s (timestamp by %(tsa)s), after the signing "
                "certificate was revoked on %(revoked)s. Do not accept it."
            )
            if said["tsa"]
            else _(
                "Not valid — signed on %(signed)s, after the signing certificate was revoked on "
                "%(revoked)s. Do not accept it."
            )
        )
        return {"valid": False, "code": "signed_after_revocation", "lines": [line % said]}
    if not (facts.get("intact") and facts.get("valid")):
        return {"valid": False, "code": "broken", "lines": [_("The signature does not verify.")]}
    if signed_at and not (facts.get("trusted") and facts.get("timestamp_valid")):
        return {
            "valid": False,
            "code": "untrusted",
            "lines": [
                _(
                    "Not valid — on %(signed)s the signing certificate was not valid, or does "
                    "not lead to a certification authority we trust."
                )
                % said
            ],
        }
    if signed_at:
        line = (
            _(
                "Valid — signed on %(signed)s while the certificate was valid (timestamp by %(tsa)s)."
            )
            if said["tsa"]
            else _("Valid — signed on %(signed)s while the certificate was valid.")
        )
        lines = [line % said]
    elif recorded_at:
        when = recorded_at.astimezone(IST).strftime("%d/%m/%Y %H:%M IST")
        lines = [
            _("Valid — signed on %(when)s by our records (the file carries no timestamp).")
            % {"when": when}
        ]
    else:
        lines = [_("Valid signature (the file carries no timestamp).")]
    if revoked_at:
        lines.append(
            _("The certificate was revoked on %(when)s, after signing.")
            % {"when": _ist(revoked_at)}
        )
    elif facts.get("not_after") and facts["not_after"] < timezone.now().isoformat():
        lines.append(
            _("The certificate has since expired (on %(when)s).")
            % {"when": _ist(facts["not_after"])}
        )
    archive = facts.get("archive_timestamps") or []
    if archive:
        lines.append(
            _("Archive timestamp of %(when)s keeps it provable (PAdES B-LTA).")
            % {"when": _ist(archive[-1]["time"])}
        )
    return {
        "valid": True,
        "code": "revoked_later" if revoked_at else "valid",
        "lines": lines,
        "signed_at": signed_at,
        "tsa": stamp.get("tsa", ""),
        "revoked_at": revoked_at,
        "level": facts.get("level", ""),
    }


def _current_file(document: CertificateDocument):
    version = document.versions.filter(current=True).first()
    return version.file if version else document.file


def signature_summary(document: CertificateDocument | None) -> dict | None:
    """The signing verdict of a signed document's current file, for the pages and the API;
    cached briefly (a revocation shows within CHECK_CACHE_SECONDS)."""
    if document is None or document.status != DocStatus.SIGNED or not document.file:
        return None
    version = document.versions.filter(current=True).first()
    digest = version.sha256 if version else document.sha256
    key = f"documents:timeline:{digest}"
    facts = cache.get(key)
    if facts is None:
        try:
            with _current_file(document).open("rb") as fh:
                facts = signature_timeline(fh.read(), trust_pems())
        except Exception:
            logger.exception("Checking the signature of %s failed", document.file_name)
            return None
        cache.set(key, facts, CHECK_CACHE_SECONDS)
    return signing_verdict(facts, recorded_at=document.signed_at)


def pdf_check(data: bytes) -> Verdict:
    """Is this file a genuine, unaltered certificate of this council, and which one?"""
    if len(data) > MAX_UPLOAD:
        return Verdict("too_large", False, _("The file is larger than 5 MB: no certificate is."))
    if b"%PDF-" not in data[:1024]:
        return Verdict("not_pdf", False, _("This is not a PDF file."))
    found = _version_by_hash(hashlib.sha256(data).hexdigest())
    if found is not None:
        return _known(data, *found)
    identities = list(SigningIdentity.objects.all())
    report = _probe(data, trust_pems())
    if report is None or not report.get("readable", False):
        return Verdict(
            "unreadable",
            False,
            _(
                "We could not read this PDF (damaged, or too complex to check safely). "
                "It is not a certificate we issued."
            ),
        )
    signatures = report.get("signatures") or []
    if not signatures:
        return Verdict(
            "unsigned", False, _("This PDF has no digital signature: it is not genuine.")
        )
    ours = {i.certificate_pem.strip() for i in identities}
    sig = signatures[0]
    if (sig.get("signer_pem") or "").strip() not in ours:
        return Verdict(
            "not_ours",
            False,
            _("This PDF was not signed by %(council)s: signed by %(signer)s.")
            % {"council": _council(), "signer": sig.get("subject") or _("unknown")},
        )
    original = _by_hash(hashlib.sha256(data[: sig.get("signed_revision_end", 0)]).hexdigest())
    if not (sig.get("intact") and sig.get("valid")):
        return Verdict(
            "altered",
            False,
            _(
                "Altered after signing: the content no longer matches our signature. "
                "Do not accept it."
            ),
            original,
        )
    if not sig.get("whole_file"):
        return Verdict(
            "altered",
            False,
            _(
                "Altered after signing: something was added to the signed file (it started as "
                "IC %(number)s). Ask for the original."
            )
            % {"number": original.certificate.number}
            if original
            else _(
                "Altered after signing: something was added to the signed file. Ask for the original."
            ),
            original,
        )
    return Verdict(
        "altered",
        False,
        _(
            "Signed with our key, but we have no record of issuing this exact file. Do not accept it."
        ),
    )


def _known(data: bytes, document: CertificateDocument, n: int) -> Verdict:
    """A file we hold (any version of an IC's file): genuine, unless the signature's certificate
    turns out to have been revoked before it was signed (a revocation published late)."""
    said = {"number": document.certificate.number, "n": n}
    try:
        facts = signature_timeline(data, trust_pems())
    except Exception:  # our own file, unreadable by the checker: our record still stands
        logger.exception("Checking the signature of %s failed", document.file_name)
        facts = None
    verdict = signing_verdict(facts, recorded_at=document.signed_at)
    if facts and not verdict["valid"]:
        return Verdict(
            verdict["code"],
            False,
            (
                _(
                    "This is Import Certificate %(number)s (version %(n)s of its file, with "
                    "archive timestamps), but its signature is not valid: %(reason)s"
                )
                if n > 1
                else _(
                    "This is Import Certificate %(number)s, but its signature is not valid: "
                    "%(reason)s"
                )
            )
            % {**said, "reason": " ".join(verdict["lines"])},
            document,
            {"signing": verdict, "version": n},
        )
    message = (
        _(
            "Genuine and unaltered: this is Import Certificate %(number)s (version %(n)s of its "
            "file, with archive timestamps)."
        )
        if n > 1
        else _("Genuine and unaltered: this is Import Certificate %(number)s.")
    ) % said
    if verdict["lines"]:
        message += " " + " ".join(verdict["lines"])
    return Verdict("genuine", True, message, document, {"signing": verdict, "version": n})


def _council() -> str:
    council = Council.objects.first()
    return council.name if council else _("this council")
