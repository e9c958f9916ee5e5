"""Writes for e-SANCHIT uploads: queue, record IRN/DRN, reject, back off, retry, go manual."""

from __future__ import annotations

import datetime as dt
import random
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.audit.models import Verb
from icportal.audit.services import audit_record, audit_records
from icportal.certificates.models import CertStatus, DeliveryMode
from icportal.certificates.services.common import check_office_side
from icportal.common.identifiers import IdentifierError, normalise_irn
from icportal.common.worker import wake
from icportal.documents.models import CertificateDocument, DocStatus

from .mails import MAIL_READS, ic_uploaded_notify, ic_uploaded_notify_many
from .models import TERMINAL_STATUSES, GatewayHealth, Upload, UploadMode, UploadStatus

RETRY_BASE_SECONDS = 5
RETRY_CAP_SECONDS = 600
UPLOAD_TASK = "esanchit.upload"  # esanchit/tasks.py


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


def uploads_queue(*, since: dt.datetime | None = None, mode: str | None = None) -> int:
    """Signed electronic ICs in force that have no upload get a waiting one: esanchit pulls its
    work from documents. The worker (or staff, in manual mode) uploads them.

    With `since` only documents signed since then are looked at (a range of the (status,
    signed_at) index); without it every signed document (the hourly sweep). A rejected upload
    counts: it is retried by staff, never here. Idempotent and safe with two workers: both would
    write the same first idempotency key and the same live row, and the unique constraints keep one.
    """
    signed = CertificateDocument.objects.filter(
        status=DocStatus.SIGNED,
        certificate__status=CertStatus.ISSUED,  # cancelled or replaced first: never uploaded
        certificate__delivery_mode=DeliveryMode.ELECTRONIC,
        uploads__isnull=True,
    )
    if since is not None:
        signed = signed.filter(signed_at__gte=since)
    mode = mode or settings.ICEGATE_MODE
    rows = [
        Upload(
            certificate_id=certificate_id,
            document_id=document_id,
            office_id=office_id,
            mode=mode,
            idempotency_key=f"ic-{certificate_id}-1",
        )
        for document_id, certificate_id, office_id in signed.values_list(
            "pk", "certificate_id", "certificate__office_id"
        )
    ]
    Upload.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    if rows and mode == UploadMode.GATEWAY:
        wake(UPLOAD_TASK)
    return len(rows)


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
        raise ValidationError(
            {"irn": [_("IRN %(irn)s is already recorded for another IC") % {"irn": irn}]}
        )
    if others.filter(drn=drn).exists():
        raise ValidationError(
            {"drn": [_("DRN %(drn)s is already recorded for another IC") % {"drn": drn}]}
        )
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
        raise ValidationError(
            {"irn": [_("IC already has IRN %(irn)s recorded") % {"irn": upload.irn}]}
        )
    if upload.status == UploadStatus.REJECTED:
        raise ValidationError({"status": [_("This upload was rejected; retry it first")]})
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
        raise ValidationError(
            {
                "irn": [
                    _("IRN %(irn)s or DRN %(drn)s is already recorded") % {"irn": irn, "drn": drn}
                ]
            }
        ) from exc
    _audit(upload, Verb.UPLOAD_ACCEPTED, by=by, irn=irn, drn=drn, mode=upload.mode)
    _notify(upload)
    return upload


def _refused(upload: Upload, errors: list[dict], now) -> list[str]:
    """`upload` rejected with ICEGATE's errors (not saved); returns the codes for the audit row."""
    upload.status = UploadStatus.REJECTED
    upload.rejection_codes = errors or [{"code": "REJECTED", "message": ""}]
    upload.last_error = "; ".join(f"{e.get('code')}: {e.get('message', '')}" for e in errors)
    upload.next_attempt_at = None
    upload.locked_by, upload.locked_until = "", None
    upload.updated_at = now
    return [str(e.get("code", "")) for e in errors if e.get("code")] or ["REJECTED"]


def _conflict(result, message: str) -> list[dict]:
    return [{"code": "IRN_CONFLICT", "message": f"{result.irn}/{result.drn}: {message}"}]


def _pairs(rows: list[Upload], answers: dict) -> tuple[dict[int, tuple[str, str]], dict]:
    """({upload: (IRN, DRN)} of the accepted answers to record, {upload: errors} of those that
    cannot be: malformed, or twice in this answer. One recorded for another IC already is left
    to the unique constraints (never, unless ICEGATE errs): the caller then goes one by one,
    and `irn_record` names the conflict."""
    pairs, refused, irns, drns = {}, {}, set(), set()
    for row in rows:
        result = answers[row.pk]
        try:
            irn, drn = _clean_pair(result.irn, result.drn)
        except ValidationError as exc:
            refused[row.pk] = _conflict(result, " ".join(exc.messages))
            continue
        if irn in irns or drn in drns:
            refused[row.pk] = _conflict(result, "given for two ICs in one answer")
            continue
        irns.add(irn)
        drns.add(drn)
        pairs[row.pk] = (irn, drn)
    return pairs, refused


@transaction.atomic
def uploads_answer(*, uploads: list[Upload], results: list) -> dict[int, str]:
    """ICEGATE's answer to one request (up to 10 files, `gateway.UploadResult`s in the order of
    `uploads`), recorded in one transaction: each accepted upload gets its IRN/DRN, its audit row
    and the member's mail; each refused one ICEGATE's codes and its audit row. An IRN or DRN
    malformed or given twice rejects that upload (IRN_CONFLICT). Uploads already final are left
    as they are (a repeated answer). Returns {upload id: status}.

    The same outcome as `irn_record` / `upload_reject` one by one, in about ten statements for
    the batch instead of twenty per IC. Should it raise (two workers recording one IRN at the
    same moment hit the unique constraint), nothing is saved and the caller records the answers
    one by one.
    """
    answers = {u.pk: r for u, r in zip(uploads, results, strict=True)}
    rows = list(
        Upload.objects.select_for_update(of=("self",))
        .select_related(*MAIL_READS)
        .filter(pk__in=list(answers))
        .order_by("pk")
    )
    rows = [row for row in rows if row.status not in TERMINAL_STATUSES]
    now = timezone.now()
    pairs, refused = _pairs([r for r in rows if answers[r.pk].accepted], answers)
    accepted, events = [], []
    for row in rows:
        certificate = row.certificate
        scope = {
            "actor": None,
            "target": certificate,
            "member_id": certificate.member_id,
            "office_id": certificate.office_id,
        }
        base = {"number": certificate.number, "upload": row.pk}
        if row.pk in pairs:
            row.status = UploadStatus.ACCEPTED
            row.irn, row.drn = pairs[row.pk]
            row.accepted_at = row.updated_at = now
            row.recorded_by = None
            row.last_error = ""
            row.next_attempt_at = None
            row.locked_by, row.locked_until = "", None
            accepted.append(row)
            payload = {**base, "irn": row.irn, "drn": row.drn, "mode": row.mode}
            events.append({**scope, "verb": Verb.UPLOAD_ACCEPTED, "payload": payload})
        else:
            codes = _refused(row, refused.get(row.pk) or answers[row.pk].errors, now)
            events.append(
                {**scope, "verb": Verb.UPLOAD_REJECTED, "payload": {**base, "codes": codes}}
            )
    if len(rows) == 1:  # one file: a plain UPDATE is cheaper to build than bulk_update's CASEs
        rows[0].save(update_fields=ANSWER_FIELDS)
    else:
        Upload.objects.bulk_update(rows, fields=ANSWER_FIELDS)
    audit_records(events)
    if accepted:  # just accepted under our lock: no mail about them can exist yet
        ic_uploaded_notify_many(uploads=accepted, fresh=True)
    return {row.pk: row.status for row in rows}


ANSWER_FIELDS = [
    "status",
    "irn",
    "drn",
    "accepted_at",
    "recorded_by",
    "last_error",
    "rejection_codes",
    "next_attempt_at",
    "locked_by",
    "locked_until",
    "updated_at",
]


@transaction.atomic
def upload_reject(*, upload: Upload, errors: list[dict]) -> Upload:
    """ICEGATE refused the file: kept with its reasons for staff; never retried automatically."""
    upload = Upload.objects.select_for_update().select_related("certificate").get(pk=upload.pk)
    if upload.status in (UploadStatus.ACCEPTED, UploadStatus.REJECTED):
        return upload
    codes = _refused(upload, errors, timezone.now())
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
    upload = Upload.objects.select_for_update().select_related("certificate").get(pk=upload.pk)
    check_office_side(by, upload.office_id)
    if upload.status == UploadStatus.ACCEPTED:
        raise ValidationError({"status": [_("This IC is already uploaded")]})
    if upload.status == UploadStatus.REJECTED:
        certificate = upload.certificate
        if Upload.objects.filter(certificate=certificate).exclude(status="rejected").exists():
            raise ValidationError(
                {"status": [_("A newer upload of this IC is already on its way")]}
            )
        upload = Upload.objects.create(
            certificate=certificate,
            document=certificate.document,
            office_id=certificate.office_id,
            mode=UploadMode.GATEWAY,
            idempotency_key=_next_key(certificate),
        )
    elif upload.mode == UploadMode.MANUAL:
        if upload.batch_id:
            raise ValidationError({"status": [_("This IC is in a manual batch; record its IRN")]})
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
    upload = Upload.objects.select_for_update().select_related("certificate").get(pk=upload.pk)
    check_office_side(by, upload.office_id)
    if upload.status not in (UploadStatus.WAITING, UploadStatus.FAILED_RETRYING):
        raise ValidationError({"status": [_("Only waiting or failing uploads can go manual")]})
    if upload.locked_until and upload.locked_until > timezone.now():
        raise ValidationError(
            {"status": [_("The worker is uploading this IC right now; try later")]}
        )
    upload.mode = UploadMode.MANUAL
    upload.status = UploadStatus.WAITING
    upload.next_attempt_at = None
    upload.save()
    _audit(upload, Verb.UPLOAD_MANUAL, by=by)
    return upload


def health_unreachable(*, office, error: str) -> None:
    """Remember since when ICEGATE has not answered, for the office's banner."""
    now = timezone.now()
    health, _created = GatewayHealth.objects.get_or_create(office=office)
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
