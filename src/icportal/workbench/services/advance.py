"""The worker's side of a bulk job: one item at a time, each in its own transaction.

The item's outcome, the job's counters and the domain service's own writes (the IC, its ledger
debit, its audit row …) commit together, so a progress poll sees 1 of 3, then 2 of 3, and a worker
killed mid-job leaves no item half done: the lease runs out, another worker takes the job and
carries on with the first item still waiting. An application found already issued (by a colleague,
or by the same job before a crash that lost only the item's row) is recorded as done, never issued
twice — the issue service would refuse it anyway, as it is no longer `submitted`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from icportal.certificates.models import Application, ImportCertificate
from icportal.certificates.services import certificate_issue
from icportal.common.worker import claim, release
from icportal.esanchit.batches import batch_create
from icportal.esanchit.daily import daily_table_send
from icportal.esanchit.models import DailyTable, UploadMode
from icportal.esanchit.selectors import batch_candidates
from icportal.members.models import Member

from ..models import DUE_JOB_STATUSES, BulkJob, BulkJobItem, ItemOutcome, JobKind, JobStatus

logger = logging.getLogger(__name__)

LEASE_SECONDS = 120  # renewed before every item; one item (issue + signing) takes seconds


@dataclass(frozen=True)
class Result:
    ok: bool
    message: str
    result_ref: str = ""
    link: str = ""


def _certificate_result(certificate: ImportCertificate, message: str) -> Result:
    link = reverse("certificates:certificate", kwargs={"slug": certificate.slug})
    return Result(True, message, certificate.number, link)


def _issued_already(item: BulkJobItem) -> Result | None:
    certificate = ImportCertificate.objects.filter(application_id=item.target_id).first()
    if certificate is None:
        return None
    return _certificate_result(certificate, "Already issued before the job reached it")


def _issue_item(job: BulkJob, item: BulkJobItem, application: Application | None) -> Result:
    if application is None:
        raise ValidationError("The application no longer exists")
    issued = getattr(application, "certificate", None)
    if issued is not None:
        return _certificate_result(issued, "Already issued before the job reached it")
    certificate = certificate_issue(
        by=job.created_by, application=application, version=item.version
    )
    mode = certificate.get_delivery_mode_display().split(" — ")[0].split(" (")[0]
    return _certificate_result(certificate, f"Issued ({mode})")


def _batch_item(job: BulkJob, item: BulkJobItem, _read=None) -> Result:
    wanted = item.payload.get("uploads", [])
    uploads = list(
        batch_candidates(user=job.created_by).filter(pk__in=wanted, mode=UploadMode.MANUAL)
    )
    if not uploads:
        raise ValidationError(
            "None of these ICs waits for a batch any more (already batched or uploaded)"
        )
    batch = batch_create(by=job.created_by, uploads=uploads)
    message = f"Batch {batch.pk} built with {len(uploads)} IC{'s' if len(uploads) > 1 else ''}"
    if len(uploads) < len(wanted):
        message += f"; {len(wanted) - len(uploads)} no longer waiting"
    link = reverse("esanchit:batch", kwargs={"pk": batch.pk})
    return Result(
        True, message + ". Download the ZIP and upload it on ICEGATE.", f"Batch {batch.pk}", link
    )


def _table_item(job: BulkJob, item: BulkJobItem, _read=None) -> Result:
    member = Member.objects.get(pk=item.target_id)
    link = f"{reverse('ic_tables:daily_table')}?iec={member.iec}&day={job.day.isoformat()}"
    shown = f"Table of {job.day:%d/%m/%Y}"
    table = daily_table_send(member=member, day=job.day, by=job.created_by)
    if table is not None:
        message = f"{table.row_count} ICs, queued to {member.gstn_email}"
        return Result(True, message, shown, link)
    if DailyTable.objects.filter(member=member, day=job.day).exists():
        return Result(True, "Already sent for this day", shown, link)
    raise ValidationError("Fewer than two ICs were uploaded that day: no table is needed")


HANDLERS = {
    JobKind.ISSUE: _issue_item,
    JobKind.UPLOAD_BATCH: _batch_item,
    JobKind.DAILY_TABLES: _table_item,
}


def _refusal(job: BulkJob, item: BulkJobItem, exc: BaseException) -> Result:
    """What the item's line says when its service refused (or broke); its writes are undone."""
    if job.kind == JobKind.ISSUE:  # issued by a colleague between this pass's read and the lock
        issued = _issued_already(item)
        if issued is not None:
            return issued
    if isinstance(exc, ValidationError):
        return Result(False, " ".join(exc.messages))
    if isinstance(exc, PermissionDenied):
        return Result(False, str(exc) or "Not allowed")
    logger.error("Bulk job %s: item %s failed", job.pk, item.pk, exc_info=exc)
    return Result(False, f"Not done: unexpected error ({type(exc).__name__}), see the log")


def _finish(job: BulkJob, now) -> None:
    BulkJob.objects.filter(pk=job.pk, status__in=DUE_JOB_STATUSES).update(
        status=Case(
            When(failed__gt=0, then=Value(JobStatus.DONE_WITH_ERRORS)),
            default=Value(JobStatus.DONE),
        ),
        finished_at=now,
    )


def _lease_kept(job: BulkJob, owner: str, now) -> bool:
    """Renew the job's lease once half of it is gone (not before every item: a query per IC).
    While more than half is left nobody else can have taken the job; the renewal checks it is
    still ours, and is the first thing done after a stall longer than half a lease."""
    if job.locked_until and job.locked_until - now > timedelta(seconds=LEASE_SECONDS / 2):
        return True
    until = now + timedelta(seconds=LEASE_SECONDS)
    if not BulkJob.objects.filter(pk=job.pk, locked_by=owner).update(locked_until=until):
        return False  # another worker took over after our lease ran out
    job.locked_until = until
    return True


class _Taken(Exception):
    """The item was finished by another worker meanwhile: undo this one's writes."""


def _record(job: BulkJob, item: BulkJobItem, result: Result, now) -> None:
    """The item's outcome and the job's counters, only if the item is still waiting."""
    recorded = BulkJobItem.objects.filter(pk=item.pk, outcome=ItemOutcome.PENDING).update(
        outcome=ItemOutcome.OK if result.ok else ItemOutcome.REFUSED,
        message=result.message,
        result_ref=result.result_ref,
        link=result.link,
        finished_at=now,
    )
    if not recorded:
        raise _Taken
    counter = "done" if result.ok else "failed"
    BulkJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        started_at=Coalesce(F("started_at"), Value(now)),
        **{counter: F(counter) + 1},
    )
    # Items are taken in position order (1 … total), so after the last one none waits.
    if item.position >= job.total:
        _finish(job, now)


def _advance_one(job: BulkJob, item: BulkJobItem, read, owner: str) -> bool:
    """Finish one waiting item: its service, its outcome and the job's counters in one
    transaction; a refusal undoes the service's writes and is recorded in a second one (no
    savepoint per item). False when the lease was lost (or another worker finished the item)."""
    now = timezone.now()
    if not _lease_kept(job, owner, now):  # its own statement: kept even if the item rolls back
        return False
    try:
        with transaction.atomic():
            _record(job, item, HANDLERS[job.kind](job, item, read), now)
        return True
    except _Taken:
        return False
    except Exception as exc:  # refused (or broken): recorded below, the other items go on
        refused = exc
    try:
        with transaction.atomic():
            _record(job, item, _refusal(job, item, refused), now)
    except _Taken:
        return False
    return True


def _next_items(job: BulkJob, limit: int) -> list[tuple[BulkJobItem, object]]:
    """The job's next waiting items, each with what its handler reads (for an issue job the
    applications, with their certificate if any): two queries for the pass, not two per item."""
    items = list(
        BulkJobItem.objects.filter(job_id=job.pk, outcome=ItemOutcome.PENDING).order_by("position")[
            :limit
        ]
    )
    if job.kind != JobKind.ISSUE or not items:
        return [(item, None) for item in items]
    applications = Application.objects.select_related("certificate").in_bulk(
        [item.target_id for item in items]
    )
    return [(item, applications.get(item.target_id)) for item in items]


def bulk_jobs_advance(*, owner: str, limit: int) -> int:
    """Work through at most `limit` items of waiting jobs, oldest job first. Returns how many."""
    handled = 0
    while handled < limit:
        jobs = claim(
            BulkJob.objects.filter(status__in=DUE_JOB_STATUSES),
            owner=owner,
            limit=1,
            lease_seconds=LEASE_SECONDS,
        )
        if not jobs:
            break
        job = jobs[0]
        before = handled
        try:
            for item, read in _next_items(job, limit - handled):
                if not _advance_one(job, item, read, owner):
                    break
                handled += 1
            else:
                if handled == before:  # nothing waits in it: it is finished
                    _finish(job, timezone.now())
        finally:
            release(job)
        if handled == before:
            break  # nothing was waiting in it (now finished): pick up other jobs on the next pass
    return handled
