"""Starting a bulk job: check what the officer chose, write the job and its items, audit the start.

Nothing is issued, built or sent here: the worker does that item by item (advance.py), so the
officer watches the progress instead of waiting on one long request.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from icportal.accounts.roles import require_staff
from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.certificates.models import AppStatus
from icportal.certificates.selectors import application_list, number_from_slug
from icportal.common.dates import ist_today
from icportal.esanchit.batches import MAX_BATCH
from icportal.esanchit.daily_selectors import members_due_daily_table
from icportal.esanchit.models import UploadMode
from icportal.esanchit.selectors import batch_candidates

from ..models import BulkJob, BulkJobItem, JobKind

MAX_SELECTION = 100  # applications in one bulk issue (four pages of the queue)
MAX_BATCHES = 50  # batches of 10 in one "build upload batches"


def _office_of(scope, office, office_ids: set[int]) -> int | None:
    """Staff: their office. Head office: the office chosen, or the one office every item is of."""
    if scope.office_id is not None:
        return scope.office_id
    if office is not None:
        return office.pk
    return next(iter(office_ids)) if len(office_ids) == 1 else None


def _create(*, by, kind: str, office_id: int | None, items: list[BulkJobItem], day=None):
    job = BulkJob.objects.create(
        kind=kind, office_id=office_id, created_by=by, total=len(items), day=day
    )
    for position, item in enumerate(items, start=1):
        item.job, item.position = job, position
    BulkJobItem.objects.bulk_create(items)
    audit_record(
        actor=by,
        verb=Verb.BULK_JOB_STARTED,
        target=job,
        office=job.office,
        payload={
            "job": job.pk,
            "kind": kind,
            "kind_label": job.get_kind_display(),
            "total": job.total,
            "day": day.isoformat() if day else None,
            "items": [item.target_ref for item in items[:20]],
        },
    )
    return job


@transaction.atomic
def bulk_issue_start(*, by, applications: list[tuple[str, int]]) -> BulkJob:
    """Approve and issue the applications the officer ticked in the IC queue.

    Each application is issued later with the version the officer saw, so one changed since
    (a reply, an edit, a colleague's decision) is refused on its own line and the others go on.
    The whole selection is refused when any of it is outside the officer's office or not waiting
    for a decision; nothing is started then.
    """
    scope = require_staff(by)
    chosen: dict[str, int] = {}
    for slug, version in applications:
        chosen.setdefault(number_from_slug(slug), version)
    if not chosen:
        raise ValidationError({"applications": [_("Choose at least one application to issue")]})
    if len(chosen) > MAX_SELECTION:
        raise ValidationError(
            {
                "applications": [
                    _("Choose at most %(max)s applications at a time") % {"max": MAX_SELECTION}
                ]
            }
        )
    found = {
        a.reference: a
        for a in application_list(user=by).filter(reference__in=list(chosen)).order_by()
    }
    problems = []
    for reference in chosen:
        application = found.get(reference)
        if application is None:
            problems.append(
                _("%(reference)s is not an application of your office") % {"reference": reference}
            )
        elif application.status != AppStatus.SUBMITTED:
            status = application.get_status_display()
            problems.append(
                _("%(reference)s is not waiting for a decision (%(status)s)")
                % {"reference": reference, "status": status}
            )
    if problems:
        raise ValidationError({"applications": problems})
    items = [
        BulkJobItem(target_ref=reference, target_id=found[reference].pk, version=version)
        for reference, version in chosen.items()
    ]
    office_id = _office_of(scope, None, {a.office_id for a in found.values()})
    return _create(by=by, kind=JobKind.ISSUE, office_id=office_id, items=items)


@transaction.atomic
def bulk_batches_start(*, by, office=None) -> BulkJob:
    """Put every IC waiting for a manual upload into batches of 10, one office per batch.

    Head office builds them for the office chosen on the workbench, or for every office.
    """
    scope = require_staff(by)
    office_id = scope.office_id or (office.pk if office else None)
    waiting = list(
        batch_candidates(user=by, office_id=office_id)
        .filter(mode=UploadMode.MANUAL)
        .select_related("office", "certificate")
    )
    if not waiting:
        raise ValidationError({"uploads": [_("No IC is waiting for a manual upload batch")]})
    per_office: dict[int, list] = {}
    for upload in waiting:
        per_office.setdefault(upload.office_id, []).append(upload)
    items = []
    for uploads in per_office.values():
        for start in range(0, len(uploads), MAX_BATCH):
            chunk = uploads[start : start + MAX_BATCH]
            first, count = chunk[0], len(chunk)
            items.append(
                BulkJobItem(
                    target_ref=f"{first.office.code}: {count} IC{'s' if count > 1 else ''} "
                    f"from {first.certificate.number}",
                    target_id=first.office_id,
                    payload={"uploads": [u.pk for u in chunk]},
                )
            )
    if len(items) > MAX_BATCHES:
        raise ValidationError(
            {
                "uploads": [
                    _("More than %(count)s ICs wait: build batches per office")
                    % {"count": MAX_BATCHES * MAX_BATCH}
                ]
            }
        )
    office_id = _office_of(scope, office, set(per_office))
    return _create(by=by, kind=JobKind.UPLOAD_BATCH, office_id=office_id, items=items)


@transaction.atomic
def bulk_tables_start(*, by, day: dt.date, office=None) -> BulkJob:
    """Send the day's Bill of Entry ↔ IC table now to every member of the office that needs one.

    Members with two or more ICs accepted on e-SANCHIT that day and no table yet; the first table goes
    to a member once per day; ICs accepted after it go into that day's supplementary table, which
    the worker sends after IST midnight (esanchit.daily).
    """
    scope = require_staff(by)
    if day > ist_today():
        raise ValidationError({"day": [_("Choose today or an earlier day")]})
    office_id = scope.office_id or (office.pk if office else None)
    members = members_due_daily_table(day=day)
    if office_id:
        members = members.filter(office_id=office_id)
    items = [
        BulkJobItem(target_ref=f"{m.legal_name} ({m.iec})", target_id=m.pk)
        for m in members.only("pk", "legal_name", "iec")
    ]
    if not items:
        raise ValidationError(
            {
                "day": [
                    _("No member has two or more ICs uploaded on %(day)s without a table")
                    % {"day": f"{day:%d/%m/%Y}"}
                ]
            }
        )
    return _create(
        by=by,
        kind=JobKind.DAILY_TABLES,
        office_id=_office_of(scope, office, set()),
        items=items,
        day=day,
    )
