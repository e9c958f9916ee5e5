"""Dispatch pages: thin — parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_staff, scope_for
from icportal.audit.exports import export_list
from icportal.certificates.selectors import certificate_get
from icportal.common.dates import financial_year
from icportal.web.actions import run_service
from icportal.web.forms import apply_errors, submit_form

from . import selectors, services
from .addresses import one_line, registered_address
from .copies import copy_pdf_response
from .forms import CopyRequestForm, DeclineForm, DispatchForm
from .models import Status

COPY_REQUEST_COLUMNS = (
    (gettext_lazy("Request"), "reference"),
    (gettext_lazy("IC number"), "certificate.number"),
    (gettext_lazy("Member"), "member.legal_name"),
    (gettext_lazy("Office"), "office.code"),
    (gettext_lazy("Kind"), lambda r: r.get_kind_display()),
    (gettext_lazy("Reason"), lambda r: r.get_reason_display()),
    (gettext_lazy("Goes to"), lambda r: r.get_deliver_to_display()),
    (gettext_lazy("Address"), lambda r: ", ".join(r.address_lines)),
    (gettext_lazy("Asked (IST)"), "created_at"),
    (gettext_lazy("Status"), lambda r: r.get_status_display()),
    (gettext_lazy("Copy number"), "copy.copy_number"),
    (gettext_lazy("Courier"), "courier_name"),
    (gettext_lazy("Docket number"), "docket_no"),
    (gettext_lazy("Dispatched on"), "dispatch_date"),
)


@login_required
def index(request):
    """Member: my requests. Office: the queue and paper ICs to dispatch. Head office: counts too."""
    scope = scope_for(request.user)
    filters = {k: request.GET.get(k, "") for k in ("status", "q", "sort", "office", "kind")}
    if scope.member_id is None and not any(filters.values()):
        filters["open"] = True
    copy_requests = selectors.copy_request_list(user=request.user, filters=filters)
    if "export" in request.GET:
        return export_list(request, "copy-requests", COPY_REQUEST_COLUMNS, copy_requests)
    page = Paginator(copy_requests, 50)
    context = {
        "page": page.get_page(request.GET.get("page")),
        "is_member": scope.member_id is not None,
        "filters": filters,
        "statuses": Status.choices,
    }
    if scope.member_id is None:
        context["waiting"] = selectors.physical_ics_waiting_first(user=request.user)
    if scope.everything:
        context["office_counts"] = selectors.office_counts(user=request.user)
        context["counts_fy"] = financial_year()
    return render(request, "dispatch/index.html", context)


@login_required
def request_new(request, slug):
    """The member asks for a physical copy of one IC (one task per page)."""
    certificate = certificate_get(user=request.user, slug=slug)
    registered = registered_address(certificate.member)
    form = CopyRequestForm(
        request.POST if request.method == "POST" else None,
        registered=one_line(registered) if registered else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy_request = services.copy_request_create(
                by=request.user, certificate=certificate, **form.service_args()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(reverse("dispatch:detail", args=[copy_request.slug]) + "?done=1")
    return render(
        request,
        "dispatch/request_new.html",
        {"form": form, "certificate": certificate, "has_registered": registered is not None},
    )


@login_required
@require_POST
def physical_open(request, slug):
    certificate = certificate_get(user=request.user, slug=slug)
    try:
        copy_request = services.physical_ic_open(by=request.user, certificate=certificate)
    except ValidationError as exc:
        messages.error(request, _("Not opened: %(why)s") % {"why": " ".join(exc.messages)})
        return redirect("dispatch:index")
    messages.success(
        request,
        _("IC %(number)s is in the register: print it next.") % {"number": certificate.number},
    )
    return redirect("dispatch:detail", slug=copy_request.slug)


@login_required
def detail(request, slug):
    copy_request = selectors.copy_request_get(user=request.user, slug=slug)
    return _detail(request, copy_request)


def _detail(request, copy_request, *, decline_form=None, dispatch_form=None):
    """The request's page; a form sent back with its messages re-renders here (nothing saved)."""
    scope = scope_for(request.user)
    return render(
        request,
        "dispatch/detail.html",
        {
            "req": copy_request,
            "copy": getattr(copy_request, "copy", None),
            "is_member": scope.member_id is not None,
            "decline_form": decline_form or DeclineForm(),
            "dispatch_form": dispatch_form or DispatchForm(),
            "error_form": next((f for f in (decline_form, dispatch_form) if f is not None), None),
            "just_requested": request.GET.get("done") == "1",
        },
    )


def _act(request, slug, action, success, failure):
    copy_request = selectors.copy_request_get(user=request.user, slug=slug)
    run_service(
        request,
        lambda: action(copy_request),
        lambda _result: success,
        failure=failure,
        refusals=(ValidationError, PermissionDenied),
    )
    return redirect("dispatch:detail", slug=slug)


@login_required
@require_POST
def approve(request, slug):
    return _act(
        request,
        slug,
        lambda r: services.copy_request_approve(by=request.user, request=r),
        _("Approved: print the certified copy next."),
        _("Not approved"),
    )


@login_required
@require_POST
def decline(request, slug):
    copy_request = selectors.copy_request_get(user=request.user, slug=slug)
    form = DeclineForm(request.POST)
    if submit_form(
        request,
        form,
        lambda data: services.copy_request_decline(
            by=request.user, request=copy_request, reason=data["reason"]
        ),
        success=_("Declined: the member is e-mailed the reason."),
        failure=_("Not declined"),
        refused=(PermissionDenied,),
    ):
        return redirect("dispatch:detail", slug=slug)
    return _detail(request, copy_request, decline_form=form)


@login_required
@require_POST
def print_copy(request, slug):
    return _act(
        request,
        slug,
        lambda r: services.copy_print(by=request.user, request=r),
        _(
            "Copy number taken: download the PDF, print, sign and seal it, then record the dispatch."
        ),
        _("Not printed"),
    )


@login_required
def copy_pdf(request, slug):
    """The numbered certified copy as a PDF (rendered afresh; the signed file is never touched)."""
    require_staff(request.user)
    copy_request = selectors.copy_request_get(user=request.user, slug=slug)
    copy = getattr(copy_request, "copy", None)
    if copy is None:
        messages.error(request, _("Print the copy first: that takes its copy number."))
        return redirect("dispatch:detail", slug=slug)
    return copy_pdf_response(request, copy=copy, target=copy_request)


@login_required
def label(request, slug):
    """The label for the envelope (or the slip for a collection), printed from the browser."""
    require_staff(request.user)
    copy_request = selectors.copy_request_get(user=request.user, slug=slug)
    return render(
        request,
        "dispatch/label.html",
        {"req": copy_request, "copy": getattr(copy_request, "copy", None)},
    )


@login_required
@require_POST
def dispatch(request, slug):
    """Record how the copy left. Every missing or wrong box is named at once, beside itself and
    in the summary, with the chosen method and what was typed kept."""
    copy_request = selectors.copy_request_get(user=request.user, slug=slug)
    form = DispatchForm(request.POST)
    if submit_form(
        request,
        form,
        lambda data: services.copy_dispatch(by=request.user, request=copy_request, data=data),
        success=_("Dispatch recorded: the member is e-mailed how it was sent."),
        failure=_("Not recorded"),
        refused=(PermissionDenied,),
    ):
        return redirect("dispatch:detail", slug=slug)
    if form.cleaned_data.get("method"):  # a wrong date must not hide a missing docket number
        problems = services.dispatch_details_problems(data=form.cleaned_data)
        for field, errors in problems.items():
            if field in form.fields and field not in form.errors:
                for message in errors:
                    form.add_error(field, message)
    return _detail(request, copy_request, dispatch_form=form)


@login_required
@require_POST
def acknowledge(request, slug):
    return _act(
        request,
        slug,
        lambda r: services.copy_acknowledge(by=request.user, request=r),
        _("Thank you: receipt is recorded."),
        _("Not recorded"),
    )
