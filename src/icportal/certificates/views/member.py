"""The member's IC pages: lists, starting an application, detail, certificate, assessed BoE.

Editing a draft (header, item lines, documents, check and submit, reply) is in `member_edit`.
Staff open the detail pages too; their action panels are included from `certificates/staff/`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icportal.accounts.roles import scope_for
from icportal.audit.exports import export_list
from icportal.audit.services import audit_download
from icportal.common.countries import country_name
from icportal.common.dates import financial_year
from icportal.common.pagination import CountedPaginator
from icportal.entitlements.models import EpcStatus
from icportal.entitlements.selectors import epc_list
from icportal.web.forms import apply_errors

from .. import selectors, services
from ..affidavits import items_with_affidavits
from ..forms_member import ApplyForm, BoeReportForm, UrgentFlagForm
from ..models import AppStatus, AttachmentKind, CertStatus, DeliveryMode
from ..search import count_cap
from ..services.common import in_english
from ..services.reconciliation import boe_due_date
from ..services.scrutiny import NOTE_MAX_LENGTH
from ..services.urgency import URGENT_STATUSES
from .member_edit import (
    application_check,
    application_edit,
    application_reply,
    application_totals,
    attachment_add,
    items_upload,
    open_query,
)

__all__ = [
    "application",
    "application_check",
    "application_clone",
    "application_edit",
    "application_reply",
    "application_totals",
    "application_urgent",
    "application_withdraw",
    "apply",
    "attachment_add",
    "attachment_download",
    "boe_report",
    "certificate",
    "items_upload",
    "mine",
]

APPLICATION_COLUMNS = (
    (gettext_lazy("Reference"), "reference"),
    (gettext_lazy("Status"), lambda a: a.get_status_display()),
    (gettext_lazy("Invoice number"), "invoice_no"),
    (gettext_lazy("Invoice date"), "invoice_date"),
    (gettext_lazy("Overseas supplier"), "supplier_name"),
    (gettext_lazy("Total (₹)"), "total_value"),
    (gettext_lazy("Last updated (IST)"), "updated_at"),
    (gettext_lazy("IC number"), "certificate.number"),
)
CERTIFICATE_COLUMNS = (
    (gettext_lazy("IC number"), "number"),
    (gettext_lazy("Application"), "application.reference"),
    (gettext_lazy("Invoice number"), "application.invoice_no"),
    (gettext_lazy("Bill of Entry number"), "application.boe_no"),
    (gettext_lazy("Status"), lambda ic: ic.get_status_display()),
    (gettext_lazy("Value (₹)"), "value"),
    (gettext_lazy("Balance after (₹)"), "balance_after"),
    (gettext_lazy("Delivery"), lambda ic: ic.get_delivery_mode_display()),
    (gettext_lazy("Issued (IST)"), "issued_at"),
    (gettext_lazy("Replaces"), "replaces.number"),
    (gettext_lazy("Replaced by"), "replaced_by.number"),
)


def member_of(user):
    """The member firm of a member user; these pages are for member firms."""
    if scope_for(user).member_id is None:
        raise PermissionDenied(_("This page is for member firms"))
    return user.member


@login_required
def mine(request):
    """Applications (default tab) or certificates, each with search, filters, sort and export."""
    member_of(request.user)
    filters = request.GET.dict()
    tab = "certificates" if filters.get("tab") == "certificates" else "applications"
    if tab == "certificates":
        rows = selectors.certificate_list(user=request.user, filters=filters)
        stem, columns = "import-certificates", CERTIFICATE_COLUMNS
    else:
        rows = selectors.application_list(user=request.user, filters=filters)
        stem, columns = "ic-applications", APPLICATION_COLUMNS
    if "export" in filters:
        return export_list(request, stem, columns, rows)
    return render(
        request,
        "certificates/member/mine.html",
        {
            "tab": tab,
            "filters": filters,
            "page": CountedPaginator(rows, 25, cap=count_cap(filters.get("q"))).get_page(
                request.GET.get("page")
            ),
            "statuses": AppStatus.choices,
            "cert_statuses": CertStatus.choices,
            "delivery_modes": DeliveryMode.choices,
        },
    )


@login_required
def apply(request):
    """Start an application: choose the EPC (approved, this financial year); then edit the draft."""
    member = member_of(request.user)
    fy = financial_year()
    epcs = epc_list(user=request.user, filters={"status": EpcStatus.APPROVED, "financial_year": fy})
    form = ApplyForm(request.POST or None, epcs=epcs)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                by=request.user, member=member, epc=form.cleaned_data["epc"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Draft %(reference)s started. Nothing is sent until you submit.")
                % {"reference": application.reference},
            )
            return redirect("certificates:application_edit", slug=application.slug)
    registration = getattr(member, "icegate_registration", None)
    return render(
        request,
        "certificates/member/apply.html",
        {
            "form": form,
            "has_epc": form.fields["epc"].queryset.exists(),
            "financial_year": fy,
            "icegate_verified": registration is not None and registration.is_verified,
        },
    )


@login_required
def application(request, slug):
    """Everything about one application, for the member and for the office."""
    app = selectors.application_get(user=request.user, slug=slug)
    is_member = scope_for(request.user).member_id is not None
    return render(
        request,
        "certificates/member/application.html",
        {
            # The office's internal notes: read for staff only, never put in a member's page.
            "notes": []
            if is_member
            else selectors.application_notes(user=request.user, application=app),
            "note_max_length": NOTE_MAX_LENGTH,
            "application": app,
            "queries": list(app.queries.all()),
            "items": items_with_affidavits(app),  # each with the affidavit it needs, if any
            "open_query": open_query(app),
            "certificate": getattr(app, "certificate", None),
            "events": selectors.application_timeline(user=request.user, application=app),
            "sla_age": selectors.sla_age(app),
            "country_name": country_name(app.country_of_origin),
            "is_member": is_member,
            "just_submitted": request.GET.get("submitted") == "1"
            and app.status == AppStatus.SUBMITTED,
            # What the member is told comes next: an ICEGATE mail only for an electronic IC.
            "delivery": services.delivery_mode_for(app),
            "urgent_form": UrgentFlagForm(initial={"urgent_reason": app.urgent_reason}),
            "may_mark_urgent": app.status in URGENT_STATUSES,
        },
    )


@login_required
@require_POST
def application_urgent(request, slug):
    """The member marks an open application urgent (with a reason), or takes the mark off."""
    app = selectors.application_get(user=request.user, slug=slug)
    form = UrgentFlagForm(request.POST)
    form.is_valid()
    urgent = request.POST.get("urgent") == "1"
    try:
        services.application_mark_urgent(
            by=request.user,
            application=app,
            urgent=urgent,
            reason=form.cleaned_data.get("urgent_reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, _("Not marked: %(why)s") % {"why": " ".join(exc.messages)})
    else:
        messages.success(
            request,
            _("Marked urgent: the office sees it first in its queue and decides.")
            if urgent
            else _("The urgent mark is removed."),
        )
    return redirect("certificates:application", slug=app.slug)


@login_required
def attachment_download(request, slug, pk):
    """A document of an application, only for someone who may see the application."""
    app = selectors.application_get(user=request.user, slug=slug)
    attachment = next((a for a in app.attachments.all() if a.pk == pk), None)
    if attachment is None:
        raise Http404(gettext("No such document"))
    audit_download(
        request=request,
        target=attachment,
        what=f"the {in_english(AttachmentKind(attachment.kind).label)} of application {app.reference}",
        name=attachment.original_name,
        scope=app,
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/pdf",
    )


@login_required
@require_POST
def application_clone(request, slug):
    """A new draft with the same supplier, port, channel and items (invoice and BoE left empty)."""
    original = selectors.application_get(user=request.user, slug=slug)
    try:
        copy = services.application_clone(by=request.user, application=original)
    except ValidationError as exc:
        messages.error(request, _("Not copied: %(why)s") % {"why": " ".join(exc.messages)})
        return redirect("certificates:application", slug=original.slug)
    copied = {"copy": copy.reference, "original": original.reference}
    if copy.epc_id:
        text = _(
            "Draft %(copy)s is a copy of %(original)s. "
            "Enter the new invoice number and date, and check every line."
        )
    else:
        text = _(
            "Draft %(copy)s is a copy of %(original)s. "
            "Enter the new invoice number and date, and check every line. "
            "Choose this year's EPC, then the item lines."
        )
    messages.success(request, text % copied)
    return redirect("certificates:application_edit", slug=copy.slug)


@login_required
@require_POST
def application_withdraw(request, slug):
    app = selectors.application_get(user=request.user, slug=slug)
    try:
        services.application_withdraw(by=request.user, application=app)
    except ValidationError as exc:
        messages.error(request, _("Not withdrawn: %(why)s") % {"why": " ".join(exc.messages)})
    else:
        messages.success(
            request,
            _("Application %(reference)s withdrawn. The office will not act on it.")
            % {"reference": app.reference},
        )
    return redirect("certificates:application", slug=app.slug)


@login_required
def certificate(request, slug):
    """An issued IC: the numbers to quote, delivery, items, and the assessed Bill of Entry."""
    ic = selectors.certificate_get(user=request.user, slug=slug)
    assessed = getattr(ic, "assessed_boe", None)
    if request.GET.get("file") == "boe":
        if assessed is None:
            raise Http404(gettext("No assessed Bill of Entry reported"))
        audit_download(
            request=request,
            target=assessed,
            what=f"the assessed Bill of Entry copy of IC {ic.number}",
            name=f"assessed-boe-{assessed.boe_no}.pdf",
            scope=ic,
        )
        return FileResponse(
            assessed.assessed_copy.open("rb"),
            as_attachment=True,
            filename=f"assessed-boe-{assessed.boe_no}.pdf",
            content_type="application/pdf",
        )
    return render(
        request,
        "certificates/member/certificate.html",
        {
            "certificate": ic,
            "items": list(ic.application.items.all()),
            "assessed": assessed,
            "boe_due": boe_due_date(ic) if ic.status == CertStatus.ISSUED else None,
            "replaced_by": getattr(ic, "replaced_by", None),
            "is_member": scope_for(request.user).member_id is not None,
            "just_reported": request.GET.get("reported") == "1" and assessed is not None,
        },
    )


@login_required
def boe_report(request, slug):
    """The member records the assessed Bill of Entry (within 7 days of clearance)."""
    ic = selectors.certificate_get(user=request.user, slug=slug)
    if getattr(ic, "assessed_boe", None) is not None:
        messages.info(request, _("The assessed Bill of Entry for this IC is already reported."))
        return redirect("certificates:certificate", slug=ic.slug)
    form = BoeReportForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "boe_no": ic.application.boe_no,
            "boe_date": ic.application.boe_date,
            "port_code": ic.application.port_code,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.boe_report(by=request.user, certificate=ic, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(f"{ic_url(ic)}?reported=1")
    return render(
        request,
        "certificates/member/boe_report.html",
        {"certificate": ic, "form": form, "boe_due": boe_due_date(ic)},
    )


def ic_url(ic) -> str:
    from django.urls import reverse

    return reverse("certificates:certificate", kwargs={"slug": ic.slug})
