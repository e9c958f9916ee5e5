"""Producing, retrying and copying the signed document of an IC; registering signing identities."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.certificates.models import CertStatus, DeliveryMode, ImportCertificate
from icportal.certificates.services.common import check_office_side
from icportal.common import metrics
from icportal.common.worker import wake
from icportal.offices.models import Office

from . import revocation, signing, timestamps, trust
from .content import content_for
from .devkeys import ensure_office_keys
from .models import Backend, CertificateDocument, DocStatus, SigningIdentity
from .readiness import document_readiness, file_name_for
from .render import render_pdf

logger = logging.getLogger(__name__)

PRODUCE_TASK = "documents.produce"  # documents/tasks.py
UPLOAD_QUEUE_TASK = "esanchit.queue"  # the next stage, woken by name: documents imports no esanchit

ABANDONED_AFTER_SECONDS = 120  # rendering and signing take seconds; then another may take it
RECENT = dt.timedelta(minutes=10)  # the intake's window; older ICs are found by the hourly sweep
BATCH = 10  # documents a worker claims at once
# After a TSA or OCSP/CRL outage a document waits 30 s, 60 s, 120 s … at most 15 minutes.
RETRY_FIRST, RETRY_MAX = dt.timedelta(seconds=30), dt.timedelta(minutes=15)


def _certificates_for_render(certificate_ids) -> dict:
    """The ICs with everything their PDF shows, for a whole claimed batch in three statements."""
    rows = (
        ImportCertificate.objects.select_related(
            "office__council", "member", "epc", "issued_by", "second_approver", "replaces"
        )
        .prefetch_related("application__items", "member__gstins")
        .select_related("application")
        .filter(pk__in=certificate_ids)
    )
    return {row.pk: row for row in rows}


def _certificate_for_render(certificate_id):
    return _certificates_for_render([certificate_id])[certificate_id]


def documents_intake(*, since: dt.datetime | None = None, certificate_id=None) -> int:
    """Issued ICs without a document get a waiting one: documents pulls its work from certificates.

    With `since` only ICs issued since then are looked at (a range of the `issued_at` index, each
    probed against the one-document-per-IC unique index); without it every IC (the hourly sweep:
    an anti-join, about a second at a million ICs). Two workers may take the same IC: the unique
    certificate and file name keep one row (the other insert is ignored).
    """
    missing = ImportCertificate.objects.filter(status=CertStatus.ISSUED, document__isnull=True)
    if since is not None:
        missing = missing.filter(issued_at__gte=since)
    if certificate_id is not None:
        missing = missing.filter(pk=certificate_id)
    rows = [
        CertificateDocument(certificate_id=pk, file_name=file_name_for(number))
        for pk, number in missing.values_list("pk", "number")
    ]
    CertificateDocument.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def _claim(*, limit: int, certificate_id=None) -> list[int]:
    """Take up to `limit` documents to produce: waiting ones, and ones left `rendered` by a process
    killed while signing (older than any real signing takes). The claim marks them `rendered` now
    (its `updated_at` is the lease), so two workers, or a worker and a web request, never render
    the same IC; SKIP LOCKED on PostgreSQL lets them take different rows at the same moment."""
    now = timezone.now()
    abandoned = Q(
        status=DocStatus.RENDERED,
        updated_at__lt=now - dt.timedelta(seconds=ABANDONED_AFTER_SECONDS),
    )
    waiting = Q(status=DocStatus.WAITING) & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
    due = CertificateDocument.objects.filter(waiting | abandoned)
    if certificate_id is not None:
        due = due.filter(certificate_id=certificate_id)
    if not due.exists():  # the idle case: one read, no write transaction
        return []
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:limit])
        CertificateDocument.objects.filter(pk__in=ids).update(
            status=DocStatus.RENDERED, updated_at=now, attempts=F("attempts") + 1
        )
    return ids


def documents_produce_due(*, limit: int = BATCH) -> int:
    """Claim and produce up to `limit` documents; returns how many were taken."""
    ids = _claim(limit=limit)
    documents = list(CertificateDocument.objects.filter(pk__in=ids).order_by("pk"))
    batch = _Batch(_certificates_for_render([d.certificate_id for d in documents]), wake_once=True)
    for document in documents:
        _produce_claimed(document, batch)
    if batch.electronic_signed:
        wake(UPLOAD_QUEUE_TASK)  # once for the claim: e-SANCHIT takes up to 10 files a request
    return len(ids)


class _Batch:
    """What the documents of one claim share: their ICs read together, each office's active
    identity read once (a claim is produced within seconds), and with `wake_once` one wake of
    the upload queue after the claim instead of one per signed electronic IC."""

    def __init__(self, certificates: dict | None = None, *, wake_once: bool = False):
        self.certificates = certificates or {}
        self.identities: dict = {}
        self.wake_once = wake_once
        self.electronic_signed = 0

    def certificate(self, certificate_id):
        found = self.certificates.pop(certificate_id, None)
        return found if found is not None else _certificate_for_render(certificate_id)

    def identity(self, office):
        if office.pk not in self.identities:
            self.identities[office.pk] = SigningIdentity.objects.filter(
                office=office, is_active=True
            ).first()
        return self.identities[office.pk]


def _fail(document: CertificateDocument, step: str, error: str, readiness=None) -> None:
    with transaction.atomic():
        doc = CertificateDocument.objects.select_for_update().get(pk=document.pk)
        if doc.status == DocStatus.SIGNED:
            return
        doc.status = DocStatus.FAILED
        doc.last_error = f"{step}: {error}"[:2000]
        if readiness is not None:
            doc.readiness = readiness
        doc.save(update_fields=["status", "last_error", "readiness", "updated_at"])
        _audit_not_signed(doc)
    document.status, document.last_error = doc.status, doc.last_error


def _wait(document: CertificateDocument, step: str, error: str) -> None:
    """Not signed because a service outside (TSA, OCSP/CRL) failed: the document waits with the
    reason shown to staff and the worker takes it again after a growing pause."""
    with transaction.atomic():
        doc = CertificateDocument.objects.select_for_update().get(pk=document.pk)
        if doc.status == DocStatus.SIGNED:
            return
        reason = f"{step}: {error}"[:2000]
        pause = min(RETRY_FIRST * 2 ** max(doc.attempts - 1, 0), RETRY_MAX)
        doc.status, doc.retry_at = DocStatus.WAITING, timezone.now() + pause
        changed, doc.last_error = doc.last_error != reason, reason
        doc.save(update_fields=["status", "last_error", "retry_at", "updated_at"])
        if changed:  # one audit row per outage, not one per attempt
            _audit_not_signed(doc, retry_at=doc.retry_at.isoformat())
    document.status, document.last_error = doc.status, doc.last_error


def _audit_not_signed(doc: CertificateDocument, **payload) -> None:
    certificate = doc.certificate
    audit_record(
        actor=None,
        verb=Verb.DOC_FAILED,
        target=certificate,
        member=certificate.member,
        office=certificate.office,
        payload={"number": certificate.number, "error": doc.last_error, **payload},
    )


def document_produce(*, certificate) -> CertificateDocument | None:
    """Produce this IC's document now, unless it is signed, failed or being signed elsewhere."""
    documents_intake(certificate_id=certificate.pk)
    for document in CertificateDocument.objects.filter(
        pk__in=_claim(limit=1, certificate_id=certificate.pk)
    ):
        _produce_claimed(document)
    return CertificateDocument.objects.filter(certificate_id=certificate.pk).first()


def _produce_claimed(document: CertificateDocument, batch: _Batch | None = None) -> None:
    """Render, sign with the office's identity, check and store the IC's PDF.

    The IC is already issued whatever happens here: a failing step leaves the document `failed`
    with the reason, visible to staff, who retry once the cause is fixed. Never raises.
    """
    try:
        _produce(document, batch or _Batch())
    except Exception:  # the IC is issued; a crash here must not undo or hide that
        logger.exception("Producing the document of IC %s failed", document.certificate_id)
        _fail(document, "Unexpected error", "see the server log")


def _produce(document: CertificateDocument, batch: _Batch) -> None:
    certificate = batch.certificate(document.certificate_id)
    try:
        pdf = render_pdf(content_for(certificate))
    except Exception as exc:
        logger.exception("Rendering %s failed", certificate)
        _fail(document, "Rendering", str(exc) or type(exc).__name__)
        return
    identity = batch.identity(certificate.office)
    if identity is None:
        _fail(document, "Signing", f"{certificate.office} has no active signing identity")
        return
    started = time.perf_counter()
    try:
        signer = signing.signer_for(identity)
        signed = signing.sign_pdf_lt(pdf, signer, location=certificate.office.name)
    except (timestamps.TimestampError, revocation.RevocationUnavailable) as exc:
        metrics.SIGNING_SECONDS.labels("failed").observe(time.perf_counter() - started)
        step = "Timestamp" if isinstance(exc, timestamps.TimestampError) else "Revocation check"
        _wait(document, step, str(exc))
        return
    except (signing.SigningError, revocation.CertificateRevoked) as exc:
        metrics.SIGNING_SECONDS.labels("failed").observe(time.perf_counter() - started)
        _fail(document, "Signing", str(exc))
        return
    except trust.UntrustedChain as exc:
        metrics.SIGNING_SECONDS.labels("failed").observe(time.perf_counter() - started)
        _fail(document, "Signing", f"untrusted certificate chain: {exc}")
        return
    except Exception as exc:
        metrics.SIGNING_SECONDS.labels("failed").observe(time.perf_counter() - started)
        if identity.backend == Backend.PKCS11:
            signing.pkcs11_forget(identity)
        logger.exception("Signing %s failed", certificate)
        _fail(document, "Signing", f"{type(exc).__name__}: {exc}")
        return
    metrics.SIGNING_SECONDS.labels("signed").observe(time.perf_counter() - started)
    checks = document_readiness(
        pdf_bytes=signed.pdf,
        office=certificate.office,
        file_name=document.file_name,
        document_id=document.pk,
        signed_here=True,
        identities=[identity],
    )
    failed = [c["label"] for c in checks if not c["passed"]]
    if failed:
        _fail(document, "Readiness check", "failed: " + "; ".join(failed), readiness=checks)
        return
    try:
        _store(document, certificate, identity, signed, checks, batch)
    except StoredFileDiffers as exc:
        _fail(document, "Storing", str(exc))


class StoredFileDiffers(RuntimeError):
    """The storage gave back other bytes than were signed and checked."""


def _store(document, certificate, identity, result, checks, batch) -> CertificateDocument:
    signed = result.pdf
    sha256 = hashlib.sha256(signed).hexdigest()
    with transaction.atomic():
        doc = CertificateDocument.objects.select_for_update().get(pk=document.pk)
        if doc.status == DocStatus.SIGNED:  # another worker finished first: keep its file
            return doc
        doc.file.save(doc.file_name, ContentFile(signed), save=False)
        # What was checked is what the storage keeps: read it back (a local file or an object
        # store) before the document counts as signed.
        with doc.file.open("rb") as stored:
            kept = hashlib.sha256(stored.read()).hexdigest()
        if kept != sha256:
            doc.file.delete(save=False)
            raise StoredFileDiffers(
                f"the stored file (SHA-256 {kept[:12]}…) is not the signed one ({sha256[:12]}…)"
            )
        doc.sha256 = sha256
        doc.size = len(signed)
        doc.signed_at = timezone.now()
        doc.signer_subject = identity.subject
        doc.identity = identity
        doc.readiness = checks
        doc.level, doc.timestamp_at = result.level, result.stamp.at
        doc.tsa_subject = result.stamp.tsa.subject.rfc4514_string()[:300]
        doc.status = DocStatus.SIGNED
        doc.last_error = ""
        doc.retry_at = None
        doc.save()
        audit_record(
            actor=None,
            verb=Verb.DOC_SIGNED,
            target=certificate,
            member=certificate.member,
            office=certificate.office,
            payload={
                "number": certificate.number,
                "sha256": doc.sha256,
                "size": doc.size,
                # Who signed: the key's holder (DSC subject) and the officer who issued the IC.
                "signer": identity.subject,
                "issued_by": certificate.issued_by.full_name,
                "level": doc.level,
                "timestamp_at": doc.timestamp_at.isoformat(),
            },
        )
        if certificate.delivery_mode == DeliveryMode.ELECTRONIC:
            if batch.wake_once:
                batch.electronic_signed += 1
            else:
                wake(UPLOAD_QUEUE_TASK)  # e-SANCHIT takes signed electronic ICs from here
    return doc


@transaction.atomic
def document_retry(*, by, document: CertificateDocument) -> CertificateDocument:
    """Staff try again after fixing the cause (identity renewed, token plugged in …)."""
    document = CertificateDocument.objects.select_for_update().get(pk=document.pk)
    certificate = document.certificate
    check_office_side(by, certificate.office_id)
    if document.status == DocStatus.SIGNED:
        raise ValidationError({"status": [_("This document is already signed")]})
    document.status, document.retry_at = DocStatus.WAITING, None
    document.save(update_fields=["status", "retry_at", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.DOC_RETRIED,
        target=certificate,
        member=certificate.member,
        office=certificate.office,
        payload={"number": certificate.number, "previous_error": document.last_error},
    )
    wake(PRODUCE_TASK)
    return document


def certified_copy_render(
    *, certificate, copy_number: int, references: dict | None = None, withdrawn: str = ""
) -> bytes:
    """A printable certified copy: same content, marked "CERTIFIED COPY No. n", never signed.

    Rendered afresh from the certificate's data; the signed original is not opened or changed.
    `references` are the e-SANCHIT IRN, DRN and uploader ICEGATE ID (the caller, above e-SANCHIT,
    reads them); `withdrawn` is the notice printed across a copy of a cancelled or replaced IC.
    """
    if copy_number < 1:
        raise ValidationError({"copy_number": [_("Copies are numbered from 1")]})
    content = content_for(_certificate_for_render(certificate.pk))
    if references:
        content = dataclasses.replace(content, extra={**content.extra, **references})
    return render_pdf(content, copy_number=copy_number, withdrawn=withdrawn)


def identity_register_pkcs12(*, office, p12_path: Path, secret_env: str, certificate_pem: str):
    """Register (or keep) the office's PKCS#12 identity; an older active one is deactivated."""
    info = signing.certificate_info(certificate_pem)
    with transaction.atomic():
        current = SigningIdentity.objects.select_for_update().filter(office=office, is_active=True)
        same = current.filter(certificate_pem=certificate_pem, p12_path=str(p12_path)).first()
        if same is not None:
            return same
        current.update(is_active=False)
        return SigningIdentity.objects.create(
            office=office,
            backend=Backend.PKCS12,
            p12_path=str(p12_path),
            secret_env=secret_env,
            certificate_pem=certificate_pem,
            **info,
        )


def identity_register_pkcs11(
    *, office, module: str, token_label: str, key_label: str, secret_env: str, certificate_pem: str
):
    info = signing.certificate_info(certificate_pem)
    with transaction.atomic():
        SigningIdentity.objects.filter(office=office, is_active=True).update(is_active=False)
        return SigningIdentity.objects.create(
            office=office,
            backend=Backend.PKCS11,
            pkcs11_module=module,
            token_label=token_label,
            key_label=key_label,
            secret_env=secret_env,
            certificate_pem=certificate_pem,
            **info,
        )


def documents_produce_pending() -> int:
    """Produce every missing or waiting document now, in this process (demo data, operators after
    an outage); the worker does the same in batches (`documents.produce`, `documents.sweep`)."""
    documents_intake()
    count = 0
    while taken := documents_produce_due():
        count += taken
    return count


def dev_identities_prepare(*, keys_dir: Path) -> None:
    """Development: a PKCS#12 identity per office from var/keys/, and documents for the demo ICs.

    The passphrase is read from ICPORTAL_DEV_P12_PASSPHRASE, or from var/keys/p12-passphrase
    when that variable is unset (development only; see docs/documents.md).
    """
    offices = list(Office.objects.filter(is_active=True))
    keys = ensure_office_keys(keys_dir, [(o.code, o.name) for o in offices])
    by_code = {o.code: o for o in offices}
    for key in keys:
        identity_register_pkcs12(
            office=by_code[key.office_code],
            p12_path=key.p12_path,
            secret_env=signing.DEV_SECRET_ENV,
            certificate_pem=key.cert_pem_path.read_text(),
        )
    transaction.on_commit(documents_produce_pending)
