"""Reads of applications and certificates, always scoped by the acting user."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Upper
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from icportal.accounts import scopes
from icportal.accounts.roles import require_staff, scope_for
from icportal.audit.formatters import describe
from icportal.audit.models import STAFF_ONLY_VERBS, AuditEvent
from icportal.common.counters import may_be_in_a_number
from icportal.common.dates import IST, ist_today
from icportal.members.models import Member

from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationNote,
    AppStatus,
    AssessedBoe,
    CertStatus,
    ImportCertificate,
    Item,
    UrgentRequest,
)
from .search import has_words, list_lookups

APPLICATION_SORTS = {
    "oldest": "submitted_at",
    "newest": "-submitted_at",
    "created": "-created_at",
    "value": "-total_value",
    "member": "member__legal_name",
    "updated": "-updated_at",
    "reference": "reference",
}
CERTIFICATE_SORTS = {
    "newest": "-issued_at",
    "oldest": "issued_at",
    "value": "-value",
    "number": "number",
}


_FY_IN_SLUG = re.compile(r"/(\d{4})/(\d{2})(?=/)")


def number_from_slug(slug: str) -> str:
    """CLE-CHN-APP-2026-27-000001 → CLE/CHN/APP/2026-27/000001 (the year keeps its hyphen)."""
    return _FY_IN_SLUG.sub(r"/\1-\2", slug.replace("-", "/"))


_LISTED_IDS = 2000  # up to this many, matching ids go into the query as a list


def _as_ids(queryset):
    """The ids as a list when there are few (an OR of index lookups), else the subquery."""
    ids = list(queryset[: _LISTED_IDS + 1])
    return ids if len(ids) <= _LISTED_IDS else queryset


def _members_matching(q: str):
    """Firms whose name contains `q` or whose IEC is `q` (a table of a few thousand rows)."""
    found = Member.objects.filter(Q(legal_name__icontains=q) | Q(iec__iexact=q.upper()))
    return _as_ids(found.order_by().values_list("pk", flat=True))


def _applications_matching(q: str, *, boe: bool = False):
    """Applications with invoice number `q` (any case), and with Bill of Entry `q` if asked:
    through the indexes on UPPER(invoice_no) and boe_no."""
    wanted = Q(invoice_upper=q.upper())
    if boe:
        wanted |= Q(boe_no=q)
    found = Application.objects.annotate(invoice_upper=Upper("invoice_no")).filter(wanted)
    return _as_ids(found.order_by().values_list("pk", flat=True))


def _by_ids_in_scope(user, queryset: QuerySet, ids) -> list:
    """The rows with these few ids that the user may see, in the queryset's order.

    For a search's candidates, found through their own exact indexes: read by primary key and
    kept when in scope. With the scope in SQL, SQLite without statistics walks the office's (or
    firm's) whole index — it takes `office_id = ?` for about ten rows — instead of the few ids.
    """
    if not ids:  # nothing to read (and a query with select_related costs its compiling)
        return []
    return [
        row
        for row in queryset.filter(pk__in=list(ids))
        if scopes.in_scope(user, member_id=row.member_id, office_id=row.office_id)
    ]


def applications_by_ids(*, user, ids) -> list[Application]:
    """`application_list` (no filters) restricted to these ids, for a search's few candidates."""
    qs = Application.objects.select_related("member", "office", "epc", "assigned_to", "certificate")
    return _by_ids_in_scope(user, qs.order_by("-created_at", "-pk"), ids)


def certificates_by_ids(*, user, ids) -> list[ImportCertificate]:
    """`certificate_list` (no filters) restricted to these ids, for a search's few candidates."""
    qs = ImportCertificate.objects.select_related(
        "member", "office", "application", "replaces", "replaced_by"
    )
    return _by_ids_in_scope(user, qs.order_by("-issued_at", "-pk"), ids)


def application_list(
    *, user, filters: dict | None = None, counted: bool = False
) -> QuerySet[Application]:
    """The user's applications, filtered; `counted`: the caller counts every row (the API), so
    words found everywhere are read whole (`search.list_lookups`)."""
    filters = filters or {}
    qs = scopes.applications(Application.objects.all(), user).select_related(
        "member", "office", "epc", "assigned_to", "certificate"
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    elif filters.get("open"):
        # Sorted: the same SQL every time, which the partial index for open applications matches.
        qs = qs.filter(status__in=sorted(OPEN_STATUSES))
    if filters.get("office"):
        qs = qs.filter(office__code=filters["office"].upper())
    if filters.get("assigned") == "me":
        qs = qs.filter(assigned_to=user)
    elif filters.get("assigned") == "nobody":
        qs = qs.filter(assigned_to__isnull=True)
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    q = (filters.get("q") or "").strip()
    if q:
        wanted = (
            Q(member_id__in=_members_matching(q))
            | Q(pk__in=_applications_matching(q))
            | Q(boe_no=q)
        )
        if may_be_in_a_number(q):
            wanted |= Q(reference__icontains=q) | Q(certificate__number__icontains=q)
        if has_words(q):  # supplier, item words, HS code (through their word indexes)
            for lookup in list_lookups(q, field="pk", counted=counted):
                wanted |= lookup
        qs = qs.filter(wanted)
    order = APPLICATION_SORTS.get(filters.get("sort") or "", "-created_at")
    if filters.get("urgent_first"):
        # The member's urgent flag first (services/urgency.py), then the chosen order.
        return qs.order_by("-urgent", order, "pk")
    return qs.order_by(order, "pk")


def application_get(*, user, slug: str) -> Application:
    reference = number_from_slug(slug)
    application = (
        scopes.applications(Application.objects.all(), user)
        .select_related(
            "member__office",
            "member__icegate_registration",
            "office",
            "epc__segment_group",
            "assigned_to",
            "created_by",
            "decided_by",
        )
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.select_related("eligible_item")),
            "attachments",
            "queries__asked_by",
            "queries__replied_by",
            "urgent_requests__requested_by",
        )
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise Http404(gettext("No such application"))
    return application


def queue_counts(*, user, cap: int | None = None) -> dict[str, int]:
    """Applications per status for the user's scope.

    Exact (one GROUP BY) without `cap`. With `cap`, one count per status that stops at cap + 1
    rows (a result above `cap` means "more than cap"): issued applications grow by the thousand
    every month and the queue page need not count a million of them to say "10,000+".
    """
    scoped = scopes.applications(Application.objects.all(), user).order_by()
    counts = {status: 0 for status in AppStatus.values}
    if cap is None:
        # COUNT(*), not COUNT(id): an index-only scan of (office, status, …) or (status) suffices.
        rows = scoped.values("status").annotate(n=Count("*"))
        counts.update({row["status"]: row["n"] for row in rows})
        return counts
    for status in counts:
        counts[status] = scoped.filter(status=status).values("pk")[: cap + 1].count()
    return counts


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole working days (Mon–Sat, IST) from submission to now: the council promises one."""
    first, last = start.astimezone(IST).date(), end.astimezone(IST).date()
    # Counted, not walked: an API page of applications years old walked 80,000 days (0.2 s).
    # Any 7 consecutive days hold one Sunday; the remainder is at most 6 days.
    weeks, rest = divmod(max((last - first).days, 0), 7)
    tail = (first + dt.timedelta(days=7 * weeks + n) for n in range(1, rest + 1))
    return 6 * weeks + sum(1 for day in tail if day.weekday() != 6)


def sla_age(application: Application) -> int | None:
    if application.submitted_at is None:
        return None
    return working_days_between(application.submitted_at, timezone.now())


def certificate_list(
    *, user, filters: dict | None = None, counted: bool = False
) -> QuerySet[ImportCertificate]:
    """The user's ICs, filtered; `counted` as for `application_list`."""
    filters = filters or {}
    qs = scopes.certificates(ImportCertificate.objects.all(), user).select_related(
        "member", "office", "application", "replaces", "replaced_by"
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("financial_year"):
        qs = qs.filter(financial_year=filters["financial_year"])
    if filters.get("delivery_mode"):
        qs = qs.filter(delivery_mode=filters["delivery_mode"])
    q = (filters.get("q") or "").strip()
    if q:
        wanted = Q(member_id__in=_members_matching(q)) | Q(
            application_id__in=_applications_matching(q, boe=True)
        )
        if may_be_in_a_number(q):
            wanted |= Q(number__icontains=q)
        if has_words(q):
            for lookup in list_lookups(q, field="application_id", counted=counted):
                wanted |= lookup
        qs = qs.filter(wanted)
    return qs.order_by(CERTIFICATE_SORTS.get(filters.get("sort") or "", "-issued_at"), "-pk")


def certificate_get(*, user, slug: str) -> ImportCertificate:
    number = number_from_slug(slug)
    certificate = (
        certificate_list(user=user)
        .select_related(
            "epc", "account__segment_group", "issued_by", "second_approver", "cancelled_by"
        )
        .prefetch_related(
            Prefetch("application__items", queryset=Item.objects.select_related("eligible_item"))
        )
        .filter(number=number)
        .first()
    )
    if certificate is None:
        raise Http404(gettext("No such certificate"))
    return certificate


def application_timeline(*, user, application: Application) -> list:
    """The application's audit events and its certificate's, newest first (already scoped)."""
    if not scopes.in_scope(user, member_id=application.member_id, office_id=application.office_id):
        raise Http404(gettext("No such application"))
    targets = Q(target_type="certificates.application", target_id=str(application.pk))
    certificate = getattr(application, "certificate", None)
    if certificate is not None:
        targets |= Q(target_type="certificates.importcertificate", target_id=str(certificate.pk))
    events = AuditEvent.objects.select_related("actor").filter(targets)
    if scope_for(user).member_id is not None:  # the office's internal notes stay the office's
        events = events.exclude(verb__in=sorted(STAFF_ONLY_VERBS))
    events = list(events[:100])
    for event in events:
        event.sentence = describe(event)
    return events


def application_notes(*, user, application: Application) -> list[ApplicationNote]:
    """The office's internal notes on the application, oldest first: staff of its office and head
    office only (a member is refused, as for any staff-only read)."""
    require_staff(user)
    if not scopes.in_scope(user, member_id=application.member_id, office_id=application.office_id):
        raise Http404(gettext("No such application"))
    return list(application.notes.select_related("author").order_by("created_at", "pk"))


def boe_reports(*, user, filters: dict | None = None) -> QuerySet[AssessedBoe]:
    qs = scopes.certificate_rows(  # the office is the certificate's, copied (indexed)
        AssessedBoe.objects.select_related(
            "certificate__member", "certificate__office", "reported_by"
        ),
        user,
    )
    if (filters or {}).get("pending"):
        qs = qs.filter(reviewed_at__isnull=True)
    return qs.order_by("-reported_at")


def urgent_pending_times(*, user, office_id: int | None = None) -> list[dt.datetime]:
    """When each urgent request still waiting for a second officer was made, oldest first, in the
    user's scope (head office: of `office_id`, or everywhere).

    Pending requests are few by nature (each waits for a second officer the same day), so they are
    read first — the partial unique index of pending ones — with their application's office and
    scoped here; filtering on the office in SQL lets SQLite start from the office's applications.
    """
    scope = require_staff(user)
    wanted = scope.office_id if scope.office_id is not None else office_id
    rows = UrgentRequest.objects.filter(status=UrgentRequest.Status.PENDING).values_list(
        "application__office_id", "requested_at"
    )
    return sorted(at for office, at in rows if wanted is None or office == wanted)


def boe_overdue(*, user) -> QuerySet[ImportCertificate]:
    """Issued ICs whose assessed Bill of Entry report was due before today, earliest due first.

    Read from the partial index of ICs still owing their report, on the due day stored at issue
    (`boe_due_on`); `boe_reported_at` is set in the reporting transaction.
    """
    return (
        certificate_list(user=user, filters={"status": CertStatus.ISSUED})
        .filter(boe_reported_at__isnull=True, boe_due_on__lt=ist_today())
        .order_by("boe_due_on", "pk")
    )
