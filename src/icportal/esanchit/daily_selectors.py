"""Reads of the daily Bill of Entry ↔ IC table (circular point 5), built from accepted uploads and
scoped to the acting user where a person asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from icportal.accounts import scopes
from icportal.accounts.roles import require_staff
from icportal.common.dates import IST
from icportal.members.models import Member

from .models import DailyTable, Upload, UploadStatus


@dataclass(frozen=True)
class TableRow:
    uploaded_at: dt.datetime
    bill_of_entry_no: str  # or "Invoice <number>" while the Bill of Entry is not known
    ic_number: str
    drn: str
    irn: str
    uploader_icegate_id: str


TABLE_HEADER = ("Bill of Entry No.", "IC No.", "DRN", "IRN", "Uploader ICEGATE ID")


def ist_day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time.min, tzinfo=IST)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=IST)


def _accepted_uploads(first: dt.date, last: dt.date) -> QuerySet[Upload]:
    start, end = ist_day_bounds(first, last)
    return Upload.objects.filter(
        status=UploadStatus.ACCEPTED, accepted_at__gte=start, accepted_at__lt=end
    )


def upload_table(*, member, first: dt.date, last: dt.date) -> list[TableRow]:
    """One row per IC of `member` accepted on e-SANCHIT from `first` to `last` (IST days)."""
    uploads = (
        _accepted_uploads(first, last)
        .filter(certificate__member=member)
        .select_related("certificate__application", "certificate__office", "office")
        .order_by("accepted_at", "pk")
    )
    rows = []
    for upload in uploads:
        certificate, application = upload.certificate, upload.certificate.application
        boe = application.boe_no or f"Invoice {application.invoice_no or '—'}"
        uploader = (upload.office or certificate.office).icegate_id
        rows.append(
            TableRow(
                uploaded_at=upload.accepted_at.astimezone(IST),
                bill_of_entry_no=boe,
                ic_number=certificate.number,
                drn=upload.drn,
                irn=upload.irn,
                uploader_icegate_id=uploader,
            )
        )
    return rows


def daily_table_rows(*, member, day: dt.date) -> list[TableRow]:
    return upload_table(member=member, first=day, last=day)


def members_due_daily_table(*, day: dt.date, minimum: int = 2) -> QuerySet[Member]:
    """Members with `minimum` or more ICs accepted on `day` (IST) and no table for it yet."""
    busy = (
        _accepted_uploads(day, day)
        .values("certificate__member")
        .annotate(ics=Count("certificate", distinct=True))
        .filter(ics__gte=minimum)
        .values("certificate__member")
    )
    done = DailyTable.objects.filter(day=day).values("member_id")
    return Member.objects.filter(pk__in=busy).exclude(pk__in=done).order_by("pk")


def daily_table_list(*, user, member=None) -> QuerySet[DailyTable]:
    qs = scopes.member_rows(DailyTable.objects.select_related("member", "email", "sent_by"), user)
    return qs.filter(member=member) if member is not None else qs


def member_for_staff(*, user, iec: str) -> Member | None:
    scope = require_staff(user)
    qs = Member.objects.filter(iec=(iec or "").strip().upper())
    if scope.office_id is not None:
        qs = qs.filter(office_id=scope.office_id)
    return qs.first()
