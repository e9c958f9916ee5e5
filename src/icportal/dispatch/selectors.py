"""Reads of the dispatch register, always scoped by the acting user (public copy list aside)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from icportal.accounts import scopes
from icportal.accounts.roles import require_head_office, scope_for
from icportal.certificates.models import CertStatus, DeliveryMode, ImportCertificate
from icportal.certificates.selectors import certificate_list, number_from_slug
from icportal.common.dates import IST, financial_year, financial_year_bounds
from icportal.offices.models import Office

from .models import OPEN_STATUSES, CopyRequest, PhysicalCopy, Status

SORTS = {"oldest": "created_at", "newest": "-created_at", "status": "status"}


def copy_request_list(*, user, filters: dict | None = None) -> QuerySet[CopyRequest]:
    filters = filters or {}
    qs = scopes.copy_requests(CopyRequest.objects.all(), user).select_related(
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
    qs = (
        certificate_list(user=user, filters={"status": CertStatus.ISSUED})
        # Set with the first copy request: the waiting ones are a small partial index, whose
        # condition reads "not electronic" (the two paper modes).
        .filter(copy_requested_at__isnull=True)
        .exclude(delivery_mode=DeliveryMode.ELECTRONIC)
        .order_by("issued_at", "pk")
    )
    if scope_for(user).everything:
        # The partial index leads with the office: naming every office lets SQLite read it.
        qs = qs.filter(office_id__in=Office.objects.values("id"))
    return qs


def physical_ics_waiting_first(*, user, limit: int = 100) -> list[ImportCertificate]:
    """The oldest waiting paper ICs. Their keys are read whole, unordered (the small partial
    index), then sorted here: with ORDER BY … LIMIT the databases cannot tell how few paper ICs
    wait and walk the issue-time index of every IC instead (0.2–0.4 s at 1M ICs)."""
    qs = physical_ics_waiting(user=user)
    keys = sorted(qs.order_by().values_list("issued_at", "pk"))[:limit]
    found = qs.in_bulk([pk for _, pk in keys])
    return [found[pk] for _, pk in keys]


def paper_ics_unentered(*, limit: int = 100) -> list[int]:
    """The worker's read (no user): ids of the oldest paper ICs in force without a register
    entry, from the small partial index `ic_paper_waiting_idx` (every office named, as above)."""
    keys = (
        ImportCertificate.objects.filter(
            status=CertStatus.ISSUED,
            copy_requested_at__isnull=True,
            office_id__in=Office.objects.values("id"),
        )
        .exclude(delivery_mode=DeliveryMode.ELECTRONIC)
        .order_by()
        .values_list("issued_at", "pk")
    )
    return [pk for _, pk in sorted(keys)[:limit]]


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


def office_counts(*, user, fy: str | None = None) -> list[dict]:
    """Head office, for one financial year (this one unless given): per office, urgent physical
    and other paper ICs issued, and copy requests made by stage (open ones whatever their year)."""
    require_head_office(user)
    fy = fy or financial_year()
    first, last = financial_year_bounds(fy)
    start = dt.datetime.combine(first, dt.time(), tzinfo=IST)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=IST)
    ics: dict[int, dict] = {}
    paper = (  # the partial index ic_paper_issued_idx, read alone
        ImportCertificate.objects.exclude(delivery_mode=DeliveryMode.ELECTRONIC)
        .filter(issued_at__gte=start, issued_at__lt=end)
        .values("office_id", "delivery_mode")
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in paper:
        ics.setdefault(row["office_id"], {})[row["delivery_mode"]] = row["n"]
    requests: dict[int, dict] = {}
    made = (
        CopyRequest.objects.filter(
            Q(created_at__gte=start, created_at__lt=end) | Q(status__in=OPEN_STATUSES)
        )
        .values("office_id", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in made:
        counts = requests.setdefault(row["office_id"], {"open": 0})
        counts[row["status"]] = row["n"]
        if row["status"] in OPEN_STATUSES:
            counts["open"] += row["n"]
    rows = []
    for office in Office.objects.order_by("name"):
        ic, req = ics.get(office.pk, {}), requests.get(office.pk, {})
        rows.append(
            {
                "office": office,
                "urgent_physical": ic.get(DeliveryMode.URGENT_PHYSICAL, 0),
                "physical_copy_ics": ic.get(DeliveryMode.PHYSICAL_COPY, 0),
                "open": req.get("open", 0),
                "dispatched": req.get(Status.DISPATCHED, 0),
                "acknowledged": req.get(Status.ACKNOWLEDGED, 0),
                "declined": req.get(Status.DECLINED, 0),
            }
        )
    return rows
