"""Reconciliation of assessed Bills of Entry: overdue reports, differences, adjustments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.db.models.functions import Abs
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_staff
from icportal.audit.exports import export_list
from icportal.audit.services import audit_download
from icportal.common.money import format_inr

from ... import selectors, services
from ...forms_staff import BoeReviewForm
from ...services.reconciliation import boe_due_date
from ._common import done

REPORT_COLUMNS = (
    (gettext_lazy("IC number"), "certificate.number"),
    (gettext_lazy("Member"), "certificate.member.legal_name"),
    ("IEC", "certificate.member.iec"),
    (gettext_lazy("BoE number"), "boe_no"),
    (gettext_lazy("BoE date"), "boe_date"),
    (gettext_lazy("Port"), "port_code"),
    (gettext_lazy("IC value (₹)"), "certificate.value"),
    (gettext_lazy("Assessed value (₹)"), "assessed_value"),
    (gettext_lazy("Difference (₹)"), "difference"),
    (gettext_lazy("Reported (IST)"), "reported_at"),
    (gettext_lazy("Reviewed (IST)"), "reviewed_at"),
    (gettext_lazy("Adjustment posted (₹)"), "adjustment.amount"),
)
OVERDUE_COLUMNS = (
    (gettext_lazy("IC number"), "number"),
    (gettext_lazy("Member"), "member.legal_name"),
    ("IEC", "member.iec"),
    (gettext_lazy("Issued (IST)"), "issued_at"),
    (gettext_lazy("IC value (₹)"), "value"),
    (gettext_lazy("BoE number"), "application.boe_no"),
    (gettext_lazy("Report was due"), "due"),
)


OVERDUE_SHOWN = 100  # the page shows the longest overdue (earliest due); the export has them all


def _with_due(certificates):
    for certificate in certificates:
        certificate.due = boe_due_date(certificate)
        yield certificate


# What the page's overdue table shows: a hundred narrow rows instead of every column of the IC and
# five joined tables (the page's Python time halved at a million ICs; the export keeps them all).
OVERDUE_FIELDS = (
    "number", "issued_at", "value", "boe_due_on", "office_id", "member__legal_name",
    "member__iec", "application__boe_no", "application__boe_date",
)  # fmt: skip


def _shown(overdue):
    return (
        overdue.select_related(None).select_related("member", "application").only(*OVERDUE_FIELDS)
    )


@login_required
def boe_list(request):
    """ICs whose assessed Bill of Entry is overdue, and reported ones waiting for review."""
    require_staff(request.user)
    filters = request.GET.dict()
    show_all = filters.get("show") == "all"
    reports = selectors.boe_reports(
        user=request.user, filters=None if show_all else {"pending": 1}
    ).select_related("certificate__application", "reviewed_by", "adjustment")
    overdue = selectors.boe_overdue(user=request.user)
    q = (filters.get("q") or "").strip()
    if q:
        reports = reports.filter(
            Q(certificate__number__icontains=q)
            | Q(certificate__member__legal_name__icontains=q)
            | Q(certificate__member__iec__iexact=q.upper())
            | Q(boe_no=q)
        )
        overdue = overdue.filter(
            Q(number__icontains=q)
            | Q(member__legal_name__icontains=q)
            | Q(member__iec__iexact=q.upper())
        )
    sort = filters.get("sort")
    if sort == "difference":
        reports = reports.annotate(gap=Abs(F("assessed_value") - F("certificate__value"))).order_by(
            "-gap", "pk"
        )
    elif sort == "oldest":
        reports = reports.order_by("reported_at", "pk")
    if "export" in filters:
        if filters.get("list") == "overdue":
            rows = _with_due(overdue.iterator(chunk_size=500))
            return export_list(request, "boe-overdue", OVERDUE_COLUMNS, rows)
        return export_list(request, "boe-reports", REPORT_COLUMNS, reports)
    return render(
        request,
        "certificates/staff/boe_list.html",
        {
            "filters": filters,
            "show_all": show_all,
            "page": Paginator(reports, 25).get_page(request.GET.get("page")),
            "overdue": list(_with_due(_shown(overdue)[:OVERDUE_SHOWN])),
            "overdue_count": overdue.count(),
        },
    )


def _report(request, pk):
    return get_object_or_404(selectors.boe_reports(user=request.user), pk=pk)


@login_required
@require_POST
def boe_review(request, pk):
    require_staff(request.user)
    report = _report(request, pk)
    form = BoeReviewForm(request.POST)
    post_adjustment = form.is_valid() and form.cleaned_data["post_adjustment"]
    done(
        request,
        lambda: services.boe_adjust(
            by=request.user, report=report, post_adjustment=post_adjustment
        ),
        lambda r: (
            gettext(
                "Bill of Entry %(boe)s for IC %(number)s reviewed; adjustment of %(amount)s "
                "posted to the entitlement."
            )
            % {
                "boe": r.boe_no,
                "number": r.certificate.number,
                "amount": format_inr(r.adjustment.amount),
            }
            if r.adjustment
            else gettext("Bill of Entry %(boe)s for IC %(number)s reviewed.")
            % {"boe": r.boe_no, "number": r.certificate.number}
        ),
        failure=gettext("Not reviewed"),
    )
    return redirect("certificates:boe_list")


@login_required
def boe_copy(request, pk):
    """The assessed copy: for the member who reported it and staff of the IC's office."""
    report = _report(request, pk)
    try:
        handle = report.assessed_copy.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(gettext("The assessed copy is missing")) from exc
    certificate = report.certificate
    audit_download(
        request=request,
        target=report,
        what=f"the assessed Bill of Entry copy of IC {certificate.number}",
        name=f"assessed-boe-{report.boe_no}.pdf",
        scope=certificate,
    )
    return FileResponse(
        handle, content_type="application/pdf", filename=f"assessed-boe-{report.boe_no}.pdf"
    )
