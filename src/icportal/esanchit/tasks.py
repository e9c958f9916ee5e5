"""Worker tasks: esanchit pulls signed electronic ICs from documents and uploads them.

- `esanchit.queue` (woken by documents when it signs an electronic IC, and every few seconds):
  documents signed within `RECENT` that have no upload get a waiting one.
- `esanchit.sweep` (at start and hourly): the same over every signed document.
- `esanchit.upload` (woken by the queue, and at every idle tick for retries that come due): due
  uploads, up to 10 per office per request (in a worker, a pass after one that found fewer than
  10 waits GATHER_SECONDS first, for more), each request's answers recorded in one transaction
  (`services.uploads_answer`).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from icportal.common import metrics
from icportal.common.worker import claim, in_worker, release, task

from . import gateway, services
from .mail_tasks import daily_tables  # noqa: F401  (registers esanchit.daily_tables)
from .models import DUE_STATUSES, Upload, UploadMode, UploadStatus

logger = logging.getLogger(__name__)

CLAIM_LIMIT = 50
GATHER_SECONDS = 0.3  # a worker's wait for more uploads before a pass (see upload_due)
_pass = threading.local()  # whether this thread's last pass took a full request's worth
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


def upload_chunk(office, uploads: list[Upload]) -> dict[int, str]:
    """One request to ICEGATE for up to 10 of one office's uploads; every row ends released.
    Returns {upload id: status} of the rows it finished."""
    services.uploads_start(uploads=uploads)
    try:
        results = gateway.upload(office, [_file(u) for u in uploads])
    except gateway.GatewayUnavailable as exc:
        services.health_unreachable(office=office, error=str(exc))
        return {u.pk: services.upload_fail(upload=u, error=str(exc)).status for u in uploads}
    except gateway.GatewayRefused as exc:
        services.health_ok(office=office)
        errors = [{"code": exc.code or "REFUSED", "message": str(exc)}]
        return {u.pk: services.upload_reject(upload=u, errors=errors).status for u in uploads}
    except Exception as exc:  # a missing file or a bug: keep the row visible and retrying
        logger.exception("e-SANCHIT upload failed for %s", [u.pk for u in uploads])
        error = f"{type(exc).__name__}: {exc}"
        return {u.pk: services.upload_fail(upload=u, error=error).status for u in uploads}
    services.health_ok(office=office)
    return answers_record(uploads=uploads, results=results)


def answers_record(*, uploads: list[Upload], results: list) -> dict[int, str]:
    """ICEGATE's answer for these uploads: together in one transaction, or, should that fail
    (an IRN already recorded for another IC: the unique constraint), one by one."""
    try:
        return services.uploads_answer(uploads=uploads, results=results)
    except Exception:
        logger.warning(
            "Answers for %s not recorded together; one by one",
            [u.pk for u in uploads],
            exc_info=True,
        )
    return {u.pk: _answer_one(u, r).status for u, r in zip(uploads, results, strict=True)}


def _answer_one(upload: Upload, result: gateway.UploadResult) -> Upload:
    try:
        if result.accepted:
            return services.irn_record(upload=upload, irn=result.irn, drn=result.drn)
        return services.upload_reject(upload=upload, errors=result.errors)
    except ValidationError as exc:  # an IRN/DRN already recorded for another IC
        return services.upload_reject(
            upload=upload,
            errors=[{"code": "IRN_CONFLICT", "message": f"{result.irn}/{result.drn}: {exc}"}],
        )
    except Exception as exc:  # nothing saved: ask again later, the same key gives the same IRN
        logger.exception("Could not record the answer for upload %s", upload.pk)
        return services.upload_fail(upload=upload, error=f"Answer not recorded: {exc}")


@task(services.UPLOAD_TASK, every=0)
def upload_due(owner: str) -> int:
    lease = max(120, int(settings.ICEGATE_TIMEOUT * 3))
    due = due_uploads().select_related("office", "document", "certificate__member")
    if in_worker() and not getattr(_pass, "full", False):
        # While documents signs a backlog, signed ICs arrive a few at a time: a moment's wait
        # before taking them lets one request (and one transaction recording its answers)
        # carry several. Not while a backlog of uploads is worked through (full passes).
        time.sleep(GATHER_SECONDS)
    rows = claim(due, owner=owner, limit=CLAIM_LIMIT, lease_seconds=lease)
    _pass.full = len(rows) >= gateway.MAX_FILES_PER_UPLOAD
    if not rows:
        return 0
    by_office: dict[int, list[Upload]] = {}
    for row in rows:
        by_office.setdefault(row.office_id, []).append(row)
    finished: dict[int, str] = {}
    for uploads in by_office.values():
        for chunk in _chunks(uploads, gateway.MAX_FILES_PER_UPLOAD):
            finished.update(upload_chunk(chunk[0].office, chunk))
    left = [r.pk for r in rows if r.pk not in finished]  # a service did not finish them
    for row in Upload.objects.filter(pk__in=left, locked_by=owner) if left else []:
        release(row)  # back to the queue
    for outcome in finished.values():
        metrics.UPLOADS.labels(outcome).inc()
    return len(rows)
