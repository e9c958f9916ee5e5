"""Writes for e-SANCHIT uploads: schedule, record IRN/DRN, reject, back off, retry, go manual."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common.identifiers import IdentifierError, normalise_irn

from .mails import ic_uploaded_notify
from .models import GatewayHealth, Upload, UploadMode, UploadStatus

RETRY_BASE_SECONDS = 5
RETRY_CAP_SECONDS = 600


def _audit(upload: Upload, verb: Verb, *, by=None, **payload) -> None:
    certificate = upload.certificate
    audit_record(
        actor=by,
        verb=verb,
        target=certificate,
        member=certificate.member,
        office=certificate.office,
        payload={"number": certificate.number, "upload": upload.pk, **payload},
    )


def _next_key(certificate) -> str:
    return f"ic-{certificate.pk}-{Upload.objects.filter(certificate=certificate).count() + 1}"


def upload_schedule(*, certificate, mode: str | None = None) -> Upload | None:
    """Queue a signed electronic IC for e-SANCHIT: the worker uploads it (or staff, in manual mode).

    Does nothing for physical ICs, unsigned or not-ready documents, or when an upload is already
    waiting or done for this IC. Call inside the transaction that makes the document signed.
    """
    from icportal.certificates.models import CertStatus, DeliveryMode
    from icportal.documents.models import CertificateDocument

    document = CertificateDocument.objects.filter(certificate=certificate).first()
    if certificate.delivery_mode != DeliveryMode.ELECTRONIC or document is None:
        return None
    if certificate.status != CertStatus.ISSUED:
        return None  # cancelled or superseded before its document was ready: never upload it
    if not document.ready:
        return None
    with transaction.atomic():
        live = Upload.objects.filter(certificate=certificate).exclude(status=UploadStatus.REJECTED)
        if live.exists():
            return live.first()
        return Upload.objects.create(
            certificate=certificate,
            document=document,
            office_id=certificate.office_id,
            mode=mode or settings.ICEGATE_MODE,
            idempotency_key=_next_key(certificate),
        )


def _clean_pair(irn: str, drn: str) -> tuple[str, str]:
    try:
        return normalise_irn(irn, "IRN"), normalise_irn(drn, "DRN")
    except IdentifierError as exc:
        raise ValidationError({"irn": [str(exc)]}) from exc


def irn_clean(*, irn: str, drn: str) -> tuple[str, str]:
    """Normalised IRN and DRN, or ValidationError if malformed (no query)."""
    return _clean_pair(irn, drn)


def irn_check(*, upload: Upload, irn: str, drn: str) -> tuple[str, str]:
    """Normalised IRN and DRN, or ValidationError if malformed or used by another IC."""
    irn, drn = _clean_pair(irn, drn)
    others = Upload.objects.filter(status=UploadStatus.ACCEPTED).exclude(pk=upload.pk)
    if others.filter(irn=irn).exists():
        raise ValidationError({"irn": [f"IRN {irn} is already recorded for another IC"]})
    if others.filter(drn=drn).exists():
        raise ValidationError({"drn": [f"DRN {drn} is already recorded for another IC"]})
    return irn, drn


def _notify(upload: Upload) -> None:
    ic_uploaded_notify(upload=upload)


@transaction.atomic
def irn_record(*, upload: Upload, irn: str, drn: str, by=None) -> Upload:
    """Record e-SANCHIT's IRN and DRN: the IC is uploaded, and the member's mail is queued.

    Repeating the same IRN/DRN for an accepted upload changes nothing (a retried answer).
    """
    upload = Upload.objects.select_for_update().select_related("certificate").get(pk=upload.pk)
    irn, drn = _clean_pair(irn, drn)
    if upload.status == UploadStatus.ACCEPTED:
        if (upload.irn, upload.drn) == (irn, drn):
            return upload
        raise ValidationError({"irn": [f"IC already has IRN {upload.irn} recorded"]})
    if upload.status == UploadStatus.REJECTED:
        raise ValidationError({"status": ["This upload was rejected; retry it first"]})
    irn, drn = irn_check(upload=upload, irn=irn, drn=drn)
    upload.status = UploadStatus.ACCEPTED
    upload.irn, upload.drn = irn, drn
    upload.accepted_at = timezone.now()
    upload.recorded_by = by if getattr(by, "pk", None) else None
    upload.last_error = ""
    upload.next_attempt_at = None
    upload.locked_by, upload.locked_until = "", None
    try:
        with transaction.atomic():
            upload.save()
    except IntegrityError as exc:  # a concurrent recording took the same IRN/DRN
        raise ValidationError({"irn": [f"IRN {irn} or DRN {drn} is already recorded"]}) from exc
    _audit(upload, Verb.UPLOAD_ACCEPTED, by=by, irn=irn, drn=drn, mode=upload.mode)
    _notify(upload)
    return upload


@transaction.atomic
def upload_reject(*, upload: Upload, errors: list[dict]) -> Upload:
    """ICEGATE refused the file: kept with its reasons for staff; never retried automatically."""
    upload = Upload.objects.select_for_update().select_related("certificate").get(pk=upload.pk)
    if upload.status in (UploadStatus.ACCEPTED, UploadStatus.REJECTED):
        return upload
    codes = [str(e.get("code", "")) for e in errors if e.get("code")] or ["REJECTED"]
    upload.status = UploadStatus.REJECTED
    upload.rejection_codes = errors or [{"code": "REJECTED", "message": ""}]
    upload.last_error = "; ".join(f"{e.get('code')}: {e.get('message', '')}" for e in errors)
    upload.next_attempt_at = None
    upload.locked_by, upload.locked_until = "", None
    upload.save()
    _audit(upload, Verb.UPLOAD_REJECTED, codes=codes)
    return upload


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with jitter: base·2^(n−1), capped, then a random 50–100 % of it."""
    base = getattr(settings, "ESANCHIT_RETRY_BASE_SECONDS", RETRY_BASE_SECONDS)
    cap = getattr(settings, "ESANCHIT_RETRY_CAP_SECONDS", RETRY_CAP_SECONDS)
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not a secret


@transaction.atomic
def upload_fail(*, upload: Upload, error: str) -> Upload:
    """ICEGATE gave no usable answer: try again later with the same idempotency key."""
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.status in (UploadStatus.ACCEPTED, UploadStatus.REJECTED):
        return upload
    upload.status = UploadStatus.FAILED_RETRYING
    upload.attempts += 1
    upload.last_error = error[:2000]
    upload.next_attempt_at = timezone.now() + timedelta(seconds=backoff_seconds(upload.attempts))
    upload.locked_by, upload.locked_until = "", None
    upload.save()
    return upload


def uploads_start(*, uploads: list[Upload]) -> None:
    """The worker is sending these now (they stay leased to it)."""
    Upload.objects.filter(pk__in=[u.pk for u in uploads]).update(
        status=UploadStatus.UPLOADING, updated_at=timezone.now()
    )


@transaction.atomic
def upload_retry(*, by, upload: Upload) -> Upload:
    """Staff ask for another try now. A rejected IC starts a new upload with a new key."""
    from icportal.certificates.services.common import check_office_side

    upload = Upload.objects.select_for_update().select_related("certificate").get(pk=upload.pk)
    check_office_side(by, upload.office_id)
    if upload.status == UploadStatus.ACCEPTED:
        raise ValidationError({"status": ["This IC is already uploaded"]})
    if upload.status == UploadStatus.REJECTED:
        certificate = upload.certificate
        if Upload.objects.filter(certificate=certificate).exclude(status="rejected").exists():
            raise ValidationError({"status": ["A newer upload of this IC is already on its way"]})
        upload = Upload.objects.create(
            certificate=certificate,
            document=certificate.document,
            office_id=certificate.office_id,
            mode=UploadMode.GATEWAY,
            idempotency_key=_next_key(certificate),
        )
    elif upload.mode == UploadMode.MANUAL:
        if upload.batch_id:
            raise ValidationError({"status": ["This IC is in a manual batch; record its IRN"]})
        upload.mode = UploadMode.GATEWAY
    upload.status = (
        UploadStatus.WAITING
        if upload.status == UploadStatus.WAITING
        else UploadStatus.FAILED_RETRYING
    )
    upload.next_attempt_at = timezone.now()
    upload.save()
    _audit(upload, Verb.UPLOAD_RETRIED, by=by)
    return upload


@transaction.atomic
def upload_mark_manual(*, by, upload: Upload) -> Upload:
    """Staff take a waiting or failing gateway upload out of the worker's hands."""
    from icportal.certificates.services.common import check_office_side

    upload = Upload.objects.select_for_update().select_related("certificate").get(pk=upload.pk)
    check_office_side(by, upload.office_id)
    if upload.status not in (UploadStatus.WAITING, UploadStatus.FAILED_RETRYING):
        raise ValidationError({"status": ["Only waiting or failing uploads can go manual"]})
    if upload.locked_until and upload.locked_until > timezone.now():
        raise ValidationError({"status": ["The worker is uploading this IC right now; try later"]})
    upload.mode = UploadMode.MANUAL
    upload.status = UploadStatus.WAITING
    upload.next_attempt_at = None
    upload.save()
    _audit(upload, Verb.UPLOAD_MANUAL, by=by)
    return upload


def health_unreachable(*, office, error: str) -> None:
    """Remember since when ICEGATE has not answered, for the office's banner."""
    now = timezone.now()
    health, _ = GatewayHealth.objects.get_or_create(office=office)
    GatewayHealth.objects.filter(pk=health.pk, unreachable_since__isnull=True).update(
        unreachable_since=now
    )
    GatewayHealth.objects.filter(pk=health.pk).update(last_error=error[:2000], updated_at=now)


def health_ok(*, office) -> None:
    now = timezone.now()
    updated = GatewayHealth.objects.filter(office=office).update(
        unreachable_since=None, last_error="", last_success_at=now, updated_at=now
    )
    if not updated:
        GatewayHealth.objects.get_or_create(office=office, defaults={"last_success_at": now})
