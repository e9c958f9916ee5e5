"""Producing, retrying and copying the signed document of an IC; registering signing identities."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common import metrics
from icportal.esanchit.services import upload_schedule as esanchit_upload_schedule

from . import signing
from .content import content_for
from .models import Backend, CertificateDocument, DocStatus, SigningIdentity
from .readiness import document_readiness, file_name_for
from .render import render_pdf

logger = logging.getLogger(__name__)

ABANDONED_AFTER_SECONDS = 120  # rendering and signing take seconds; see documents_produce_pending


def document_schedule(*, certificate) -> CertificateDocument:
    """Called inside the issuing transaction: a waiting row now, the signing after commit."""
    document = CertificateDocument.objects.create(
        certificate=certificate, file_name=file_name_for(certificate.number)
    )
    transaction.on_commit(lambda: document_produce(certificate=certificate))
    return document


def _certificate_for_render(certificate_id):
    from icportal.certificates.models import ImportCertificate

    return (
        ImportCertificate.objects.select_related(
            "office__council", "member", "epc", "issued_by", "second_approver", "replaces"
        )
        .prefetch_related("application__items", "member__gstins")
        .select_related("application")
        .get(pk=certificate_id)
    )


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
        audit_record(
            actor=None,
            verb=Verb.DOC_FAILED,
            target=doc.certificate,
            member=doc.certificate.member,
            office=doc.certificate.office,
            payload={"number": doc.certificate.number, "error": doc.last_error},
        )
    document.status, document.last_error = doc.status, doc.last_error


def document_produce(*, certificate) -> CertificateDocument | None:
    """Render, sign with the office's identity, check and store the IC's PDF.

    The IC is already issued whatever happens here: a failing step leaves the document `failed`
    with the reason, visible to staff, who retry once the cause is fixed. Never raises.
    """
    try:
        return _produce(certificate.pk)
    except Exception:  # the IC is issued; a crash here must not undo or hide that
        logger.exception("Producing the document of %s failed", certificate)
        doc = CertificateDocument.objects.filter(certificate_id=certificate.pk).first()
        if doc is not None and doc.status != DocStatus.SIGNED:
            _fail(doc, "Unexpected error", "see the server log")
        return doc


def _produce(certificate_id) -> CertificateDocument | None:
    with transaction.atomic():
        document = (
            CertificateDocument.objects.select_for_update()
            .filter(certificate_id=certificate_id)
            .first()
        )
        if document is None or document.status == DocStatus.SIGNED:
            return document
        document.attempts += 1
        document.save(update_fields=["attempts", "updated_at"])
    certificate = _certificate_for_render(certificate_id)
    try:
        pdf = render_pdf(content_for(certificate))
    except Exception as exc:
        logger.exception("Rendering %s failed", certificate)
        _fail(document, "Rendering", str(exc) or type(exc).__name__)
        return document
    CertificateDocument.objects.filter(pk=document.pk).update(status=DocStatus.RENDERED)
    identity = SigningIdentity.objects.filter(office=certificate.office, is_active=True).first()
    if identity is None:
        _fail(document, "Signing", f"{certificate.office} has no active signing identity")
        return document
    started = time.perf_counter()
    try:
        signer = signing.signer_for(identity)
        signed = signing.sign_pdf(pdf, signer, location=certificate.office.name)
    except signing.SigningError as exc:
        metrics.SIGNING_SECONDS.labels("failed").observe(time.perf_counter() - started)
        _fail(document, "Signing", str(exc))
        return document
    except Exception as exc:
        metrics.SIGNING_SECONDS.labels("failed").observe(time.perf_counter() - started)
        if identity.backend == Backend.PKCS11:
            signing.pkcs11_forget(identity)
        logger.exception("Signing %s failed", certificate)
        _fail(document, "Signing", f"{type(exc).__name__}: {exc}")
        return document
    metrics.SIGNING_SECONDS.labels("signed").observe(time.perf_counter() - started)
    checks = document_readiness(
        pdf_bytes=signed,
        office=certificate.office,
        file_name=document.file_name,
        document_id=document.pk,
    )
    failed = [c["label"] for c in checks if not c["passed"]]
    if failed:
        _fail(document, "Readiness check", "failed: " + "; ".join(failed), readiness=checks)
        return document
    return _store(document, certificate, identity, signed, checks)


def _store(document, certificate, identity, signed: bytes, checks) -> CertificateDocument:
    with transaction.atomic():
        doc = CertificateDocument.objects.select_for_update().get(pk=document.pk)
        if doc.status == DocStatus.SIGNED:  # another worker finished first: keep its file
            return doc
        doc.file.save(doc.file_name, ContentFile(signed), save=False)
        doc.sha256 = hashlib.sha256(signed).hexdigest()
        doc.size = len(signed)
        doc.signed_at = timezone.now()
        doc.signer_subject = identity.subject
        doc.identity = identity
        doc.readiness = checks
        doc.status = DocStatus.SIGNED
        doc.last_error = ""
        doc.save()
        audit_record(
            actor=None,
            verb=Verb.DOC_SIGNED,
            target=certificate,
            member=certificate.member,
            office=certificate.office,
            payload={"number": certificate.number, "sha256": doc.sha256, "size": doc.size},
        )
        if certificate.delivery_mode == "electronic":  # queue the e-SANCHIT upload with it
            esanchit_upload_schedule(certificate=certificate)
    return doc


@transaction.atomic
def document_retry(*, by, document: CertificateDocument) -> CertificateDocument:
    """Staff try again after fixing the cause (identity renewed, token plugged in …)."""
    from icportal.certificates.services.common import check_office_side

    document = CertificateDocument.objects.select_for_update().get(pk=document.pk)
    certificate = document.certificate
    check_office_side(by, certificate.office_id)
    if document.status == DocStatus.SIGNED:
        raise ValidationError({"status": ["This document is already signed"]})
    document.status = DocStatus.WAITING
    document.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.DOC_RETRIED,
        target=certificate,
        member=certificate.member,
        office=certificate.office,
        payload={"number": certificate.number, "previous_error": document.last_error},
    )
    transaction.on_commit(lambda: document_produce(certificate=certificate))
    return document


def certified_copy_render(*, certificate, copy_number: int) -> bytes:
    """A printable certified copy: same content, marked "CERTIFIED COPY No. n", never signed.

    Rendered afresh from the certificate's data; the signed original is not opened or changed.
    """
    if copy_number < 1:
        raise ValidationError({"copy_number": ["Copies are numbered from 1"]})
    return render_pdf(content_for(_certificate_for_render(certificate.pk)), copy_number=copy_number)


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


def documents_produce_pending(*, after_pk: int | None = None, overlap=None) -> int:
    """Produce every waiting or missing document (demo data, operators after an outage).

    Finding ICs without a document reads every IC (an anti-join: about a second at a million
    ICs). A caller that has swept once may pass `after_pk`, the largest IC id it had seen then, to
    look only at newer ICs and at those issued within `overlap` (default an hour), which covers a
    transaction that committed a smaller id after the sweep. Documents are never deleted, so an IC
    that had one still has it. Waiting documents are found through the (status, created_at) index.
    """
    from icportal.certificates.models import CertStatus, ImportCertificate

    missing = ImportCertificate.objects.filter(status=CertStatus.ISSUED, document__isnull=True)
    if after_pk is not None:
        since = timezone.now() - (dt.timedelta(hours=1) if overlap is None else overlap)
        missing = missing.filter(Q(pk__gt=after_pk) | Q(issued_at__gte=since))
    for certificate in missing:
        CertificateDocument.objects.get_or_create(
            certificate=certificate, defaults={"file_name": file_name_for(certificate.number)}
        )
    # A process killed while rendering or signing (gunicorn's worker after the issuing commit, or
    # the background worker) leaves the row `rendered` with nobody on it: taken again once it is
    # older than any real signing takes. `updated_at` is the time of the attempt (the `rendered`
    # mark is an update() that leaves it alone).
    abandoned = Q(
        status=DocStatus.RENDERED,
        updated_at__lt=timezone.now() - dt.timedelta(seconds=ABANDONED_AFTER_SECONDS),
    )
    count = 0
    for document in CertificateDocument.objects.filter(
        Q(status=DocStatus.WAITING) | abandoned
    ).select_related("certificate"):
        document_produce(certificate=document.certificate)
        count += 1
    return count


def dev_identities_prepare(*, keys_dir: Path) -> None:
    """Development: a PKCS#12 identity per office from var/keys/, and documents for the demo ICs.

    The passphrase is read from ICPORTAL_DEV_P12_PASSPHRASE, or from var/keys/p12-passphrase
    when that variable is unset (development only; see docs/documents.md).
    """
    from icportal.offices.models import Office

    from .devkeys import ensure_office_keys

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
