"""Reads of complaints, always scoped by the acting user."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from icportal.accounts import scopes
from icportal.accounts.roles import require_head_office, scope_for
from icportal.certificates.selectors import number_from_slug, working_days_between
from icportal.common.counters import may_be_in_a_number
from icportal.members.models import Member

from .diagnosis import issued_numbers
from .models import OFFICE_STATUSES, OPEN_STATUSES, Cause, Complaint

SLA_WORKING_DAYS = 3  # the office answers a complaint within three working days
SORTS = {"oldest": "created_at", "newest": "-created_at"}
OFFICE_MOVE = "office"  # a status filter: open and not waiting for the member (the workbench's)


def complaint_list(*, user, filters: dict | None = None) -> QuerySet[Complaint]:
    filters = filters or {}
    qs = scopes.complaints(Complaint.objects.all(), user).select_related(
        "member", "office", "certificate", "assigned_to"
    )
    if filters.get("status") == OFFICE_MOVE:
        qs = qs.filter(status__in=OFFICE_STATUSES)
    elif filters.get("status"):
        qs = qs.filter(status=filters["status"])
    elif filters.get("open"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.get("assigned") == "me":
        qs = qs.filter(assigned_to=user)
    if filters.get("office"):
        qs = qs.filter(office__code=str(filters["office"]).upper())
    q = (filters.get("q") or "").strip()
    if q:
        # The firm by its own (indexed) name; the numbers only when `q` can be part of one: an OR
        # across the joins read every complaint with its IC and firm (25 ms at a million ICs).
        named = Member.objects.filter(legal_name__icontains=q).order_by().values("pk")
        wanted = Q(member_id__in=named) | Q(boe_no=q) | Q(irn__iexact=q)
        if may_be_in_a_number(q):
            wanted |= (
                Q(reference__icontains=q)
                | Q(ic_number__icontains=q)
                | Q(certificate__number__icontains=q)
            )
        qs = qs.filter(wanted)
    return qs.order_by(SORTS.get(filters.get("sort") or "", "created_at"), "pk")


def complaint_get(*, user, slug: str) -> Complaint:
    complaint = (
        complaint_list(user=user)
        .select_related("filed_by", "resolved_by", "escalated_by", "escalation_email")
        .filter(reference=number_from_slug(slug))
        .first()
    )
    if complaint is None:
        raise Http404("No such complaint")
    return complaint


def notes_for(*, user, complaint: Complaint) -> list:
    notes = complaint.notes.select_related("author")
    if scope_for(user).member_id is not None:
        notes = notes.filter(member_visible=True)
    return list(notes)


def age(complaint: Complaint) -> dict:
    """Working days since filing (until resolution), and whether the SLA is passed."""
    end = complaint.resolved_at or timezone.now()
    days = working_days_between(complaint.created_at, end)
    if days > SLA_WORKING_DAYS:
        state = "overdue"
    elif days == SLA_WORKING_DAYS:
        state = "due"
    else:
        state = "on_time"
    return {"days": days, "state": state}


def prefill(certificate) -> dict:
    """What the system knows for the complaint form; the member changes what was quoted."""
    application = certificate.application
    issued = issued_numbers(certificate)
    return {
        "company_name": certificate.member.legal_name,
        "iec": certificate.member.iec,
        "ic_number": certificate.number,
        "boe_no": application.boe_no,
        "boe_date": application.boe_date,
        "port_code": application.port_code,
        "irn": issued.irn if issued else "",
        "drn": issued.drn if issued else "",
        "uploader_icegate_id": certificate.office.icegate_id,
    }


def cause_report(*, user) -> list[dict]:
    """Head office: resolved complaints per office and cause, plus open ones (one query)."""
    require_head_office(user)
    rows = Complaint.objects.values("office__code", "office__name").annotate(
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        **{c.value: Count("id", filter=Q(cause=c.value)) for c in Cause},
    )
    return sorted(rows, key=lambda r: r["office__name"])
