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


def _issue_item(job: BulkJob, item: BulkJobItem) -> Result:
    application = Application.objects.filter(pk=item.target_id).first()
    if application is None:
        raise ValidationError("The application no longer exists")
    issued = ImportCertificate.objects.filter(application=application).first()
    if issued is not None:
        return _certificate_result(issued, "Already issued before the job reached it")
    certificate = certificate_issue(
        by=job.created_by, application=application, version=item.version
    )
    mode = certificate.get_delivery_mode_display().split(" — ")[0].split(" (")[0]
    return _certificate_result(certificate, f"Issued ({mode})")


def _batch_item(job: BulkJob, item: BulkJobItem) -> Result:
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


def _table_item(job: BulkJob, item: BulkJobItem) -> Result:
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


def _run(job: BulkJob, item: BulkJobItem) -> Result:
    """The domain service's answer; a refusal (or a crash) undoes only this item's writes."""
    try:
        with transaction.atomic():
            return HANDLERS[job.kind](job, item)
    except ValidationError as exc:
        return Result(False, " ".join(exc.messages))
    except PermissionDenied as exc:
        return Result(False, str(exc) or "Not allowed")
    except Exception as exc:  # one broken item must not stop the others
        logger.exception("Bulk job %s: item %s failed", job.pk, item.pk)
        return Result(False, f"Not done: unexpected error ({type(exc).__name__}), see the log")


def _finish(job: BulkJob, now) -> None:
    BulkJob.objects.filter(pk=job.pk, status__in=DUE_JOB_STATUSES).update(
        status=Case(
            When(failed__gt=0, then=Value(JobStatus.DONE_WITH_ERRORS)),
            default=Value(JobStatus.DONE),
        ),
        finished_at=now,
    )


def _advance_one(job: BulkJob, owner: str) -> bool:
    """Finish the job's next waiting item. False when there was none (or the lease was lost)."""
    now = timezone.now()
    with transaction.atomic():
        kept = BulkJob.objects.filter(pk=job.pk, locked_by=owner).update(
            locked_until=now + timedelta(seconds=LEASE_SECONDS)
        )
        if not kept:
            return False  # another worker took over after our lease ran out
        item = (
            BulkJobItem.objects.select_for_update()
            .filter(job_id=job.pk, outcome=ItemOutcome.PENDING)
            .order_by("position")
            .first()
        )
        if item is None:
            _finish(job, now)
            return False
        result = _run(job, item)
        item.outcome = ItemOutcome.OK if result.ok else ItemOutcome.REFUSED
        item.message, item.result_ref, item.link = result.message, result.result_ref, result.link
        item.finished_at = now
        item.save(update_fields=["outcome", "message", "result_ref", "link", "finished_at"])
        counter = "done" if result.ok else "failed"
        BulkJob.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING,
            started_at=Coalesce(F("started_at"), Value(now)),
            **{counter: F(counter) + 1},
        )
        if not BulkJobItem.objects.filter(job_id=job.pk, outcome=ItemOutcome.PENDING).exists():
            _finish(job, now)
    return True


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
            while handled < limit and _advance_one(job, owner):
                handled += 1
        finally:
            release(job)
        if handled == before:
            break  # nothing was waiting in it (now finished): pick up other jobs on the next pass
    return handled
