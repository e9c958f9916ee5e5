"""The office's IC queue: counts per status, filters, search, SLA ageing, CSV/XLSX export, and the
selection that "Approve and issue selected" sends to the workbench's bulk issue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from icportal.accounts.roles import require_staff
from icportal.audit.exports import export_response
from icportal.common.dates import IST
from icportal.common.pagination import CountedPaginator
from icportal.offices.models import Office

from ... import selectors
from ...models import OPEN_STATUSES, AppStatus, Channel, UrgentRequest
from ...search import count_cap

# The tab's words are the status label before its dash, read in each request's language.
_tab_label = lazy(lambda label: str(label).split(" — ")[0], str)
QUEUE_TABS = [("open", _("Open"))] + [
    (status, _tab_label(label)) for status, label in AppStatus.choices
]
SORTS = [
    ("oldest", _("Oldest first")),
    ("newest", _("Newest first")),
    ("value", _("Highest value")),
    ("member", _("Member name")),
]
EXPORT_HEADER = [
    _("Reference"),
    _("Member"),
    "IEC",
    _("Office"),
    _("Channel"),
    _("Status"),
    _("Submitted (IST)"),
    _("Working days since submission"),
    _("Invoice number"),
    _("Bill of Entry number"),
    _("Value (₹)"),
    _("Assigned to"),
    _("IC number"),
]


def _filters(request) -> dict:
    filters = {k: v.strip() for k, v in request.GET.items() if k != "page"}
    tab = filters.get("status") or "open"
    if tab == "open":
        filters.pop("status", None)
        filters["open"] = "1"
    elif tab == "all":
        filters.pop("status", None)
    if filters.get("sort") not in dict(SORTS):
        filters["sort"] = "oldest" if tab in ("open", "submitted", "query") else "newest"
    filters["tab"] = tab
    if tab in ("open", "submitted", "query"):
        filters["urgent_first"] = "1"  # applications the member marked urgent lead the queue
    return filters


# Filters that only choose the tab (and its order): with no other, the tab's count is the list's.
_TAB_ONLY = frozenset({"tab", "status", "open", "sort", "urgent_first"})


def _tab_total(filters: dict, counts: dict[str, int]) -> int | None:
    """How many applications the list shows, when the tab counts already say so; None when
    another filter narrows it (or the tab is unknown) and the paginator must count."""
    if any(value for key, value in filters.items() if key not in _TAB_ONLY):
        return None
    return counts.get(filters["tab"])


# Counts stop here: "10,000+ issued" says as much as 812,345 and costs a hundredth of the reading.
COUNT_CAP = 10_000


def _shown(n: int) -> str:
    return f"{COUNT_CAP:,}+" if n > COUNT_CAP else str(n)


def _export_rows(applications):
    for a in applications.iterator(chunk_size=500):
        certificate = getattr(a, "certificate", None)
        yield [
            a.reference,
            a.member.legal_name,
            a.member.iec,
            a.office.code,
            a.get_channel_display(),
            a.get_status_display(),
            a.submitted_at.astimezone(IST).strftime("%d/%m/%Y %H:%M") if a.submitted_at else "",
            selectors.sla_age(a) if a.status in OPEN_STATUSES else "",
            a.invoice_no,
            a.boe_no,
            a.total_value,
            a.assigned_to.full_name if a.assigned_to else "",
            certificate.number if certificate else "",
        ]


@login_required
def queue(request):
    """The applications the office works on, oldest first, with how long each has waited."""
    scope = require_staff(request.user)
    filters = _filters(request)
    applications = selectors.application_list(user=request.user, filters=filters)
    if filters.get("urgent") == "pending":  # the workbench's "urgent ICs waiting" queue
        applications = applications.filter(urgent_requests__status=UrgentRequest.Status.PENDING)
    if filters.get("export"):
        return export_response(
            filters["export"],
            "ic-applications",
            EXPORT_HEADER,
            _export_rows(applications),
            request=request,
        )
    counts = selectors.queue_counts(user=request.user, cap=COUNT_CAP)
    counts["open"] = sum(counts[s] for s in OPEN_STATUSES)
    counts["all"] = sum(counts[s] for s in AppStatus.values)
    # The tab counts have just counted the list (up to the cap), unless another filter narrows it.
    paginator = CountedPaginator(
        applications,
        25,
        count=_tab_total(filters, counts),
        cap=count_cap(filters.get("q"), COUNT_CAP),
    )
    page = paginator.get_page(request.GET.get("page"))
    selectable = False
    for application in page:
        # The one-working-day promise runs while the application is with the office.
        submitted = application.status == AppStatus.SUBMITTED
        application.sla = selectors.sla_age(application) if submitted else None
        selectable = selectable or submitted
    return render(
        request,
        "certificates/staff/queue.html",
        {
            "page": page,
            "filters": filters,
            "tabs": [
                (key, label, _shown(counts[key])) for key, label in [*QUEUE_TABS, ("all", _("All"))]
            ],
            "channels": Channel.choices,
            "sorts": SORTS,
            "offices": Office.objects.filter(is_active=True) if scope.everything else None,
            "selectable": selectable,
        },
    )
