"""Reads of the daily Bill of Entry ↔ IC table (circular point 5), built from accepted uploads and
scoped to the acting user where a person asks.

An IC's line says whether it is still in force: a cancelled or replaced IC is never shown as valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from icportal.accounts import scopes
from icportal.accounts.roles import require_staff
from icportal.certificates.models import CertStatus
from icportal.common.dates import IST
from icportal.members.models import Member

from .models import (
    DailyCorrection,
    DailyTable,
    DailyTableLine,
    LineState,
    Upload,
    UploadStatus,
)


@dataclass(frozen=True)
class TableRow:
    uploaded_at: dt.datetime
    bill_of_entry_no: str  # or "Invoice <number>" while the Bill of Entry is not known
    ic_number: str
    drn: str
    irn: str
    uploader_icegate_id: str
    state: str = LineState.IN_FORCE
    replaced_by_number: str = ""
    certificate_id: int | None = None

    @property
    def in_force(self) -> bool:
        return self.state == LineState.IN_FORCE

    @property
    def status_label(self) -> str:
        if self.state == LineState.REPLACED:
            return f"replaced by {self.replaced_by_number}".strip()
        return "cancelled" if self.state == LineState.CANCELLED else "in force"

    @property
    def status_text(self):
        """`status_label` in the reader's language, read when shown (pages, mails); the CSV, XLSX
        and PDF files keep `status_label`'s English."""
        if self.state == LineState.REPLACED:
            if not self.replaced_by_number:
                return _("replaced by")
            return format_lazy(_("replaced by {number}"), number=self.replaced_by_number)
        return _("cancelled") if self.state == LineState.CANCELLED else _("in force")


TABLE_HEADER = ("Bill of Entry No.", "IC No.", "DRN", "IRN", "Uploader ICEGATE ID")


def ist_day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time.min, tzinfo=IST)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=IST)


def _accepted_uploads(first: dt.date, last: dt.date) -> QuerySet[Upload]:
    start, end = ist_day_bounds(first, last)
    return Upload.objects.filter(
        status=UploadStatus.ACCEPTED, accepted_at__gte=start, accepted_at__lt=end
    )


def certificate_state(certificate) -> tuple[str, str]:
    """(line state, replacing IC's number) of an IC as it stands now."""
    if certificate.status == CertStatus.CANCELLED:
        return LineState.CANCELLED, ""
    if certificate.status == CertStatus.SUPERSEDED:
        replacement = getattr(certificate, "replaced_by", None)
        return LineState.REPLACED, replacement.number if replacement else ""
    return LineState.IN_FORCE, ""


def upload_table(*, member, first: dt.date, last: dt.date) -> list[TableRow]:
    """One row per IC of `member` accepted on e-SANCHIT from `first` to `last` (IST days), each
    with its state now."""
    uploads = (
        _accepted_uploads(first, last)
        .filter(certificate__member=member)
        .select_related(
            "certificate__application",
            "certificate__office",
            "certificate__replaced_by",
            "office",
        )
        .order_by("accepted_at", "pk")
    )
    rows = []
    for upload in uploads:
        certificate, application = upload.certificate, upload.certificate.application
        boe = application.boe_no or f"Invoice {application.invoice_no or '—'}"
        uploader = (upload.office or certificate.office).icegate_id
        state, replaced_by = certificate_state(certificate)
        rows.append(
            TableRow(
                uploaded_at=upload.accepted_at.astimezone(IST),
                bill_of_entry_no=boe,
                ic_number=certificate.number,
                drn=upload.drn,
                irn=upload.irn,
                uploader_icegate_id=uploader,
                state=state,
                replaced_by_number=replaced_by,
                certificate_id=certificate.pk,
            )
        )
    return rows


def _day_lines(*, member, day: dt.date) -> QuerySet[DailyTableLine]:
    return DailyTableLine.objects.filter(table__member=member, table__day=day)


def daily_table_rows(*, member, day: dt.date) -> list[TableRow]:
    """The day's table as it stands now: the ICs in force, and struck through those the member
    already got as valid in an earlier version of this day's table (never dropped silently)."""
    received = set(
        _day_lines(member=member, day=day)
        .filter(state=LineState.IN_FORCE)
        .values_list("certificate_id", flat=True)
    )
    rows = upload_table(member=member, first=day, last=day)
    return [r for r in rows if r.in_force or r.certificate_id in received]


def supplementary_rows(*, member, day: dt.date) -> list[TableRow]:
    """ICs in force accepted on `day` that no version of the day's table has shown yet."""
    shown = set(_day_lines(member=member, day=day).values_list("certificate_id", flat=True))
    rows = upload_table(member=member, first=day, last=day)
    return [r for r in rows if r.in_force and r.certificate_id not in shown]


def version_rows(table: DailyTable) -> list[TableRow]:
    """A version exactly as it was mailed (its snapshot)."""
    return [
        TableRow(
            uploaded_at=line.uploaded_at.astimezone(IST),
            bill_of_entry_no=line.bill_of_entry_no,
            ic_number=line.ic_number,
            drn=line.drn,
            irn=line.irn,
            uploader_icegate_id=line.uploader_icegate_id,
            state=line.state,
            replaced_by_number=line.replaced_by_number,
            certificate_id=line.certificate_id,
        )
        for line in table.lines.order_by("position")
    ]


def members_due_daily_table(*, day: dt.date, minimum: int = 2) -> QuerySet[Member]:
    """Members with `minimum` or more ICs in force accepted on `day` (IST) and no table for it."""
    busy = (
        _accepted_uploads(day, day)
        .filter(certificate__status=CertStatus.ISSUED)
        .values("certificate__member")
        .annotate(ics=Count("certificate", distinct=True))
        .filter(ics__gte=minimum)
        .values("certificate__member")
    )
    done = DailyTable.objects.filter(day=day).values("member_id")
    return Member.objects.filter(pk__in=busy).exclude(pk__in=done).order_by("pk")


def members_due_supplementary(*, day: dt.date) -> QuerySet[Member]:
    """Members whose table of `day` went, with an IC in force accepted that day in no version,
    and no supplementary table yet."""
    tabled = DailyTable.objects.filter(day=day).values("member_id")
    shown = DailyTableLine.objects.filter(table__day=day).values("certificate_id")
    late = (
        _accepted_uploads(day, day)
        .filter(certificate__status=CertStatus.ISSUED, certificate__member__in=tabled)
        .exclude(certificate__in=shown)
        .values("certificate__member")
    )
    done = DailyTable.objects.filter(day=day, kind=DailyTable.Kind.SUPPLEMENTARY)
    return (
        Member.objects.filter(pk__in=late).exclude(pk__in=done.values("member_id")).order_by("pk")
    )


def pending_tables() -> QuerySet[DailyTable]:
    return DailyTable.objects.filter(status=DailyTable.Status.PENDING).order_by("created_at", "pk")


def lines_owing_correction() -> QuerySet[DailyTableLine]:
    """Lines that showed an IC in force in a mailed table, the IC since cancelled or replaced, and
    no correction yet: newest table first, so the first line per IC is the last one it was in."""
    return (
        DailyTableLine.objects.filter(
            state=LineState.IN_FORCE,
            table__status=DailyTable.Status.QUEUED,
            certificate__status__in=(CertStatus.CANCELLED, CertStatus.SUPERSEDED),
        )
        .exclude(certificate__in=DailyCorrection.objects.values("certificate_id"))
        .select_related("certificate__replaced_by", "table__member")
        .order_by("certificate_id", "-table__created_at", "-pk")
    )


def pending_corrections() -> QuerySet[DailyCorrection]:
    return (
        DailyCorrection.objects.filter(status=DailyCorrection.Status.PENDING)
        .select_related("certificate", "replacement", "line__table", "member")
        .order_by("created_at", "pk")
    )


def accepted_upload_of(certificate) -> Upload | None:
    if certificate is None:
        return None
    return Upload.objects.filter(certificate=certificate, status=UploadStatus.ACCEPTED).first()


def daily_table_list(*, user, member=None) -> QuerySet[DailyTable]:
    qs = scopes.member_rows(DailyTable.objects.select_related("member", "email", "sent_by"), user)
    return qs.filter(member=member) if member is not None else qs


def daily_table_get(*, user, pk: int) -> DailyTable | None:
    return daily_table_list(user=user).filter(pk=pk).first()


def correction_list(*, user, member=None) -> QuerySet[DailyCorrection]:
    qs = scopes.member_rows(
        DailyCorrection.objects.select_related(
            "member", "email", "certificate", "replacement", "line__table"
        ),
        user,
    )
    return qs.filter(member=member) if member is not None else qs


def member_for_staff(*, user, iec: str) -> Member | None:
    scope = require_staff(user)
    qs = Member.objects.filter(iec=(iec or "").strip().upper())
    if scope.office_id is not None:
        qs = qs.filter(office_id=scope.office_id)
    return qs.first()
