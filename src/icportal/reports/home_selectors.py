"""Reads for the member's home page, always for the acting member user's own firm.

Each read is one query whatever the firm's size: rows are limited (one more than shown, to know
whether there are more) and ordered on the (member, …) indexes; nothing is fetched per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from icportal.accounts.roles import scope_for
from icportal.certificates.models import Application, AppStatus, CertStatus, ImportCertificate
from icportal.certificates.models import Query as OfficeQuery
from icportal.certificates.selectors import certificate_list
from icportal.certificates.services.reconciliation import REPORT_WITHIN_DAYS, boe_due_date
from icportal.common.dates import financial_year, ist_today
from icportal.complaints.models import Complaint, Note, Status
from icportal.entitlements.selectors import accounts_for
from icportal.esanchit.models import Upload, UploadStatus
from icportal.members.models import RegistrationStatus

ACTION_ROWS = 10  # per kind of action; "and more" links to the full list
# Assessed Bills of Entry are chased on the home page for ICs of the last 90 days only: older ones
# are the office's reconciliation work, and the window keeps the read small for large firms.
BOE_WINDOW_DAYS = 90
LATEST_ICS = 10
BAR_STEP = 5  # bar widths are CSS classes in steps of 5 % (no inline styles under the CSP)


@dataclass(frozen=True)
class Rows:
    """Up to `limit` rows, and whether more exist."""

    items: list
    more: bool

    @classmethod
    def cut(cls, queryset, limit: int = ACTION_ROWS) -> Rows:
        items = list(queryset[: limit + 1])
        return cls(items=items[:limit], more=len(items) > limit)


@dataclass(frozen=True)
class Bar:
    """One entitlement account as a bar: how much of what was credited is used."""

    account: object
    entitled: Decimal
    used: Decimal
    balance: Decimal
    percent_used: int
    width: int  # percent_used rounded to BAR_STEP, for the CSS class
    low: bool  # less than a tenth of the entitlement left


def _member_id(user) -> int:
    scope = scope_for(user)
    if scope.member_id is None:
        raise PermissionDenied("This page is for member firms")
    return scope.member_id


def open_queries(*, user) -> Rows:
    """Applications waiting for the member's reply, with the office's latest unanswered question."""
    unanswered = OfficeQuery.objects.filter(
        application=OuterRef("pk"), replied_at__isnull=True
    ).order_by("-asked_at", "-pk")
    qs = (
        Application.objects.filter(member_id=_member_id(user), status=AppStatus.QUERY)
        .annotate(
            question=Subquery(unanswered.values("question")[:1]),
            asked_at=Subquery(unanswered.values("asked_at")[:1]),
        )
        .order_by("asked_at", "pk")
    )
    return Rows.cut(qs)


def drafts(*, user) -> Rows:
    qs = Application.objects.filter(member_id=_member_id(user), status=AppStatus.DRAFT)
    return Rows.cut(qs.order_by("-updated_at", "-pk"))


def boe_due(*, user, today: dt.date | None = None) -> Rows:
    """ICs in force, issued in the last BOE_WINDOW_DAYS, without an assessed Bill of Entry
    reported and due within 7 days or overdue — the most recently issued first.

    The due day is the one stored at issue (`boe_due_date`: 7 days after the Bill of Entry date or
    the IST day of issue, whichever is later). The order follows the (member, -issued_at) index, so
    the read stops after the rows shown even for a large firm.
    """
    today = today or ist_today()
    qs = (
        ImportCertificate.objects.filter(
            member_id=_member_id(user),
            issued_at__gte=timezone.now() - dt.timedelta(days=BOE_WINDOW_DAYS),
            status=CertStatus.ISSUED,
            boe_reported_at__isnull=True,  # set by boe_report: no anti-join over the reports
        )
        .filter(boe_due_on__lte=today + dt.timedelta(days=REPORT_WITHIN_DAYS))
        .select_related("application")
    )
    rows = Rows.cut(qs.order_by("-issued_at", "-pk"))
    for certificate in rows.items:
        certificate.boe_due = boe_due_date(certificate)
        certificate.boe_overdue = certificate.boe_due < today
        certificate.boe_days_left = (certificate.boe_due - today).days
    return rows


def icegate_state(*, user) -> str | None:
    """None when the council has verified the firm's ICEGATE ID, else its registration status.

    Reads through `user.member` so the navigation's ICEGATE banner reuses the same two rows.
    """
    _member_id(user)
    registration = getattr(user.member, "icegate_registration", None)
    if registration is None:
        return RegistrationStatus.NOT_REGISTERED
    return None if registration.is_verified else registration.status


def complaints_asking(*, user) -> Rows:
    """Complaints waiting for the member's reply, with the office's latest question."""
    questions = Note.objects.filter(complaint=OuterRef("pk"), asks_reply=True).order_by(
        "-created_at", "-id"
    )
    qs = (
        Complaint.objects.filter(member_id=_member_id(user), status=Status.WITH_MEMBER)
        .annotate(
            question=Subquery(questions.values("text")[:1]),
            asked_at=Subquery(questions.values("created_at")[:1]),
        )
        .order_by("asked_at", "pk")
    )
    return Rows.cut(qs)


def entitlement_bars(*, user, fy: str | None = None) -> list[Bar]:
    """This financial year's entitlement per segment group, as bars (one query)."""
    _member_id(user)
    bars = []
    for account in accounts_for(user=user, financial_year=fy or financial_year()):
        entitled, balance = account.credited, account.balance
        used = entitled - balance
        percent = int(min(max(used / entitled * 100, 0), 100)) if entitled > 0 else 0
        bars.append(
            Bar(
                account=account,
                entitled=entitled,
                used=used,
                balance=balance,
                percent_used=percent,
                width=round(percent / BAR_STEP) * BAR_STEP,
                low=entitled > 0 and balance * 10 < entitled,
            )
        )
    return bars


def with_live_uploads(certificates: list[ImportCertificate]) -> list[ImportCertificate]:
    """Set `live_upload` on each IC (its e-SANCHIT upload that was not refused) in one query."""
    uploads = Upload.objects.filter(certificate_id__in=[c.pk for c in certificates]).exclude(
        status=UploadStatus.REJECTED
    )
    latest = {u.certificate_id: u for u in uploads.order_by("created_at", "id")}
    for certificate in certificates:
        certificate.live_upload = latest.get(certificate.pk)
    return certificates


def latest_certificates(*, user, limit: int = LATEST_ICS) -> list[ImportCertificate]:
    """The firm's newest ICs with their upload (IRN, DRN) — two queries."""
    _member_id(user)
    rows = list(certificate_list(user=user).order_by("-issued_at", "-pk")[:limit])
    return with_live_uploads(rows)


def member_home(*, user) -> dict:
    """Everything on the member's home page."""
    boe = boe_due(user=user)
    actions = {
        "queries": open_queries(user=user),
        "drafts": drafts(user=user),
        "boe": boe,
        "icegate": icegate_state(user=user),
        "complaints": complaints_asking(user=user),
    }
    actions["any"] = bool(
        actions["queries"].items
        or actions["drafts"].items
        or boe.items
        or actions["icegate"]
        or actions["complaints"].items
    )
    return {
        "member": user.member,
        "actions": actions,
        "financial_year": financial_year(),
        "bars": entitlement_bars(user=user),
        "certificates": latest_certificates(user=user),
    }
