"""Reads for the workbench: every queue an office works, counted with its oldest item; bulk jobs.

Each queue is read through its own app's scoped selector and answered by one aggregate query
(count and oldest date), so the page costs the same number of queries for 3 items or 30,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, Min, OuterRef, QuerySet, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icportal.accounts import scopes
from icportal.accounts.roles import require_staff
from icportal.certificates import selectors as certificates
from icportal.certificates.models import AppStatus, CertStatus
from icportal.common.dates import IST
from icportal.complaints import selectors as complaints
from icportal.customs import selectors as customs
from icportal.dispatch import selectors as dispatch
from icportal.entitlements import selectors as entitlements
from icportal.entitlements.models import EpcStatus
from icportal.esanchit import selectors as esanchit
from icportal.esanchit.models import Upload, UploadMode, UploadStatus
from icportal.offices.models import Office

from .models import DUE_JOB_STATUSES, BulkJob

RECENT_JOBS = 10


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    what: str  # what the age is counted from ("submitted {day}"), for the card's small print
    target_days: int  # working days the office aims to clear an item in (the ageing colour)
    url_name: str
    params: dict
    office_param: bool  # the target page filters by ?office=
    read: Callable  # (user, office_id) -> (count, oldest datetime or date)


@dataclass(frozen=True)
class QueueCard:
    queue: Queue
    count: int
    oldest: dt.datetime | dt.date | None
    age: int | None  # working days since the oldest item (or since it fell due)
    url: str

    @property
    def since(self) -> str:
        """ "submitted 12/05/2026": what the age counts from, in IST."""
        if self.oldest is None:
            return ""
        day = self.oldest.astimezone(IST) if isinstance(self.oldest, dt.datetime) else self.oldest
        return str(self.queue.what).format(day=f"{day:%d/%m/%Y}")


def _in_office(qs: QuerySet, office_id: int | None, field: str = "office_id") -> QuerySet:
    return qs.filter(**{field: office_id}) if office_id else qs


def _count_oldest(qs: QuerySet, field: str) -> tuple[int, object]:
    row = qs.order_by().aggregate(n=Count("*"), oldest=Min(field))
    return row["n"], row["oldest"]


def _applications(user, office_id):
    qs = certificates.application_list(user=user, filters={"status": AppStatus.SUBMITTED})
    return _count_oldest(_in_office(qs, office_id), "submitted_at")


def _urgent(user, office_id):
    times = certificates.urgent_pending_times(user=user, office_id=office_id)
    return len(times), times[0] if times else None


def _epcs(user, office_id):
    qs = entitlements.epc_list(user=user, filters={"status": EpcStatus.SUBMITTED})
    return _count_oldest(_in_office(qs, office_id), "created_at")


def _uploads(status):
    def read(user, office_id):
        qs = esanchit.upload_list(user=user, filters={"status": status})
        return _count_oldest(_in_office(qs, office_id), "created_at")

    return read


def _rejected(user, office_id):
    """ICs in force whose upload ICEGATE rejected and nobody has retried yet."""
    live = Upload.objects.filter(certificate=OuterRef("certificate")).exclude(
        status=UploadStatus.REJECTED
    )
    qs = _in_office(
        esanchit.upload_list(user=user, filters={"status": UploadStatus.REJECTED}), office_id
    ).filter(~Exists(live), certificate__status=CertStatus.ISSUED)
    row = qs.order_by().aggregate(n=Count("certificate", distinct=True), oldest=Min("created_at"))
    return row["n"], row["oldest"]


def _manual_waiting(user, office_id):
    qs = esanchit.batch_candidates(user=user, office_id=office_id).filter(mode=UploadMode.MANUAL)
    return _count_oldest(qs, "created_at")


def _batches_open(user, office_id):
    qs = esanchit.batch_list(user=user).filter(completed_at__isnull=True)
    return _count_oldest(_in_office(qs, office_id), "created_at")


def _boe_to_review(user, office_id):
    qs = certificates.boe_reports(user=user, filters={"pending": 1})
    return _count_oldest(_in_office(qs, office_id, "certificate__office_id"), "reported_at")


def _boe_overdue(user, office_id):
    """Returns the earliest due day (stored on the IC at issue)."""
    qs = _in_office(certificates.boe_overdue(user=user), office_id)
    return _count_oldest(qs, "boe_due_on")


def _copies(user, office_id):
    qs = dispatch.copy_request_list(user=user, filters={"open": 1})
    return _count_oldest(_in_office(qs, office_id), "created_at")


def _paper_ics(user, office_id):
    return _count_oldest(
        _in_office(dispatch.physical_ics_waiting(user=user), office_id), "issued_at"
    )


def _complaints(user, office_id):
    qs = complaints.complaint_list(user=user, filters={"status": complaints.OFFICE_MOVE})
    return _count_oldest(_in_office(qs, office_id), "created_at")


def _customs_notices(user, office_id):
    """Notices to customs the office must send by hand (or whose letter is failing)."""
    qs = customs.notice_list(user=user, filters={"status": "open"}).exclude(status="waiting")
    return _count_oldest(_in_office(qs, office_id), "created_at")


# Oldest first everywhere. The IC's one working day is the council's promise and complaints' three
# are the complaints SLA; the other targets are the office's own and can be changed here.
QUEUES = [
    Queue("applications", _("IC applications to decide"), _("submitted {day}"), 1, "certificates:queue",
          {"status": AppStatus.SUBMITTED, "sort": "oldest"}, True, _applications),
    Queue("urgent", _("Urgent ICs waiting for a second officer"), _("requested {day}"), 1,
          "certificates:queue", {"status": AppStatus.SUBMITTED, "urgent": "pending", "sort": "oldest"},
          True, _urgent),
    Queue("epcs", _("EPCs to approve"), _("applied {day}"), 3, "entitlements:epc_queue",
          {"status": EpcStatus.SUBMITTED, "sort": "oldest"}, False, _epcs),
    Queue("uploads_failing", _("e-SANCHIT uploads failing"), _("queued {day}"), 1, "esanchit:uploads",
          {"status": UploadStatus.FAILED_RETRYING, "sort": "oldest"}, True,
          _uploads(UploadStatus.FAILED_RETRYING)),
    Queue("uploads_rejected", _("ICs rejected by e-SANCHIT"), _("queued {day}"), 1, "esanchit:uploads",
          {"status": UploadStatus.REJECTED, "sort": "oldest"}, True, _rejected),
    Queue("manual_waiting", _("ICs waiting for a manual upload batch"), _("signed {day}"), 1,
          "esanchit:batches", {}, False, _manual_waiting),
    Queue("batches_open", _("Upload batches with IRNs to record"), _("built {day}"), 1, "esanchit:batches",
          {}, False, _batches_open),
    Queue("boe_review", _("Bills of Entry to review"), _("reported {day}"), 2, "certificates:boe_list",
          {"sort": "oldest"}, False, _boe_to_review),
    Queue("boe_overdue", _("Bills of Entry overdue from members"), _("due {day}"), 0,
          "certificates:boe_list", {}, False, _boe_overdue),
    Queue("copies", _("Physical copy requests open"), _("requested {day}"), 2, "dispatch:index",
          {"sort": "oldest"}, True, _copies),
    Queue("paper_ics", _("Paper ICs to enter in the dispatch register"), _("issued {day}"), 1,
          "dispatch:index", {}, False, _paper_ics),
    Queue("complaints", _("DRN/IRN complaints open"), _("filed {day}"), complaints.SLA_WORKING_DAYS,
          "complaints:index", {"status": complaints.OFFICE_MOVE, "sort": "oldest"}, True,
          _complaints),
    Queue("customs_notices", _("Notices to customs to send by hand"), _("written {day}"), 1,
          "customs:notices", {"status": "open"}, False, _customs_notices),
]  # fmt: skip


def _age(oldest) -> int | None:
    if oldest is None:
        return None
    if isinstance(oldest, dt.datetime):
        return certificates.working_days_between(oldest, timezone.now())
    start = dt.datetime.combine(oldest, dt.time(12), IST)
    return certificates.working_days_between(start, timezone.now())


def _url(queue: Queue, office: Office | None) -> str:
    params = dict(queue.params)
    if office is not None and queue.office_param:
        params["office"] = office.code
    query = f"?{urlencode(params)}" if params else ""
    return reverse(queue.url_name) + query


def queue_cards(*, user, office: Office | None = None) -> list[QueueCard]:
    """One card per queue of the user's scope (head office: of `office`, or of every office)."""
    scope = require_staff(user)
    office_id = office.pk if office is not None and scope.everything else None
    cards = []
    for queue in QUEUES:
        count, oldest = queue.read(user, office_id)
        oldest = oldest if count else None
        cards.append(QueueCard(queue, count, oldest, _age(oldest), _url(queue, office)))
    return cards


def office_for_filter(*, user, code: str | None) -> Office | None:
    """Head office's office filter; staff always work their own office (no filter)."""
    if not code or not require_staff(user).everything:
        return None
    return Office.objects.filter(code=code.strip().upper()).first()


def job_list(*, user, office: Office | None = None) -> QuerySet[BulkJob]:
    qs = scopes.office_rows(BulkJob.objects.select_related("office", "created_by"), user)
    # Head office may narrow to one office; staff always see their own (no filter to apply).
    if office is not None and require_staff(user).everything:
        return qs.filter(office=office)
    return qs


def jobs_recent(*, user, office: Office | None = None) -> QuerySet[BulkJob]:
    """Queued and running jobs first, then the latest finished ones."""
    waiting_first = Case(When(status__in=DUE_JOB_STATUSES, then=0), default=1)
    jobs = job_list(user=user, office=office).order_by(waiting_first, "-created_at", "-id")
    return jobs[:RECENT_JOBS]


def job_get(*, user, pk: int) -> BulkJob:
    job = job_list(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404("No such job")
    return job
