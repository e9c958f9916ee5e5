"""Worker tasks: esanchit pulls signed electronic ICs from documents and uploads them.

- `esanchit.queue` (woken by documents when it signs an electronic IC, and every few seconds):
  documents signed within `RECENT` that have no upload get a waiting one.
- `esanchit.sweep` (at start and hourly): the same over every signed document.
- `esanchit.upload` (woken by the queue, and at every idle tick for retries that come due): due
  uploads, up to 10 per office per request.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from icportal.common import metrics
from icportal.common.worker import claim, release, task

from . import gateway, services
from .mail_tasks import daily_tables  # noqa: F401  (registers esanchit.daily_tables)
from .models import DUE_STATUSES, Upload, UploadMode, UploadStatus

logger = logging.getLogger(__name__)

CLAIM_LIMIT = 50
RECENT = timedelta(minutes=10)


@task("esanchit.queue", every=10, inline=True)
def queue(owner: str) -> int:
    services.uploads_queue(since=timezone.now() - RECENT)  # wakes esanchit.upload
    return 0  # one pass takes every document there is: nothing to run again for


@task("esanchit.sweep", every=3600)
def sweep(owner: str) -> int:
    services.uploads_queue()
    return 0


def due_uploads():
    return Upload.objects.filter(
        Q(status__in=[*DUE_STATUSES, UploadStatus.UPLOADING]),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()),
        mode=UploadMode.GATEWAY,
        certificate__status="issued",  # an IC cancelled or replaced meanwhile is not sent
    )


def _chunks(rows: list, size: int):
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _file(upload: Upload) -> gateway.UploadFile:
    with upload.document.file.open("rb") as handle:
        content = handle.read()
    return gateway.UploadFile(
        filename=upload.document.file_name,
        content=content,
        beneficiary_code=upload.certificate.member.iec,
        document_type_code=upload.certificate.document_type_code,
        idempotency_key=upload.idempotency_key,
    )


def upload_chunk(office, uploads: list[Upload]) -> None:
    """One request to ICEGATE for up to 10 of one office's uploads; every row ends released."""
    services.uploads_start(uploads=uploads)
    try:
        results = gateway.upload(office, [_file(u) for u in uploads])
    except gateway.GatewayUnavailable as exc:
        services.health_unreachable(office=office, error=str(exc))
        for upload in uploads:
            services.upload_fail(upload=upload, error=str(exc))
        return
    except gateway.GatewayRefused as exc:
        services.health_ok(office=office)
        for upload in uploads:
            services.upload_reject(
                upload=upload, errors=[{"code": exc.code or "REFUSED", "message": str(exc)}]
            )
        return
    except Exception as exc:  # a missing file or a bug: keep the row visible and retrying
        logger.exception("e-SANCHIT upload failed for %s", [u.pk for u in uploads])
        for upload in uploads:
            services.upload_fail(upload=upload, error=f"{type(exc).__name__}: {exc}")
        return
    services.health_ok(office=office)
    try:
        services.uploads_answer(uploads=uploads, results=results)
    except Exception:  # e.g. another worker recorded one of these IRNs at the same moment
        logger.warning(
            "Answers for %s not recorded together; one by one",
            [u.pk for u in uploads],
            exc_info=True,
        )
    else:
        return
    for upload, result in zip(uploads, results, strict=True):
        try:
            if result.accepted:
                services.irn_record(upload=upload, irn=result.irn, drn=result.drn)
            else:
                services.upload_reject(upload=upload, errors=result.errors)
        except ValidationError as exc:  # an IRN/DRN already recorded for another IC
            services.upload_reject(
                upload=upload,
                errors=[{"code": "IRN_CONFLICT", "message": f"{result.irn}/{result.drn}: {exc}"}],
            )
        except Exception as exc:  # nothing saved: ask again later, the same key gives the same IRN
            logger.exception("Could not record the answer for upload %s", upload.pk)
            services.upload_fail(upload=upload, error=f"Answer not recorded: {exc}")


@task(services.UPLOAD_TASK, every=0)
def upload_due(owner: str) -> int:
    lease = max(120, int(settings.ICEGATE_TIMEOUT * 3))
    due = due_uploads().select_related("office", "document", "certificate__member")
    rows = claim(due, owner=owner, limit=CLAIM_LIMIT, lease_seconds=lease)
    if not rows:
        return 0
    by_office: dict[int, list[Upload]] = {}
    for row in rows:
        by_office.setdefault(row.office_id, []).append(row)
    for uploads in by_office.values():
        for chunk in _chunks(uploads, gateway.MAX_FILES_PER_UPLOAD):
            upload_chunk(chunk[0].office, chunk)
    for row in Upload.objects.filter(pk__in=[r.pk for r in rows], locked_by=owner):
        release(row)  # anything a service did not finish goes back to the queue
    for outcome in Upload.objects.filter(pk__in=[r.pk for r in rows]).values_list(
        "status", flat=True
    ):
        metrics.UPLOADS.labels(outcome).inc()
    return len(rows)
