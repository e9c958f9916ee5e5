"""PAdES B-LTA: archive timestamps that keep signed ICs provable after every certificate expires.

A signature timestamp proves *when* an IC was signed only while the TSA's certificate can still be
checked. Before the last timestamp's certificate expires (SIGNING_ARCHIVE_MARGIN_DAYS ahead), the
`documents.archive` task appends fresh validation data and a document timestamp (RFC 3161, the
configured TSA) to the IC's current file, as an incremental update that keeps every earlier byte.
The result is stored as the document's next `DocumentVersion`; the first version — the file
e-SANCHIT received, which the document's own `sha256` names — is never touched.

The task pulls its work: signed documents without a version row get version 1 (their level and
when their evidence expires, read once from the file), then current versions whose evidence
expires within the margin are extended. A TSA or responder that fails leaves the version as it
is, with the reason and the next try shown to staff (`last_error`, `retry_at`), and an audit row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from icportal.audit.models import Verb
from icportal.audit.services import audit_record

from .models import CertificateDocument, DocStatus, DocumentVersion, VersionKind
from .probe import outside_event_loop
from .timeline import signature_timestamp

logger = logging.getLogger(__name__)

ARCHIVE_TASK = "documents.archive"
LEASE = dt.timedelta(minutes=10)  # a claimed version is being extended; then another may take it
RETRY_AFTER = dt.timedelta(hours=1)  # after a failure, doubled per attempt up to a day
RETRY_AT_MOST = dt.timedelta(days=1)


class ArchiveError(RuntimeError):
    """The archive timestamp could not be added (TSA, responders, storage): retried later."""


@dataclass(frozen=True)
class Evidence:
    level: str  # B-B, B-T, B-LT or B-LTA
    expires_at: dt.datetime | None  # the last timestamp's TSA chain (else the signer's) expiry


def margin() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "SIGNING_ARCHIVE_MARGIN_DAYS", 180)))


def _earliest_expiry(certificates) -> dt.datetime | None:
    ends = [c["tbs_certificate"]["validity"]["not_after"].native for c in certificates]
    return min(ends) if ends else None


def _token_chain(signed_data) -> list:
    """The TSA's certificate and the CA certificates a timestamp token carries."""
    return [c.chosen for c in signed_data["certificates"] or [] if c.name == "certificate"]


def evidence(pdf_bytes: bytes) -> Evidence:
    """The file's PAdES level, and when the evidence protecting it stops being checkable."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    timestamps = reader.embedded_timestamp_signatures
    signatures = reader.embedded_regular_signatures
    if timestamps:
        return Evidence("B-LTA", _earliest_expiry(_token_chain(timestamps[-1].signed_data)))
    if not signatures:
        return Evidence("", None)
    signed_data = signatures[-1].signed_data
    token = signature_timestamp(signed_data)
    if token is None:  # B-B: the signer's own chain is all there is to protect
        return Evidence("B-B", _earliest_expiry(_token_chain(signed_data)))
    level = "B-LT" if "/DSS" in reader.root else "B-T"
    return Evidence(level, _earliest_expiry(_token_chain(token)))


def _trust_roots() -> list:
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509

    roots = []
    for path in getattr(settings, "SIGNING_TRUST_ANCHORS", []) or []:
        data = Path(path).read_bytes()
        for _, _, der in asn1_pem.unarmor(data, multiple=True):
            roots.append(asn1_x509.Certificate.load(der))
    return roots


def _timestamper():
    """The configured TSA (TSA_URL), every token checked as at signing (documents/timestamps.py)."""
    from .timestamps import configured

    return configured()


def extend(pdf_bytes: bytes) -> bytes:
    """`pdf_bytes` plus fresh validation data and a document timestamp (incremental updates)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.validation import add_validation_info
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=True)
    stamper = PdfTimeStamper(_timestamper())
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    if reader.embedded_timestamp_signatures:
        # Revocation data for the last archive timestamp's TSA, then the next timestamp over all.
        out = outside_event_loop(
            lambda: stamper.update_archival_timestamp_chain(reader, context, in_place=False)
        )
        return out.getvalue()
    data = pdf_bytes
    signature = reader.embedded_regular_signatures[-1]
    try:  # fresh answers for the signer and its signature timestamp, while they can be had
        data = outside_event_loop(
            lambda: add_validation_info(signature, context, in_place=False)
        ).getvalue()
    except Exception as exc:  # an expired or revoked signer: the DSS from issue stands
        logger.info("No fresh validation data for the signer: %s", exc)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    out = outside_event_loop(
        lambda: stamper.timestamp_pdf(writer, "sha256", validation_context=context, in_place=False)
    )
    return out.getvalue()


def _read(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def archive_intake(*, limit: int = 200) -> int:
    """Signed documents without a version row get version 1: the file signed at issue."""
    documents = list(
        CertificateDocument.objects.filter(status=DocStatus.SIGNED, versions__isnull=True)
        .exclude(file="")
        .order_by("pk")[:limit]
    )
    for document in documents:
        _first_version(document)
    return len(documents)


def _first_version(document: CertificateDocument) -> None:
    try:
        found = evidence(_read(document.file))
    except Exception as exc:  # an unreadable file is a finding for staff, not a crash
        logger.warning("Reading %s for the archive failed: %s", document.file_name, exc)
        found = Evidence("", None)
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=document,
                n=1,
                file=document.file.name,
                sha256=document.sha256,
                size=document.size or 0,
                level=found.level,
                kind=VersionKind.SIGNED,
                evidence_expires_at=found.expires_at,
                created_at=document.signed_at or timezone.now(),
            )
        ],
        ignore_conflicts=True,  # two workers: the unique (document, n) keeps one
    )


def _claim(*, limit: int, now: dt.datetime, document_id=None) -> list[int]:
    due = DocumentVersion.objects.filter(current=True).filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )
    if document_id is None:
        due = due.filter(evidence_expires_at__lte=now + margin())
    else:
        due = due.filter(document_id=document_id)
    if not due.exists():
        return []
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("evidence_expires_at", "pk").values_list("pk", flat=True)[:limit])
        DocumentVersion.objects.filter(pk__in=ids).update(
            retry_at=now + LEASE, attempts=F("attempts") + 1
        )
    return ids


def archive_due(*, limit: int = 20) -> int:
    """Extend every current version whose evidence expires within the margin; returns how many
    were tried (a failure is recorded on the version and retried later)."""
    ids = _claim(limit=limit, now=timezone.now())
    for version in DocumentVersion.objects.filter(pk__in=ids).select_related("document"):
        _extend_claimed(version)
    return len(ids)


def document_archive(*, document: CertificateDocument) -> DocumentVersion:
    """Add an archive timestamp to this document now, whatever its margin (demo, staff, tests).
    Raises ArchiveError when it could not; the failure is recorded as for the task."""
    if document.status != DocStatus.SIGNED:
        raise ArchiveError("only a signed document can be extended")
    if not document.versions.exists():
        _first_version(document)
    ids = _claim(limit=1, now=timezone.now(), document_id=document.pk)
    if not ids:
        raise ArchiveError("the document is being extended by another worker")
    version = DocumentVersion.objects.select_related("document").get(pk=ids[0])
    result = _extend_claimed(version)
    if result is None:
        version.refresh_from_db()
        raise ArchiveError(version.last_error)
    return result


def _extend_claimed(version: DocumentVersion) -> DocumentVersion | None:
    document = version.document
    try:
        extended = extend(_read(version.file))
        if extended[: version.size] != _read(version.file)[: version.size]:
            raise ArchiveError("the extension changed earlier bytes")  # never: pyHanko appends
        found = evidence(extended)
        return _store(version, extended, found)
    except Exception as exc:
        reason = _reason(exc)
        logger.warning("Archive timestamp for %s failed: %s", document.file_name, reason)
        _failed(version, reason)
        return None


def _reason(exc: Exception) -> str:
    from .timestamps import TimestampError

    if isinstance(exc, (ArchiveError, TimestampError)):
        return str(exc)
    return f"validation data: {type(exc).__name__}: {exc}"[:500]


def _failed(version: DocumentVersion, reason: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        row = DocumentVersion.objects.select_for_update().get(pk=version.pk)
        wait = min(RETRY_AFTER * 2 ** max(row.attempts - 1, 0), RETRY_AT_MOST)
        row.last_error = f"Archive timestamp: {reason}"[:2000]
        row.retry_at = now + wait
        row.save(update_fields=["last_error", "retry_at"])
        certificate = version.document.certificate
        audit_record(
            actor=None,
            verb=Verb.DOC_ARCHIVE_FAILED,
            target=certificate,
            member=certificate.member,
            office=certificate.office,
            payload={
                "number": certificate.number,
                "version": row.n,
                "error": row.last_error,
                "retry_at": row.retry_at.isoformat(),
            },
        )


def _store(version: DocumentVersion, extended: bytes, found: Evidence) -> DocumentVersion:
    document = version.document
    sha256 = hashlib.sha256(extended).hexdigest()
    with transaction.atomic():
        current = DocumentVersion.objects.select_for_update().get(pk=version.pk)
        if not current.current:  # another worker stored the next version first
            return DocumentVersion.objects.get(document=document, current=True)
        n = current.n + 1
        new = DocumentVersion(
            document=document,
            n=n,
            size=len(extended),
            sha256=sha256,
            level=found.level,
            kind=VersionKind.ARCHIVE,
            evidence_expires_at=found.expires_at,
        )
        stem = document.file_name.removesuffix(".pdf")
        new.file.save(f"{stem}_v{n}.pdf", ContentFile(extended), save=False)
        kept = hashlib.sha256(_read(new.file)).hexdigest()
        if kept != sha256:  # what the storage keeps is what was timestamped, or nothing
            new.file.delete(save=False)
            raise ArchiveError(f"the stored file (SHA-256 {kept[:12]}…) is not the extended one")
        current.current = False
        current.last_error = ""
        current.retry_at = None
        current.save(update_fields=["current", "last_error", "retry_at"])
        new.save()
        # The document's level is its current file's (the page shows it); its sha256 stays v1's.
        CertificateDocument.objects.filter(pk=document.pk).update(level=found.level)
        certificate = document.certificate
        audit_record(
            actor=None,
            verb=Verb.DOC_ARCHIVED,
            target=certificate,
            member=certificate.member,
            office=certificate.office,
            payload={
                "number": certificate.number,
                "version": n,
                "sha256": sha256,
                "size": len(extended),
                "level": found.level,
                "evidence_expires_at": found.expires_at.isoformat() if found.expires_at else "",
            },
        )
    return new
