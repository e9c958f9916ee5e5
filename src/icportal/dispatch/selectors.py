"""Reads of the dispatch register, always scoped by the acting user (public copy list aside)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from icportal.accounts.roles import require_head_office, scope_for
from icportal.certificates.models import CertStatus, DeliveryMode, ImportCertificate
from icportal.certificates.selectors import certificate_list, number_from_slug

from .models import OPEN_STATUSES, CopyRequest, PhysicalCopy, Status

SORTS = {"oldest": "created_at", "newest": "-created_at", "status": "status"}


def _scoped(qs, user):
    scope = scope_for(user)
    if scope.member_id is not None:
        return qs.filter(member_id=scope.member_id)
    if scope.office_id is not None:
        return qs.filter(office_id=scope.office_id)
    return qs


def copy_request_list(*, user, filters: dict | None = None) -> QuerySet[CopyRequest]:
    filters = filters or {}
    qs = _scoped(CopyRequest.objects.all(), user).select_related(
        "certificate", "member", "office", "requested_by", "copy"
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    elif filters.get("open"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("office"):
        qs = qs.filter(office__code=str(filters["office"]).upper())
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(certificate__number__icontains=q)
            | Q(member__legal_name__icontains=q)
            | Q(docket_no__iexact=q)
        )
    return qs.order_by(SORTS.get(filters.get("sort") or "", "-created_at"), "-pk")


def copy_request_get(*, user, slug: str) -> CopyRequest:
    request = (
        copy_request_list(user=user)
        .select_related("decided_by", "dispatched_by", "acknowledged_by", "copy__printed_by")
        .filter(reference=number_from_slug(slug))
        .first()
    )
    if request is None:
        raise Http404("No such request")
    return request


def requests_for_certificate(*, user, certificate: ImportCertificate) -> list[CopyRequest]:
    return list(copy_request_list(user=user).filter(certificate=certificate))


def physical_ics_waiting(*, user) -> QuerySet[ImportCertificate]:
    """Paper ICs (courier/SEZ/EPZ/bonded, urgent) in force that have not entered the register."""
    return (
        certificate_list(user=user, filters={"status": CertStatus.ISSUED})
        # Set with the first copy request: the waiting ones are a small partial index, whose
        # condition reads "not electronic" (the two paper modes).
        .filter(copy_requested_at__isnull=True)
        .exclude(delivery_mode=DeliveryMode.ELECTRONIC)
        .order_by("issued_at", "pk")
    )


def copies_for_verification(certificate) -> list[dict]:
    """Public: every numbered copy printed for this IC (the verification page shows them)."""
    rows = (
        PhysicalCopy.objects.filter(certificate=certificate)
        .select_related("request")
        .order_by("copy_number")
    )
    return [
        {
            "number": row.copy_number,
            "issued_on": row.printed_at,
            "status": row.request.get_status_display(),
            "kind": row.request.get_kind_display(),
        }
        for row in rows
    ]


def office_counts(*, user) -> list[dict]:
    """Head office: per office, urgent physical ICs issued, paper ICs, and copies by stage."""
    require_head_office(user)
    from icportal.offices.models import Office

    ics = {
        row["office_id"]: row
        for row in ImportCertificate.objects.values("office_id").annotate(
            urgent=Count("id", filter=Q(delivery_mode=DeliveryMode.URGENT_PHYSICAL)),
            physical=Count("id", filter=Q(delivery_mode=DeliveryMode.PHYSICAL_COPY)),
        )
    }
    requests = {
        row["office_id"]: row
        for row in CopyRequest.objects.values("office_id").annotate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            dispatched=Count("id", filter=Q(status=Status.DISPATCHED)),
            acknowledged=Count("id", filter=Q(status=Status.ACKNOWLEDGED)),
            declined=Count("id", filter=Q(status=Status.DECLINED)),
        )
    }
    rows = []
    for office in Office.objects.order_by("name"):
        ic, req = ics.get(office.pk, {}), requests.get(office.pk, {})
        rows.append(
            {
                "office": office,
                "urgent_physical": ic.get("urgent", 0),
                "physical_copy_ics": ic.get("physical", 0),
                "open": req.get("open", 0),
                "dispatched": req.get("dispatched", 0),
                "acknowledged": req.get("acknowledged", 0),
                "declined": req.get("declined", 0),
            }
        )
    return rows
