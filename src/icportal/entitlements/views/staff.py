"""Office pages for EPCs, and head office's scheme parameters and eligible-item catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_head_office, require_staff
from icportal.audit.exports import export_list
from icportal.audit.services import audit_download
from icportal.common.dates import financial_year, financial_year_bounds
from icportal.common.money import format_inr, rupees
from icportal.web.forms import apply_errors, submit_form

from .. import selectors, services
from ..forms_staff import (
    EligibleItemForm,
    EpcReturnForm,
    SchemeVersionForm,
    item_initial,
    scheme_initial,
)
from ..models import EligibleItem, EpcStatus, SchemeVersion, SegmentGroup
from .member import epc_page

EPC_SORTS = {"newest": "-created_at", "oldest": "created_at", "fob": "-fob_total"}
EPC_COLUMNS = (
    (gettext_lazy("Member"), "member.legal_name"),
    ("IEC", "member.iec"),
    (gettext_lazy("Office"), "office.code"),
    (gettext_lazy("Financial year"), "financial_year"),
    (gettext_lazy("Segment group"), "segment_group.name"),
    (gettext_lazy("FOB of last year (INR)"), "fob_total"),
    (gettext_lazy("Status"), lambda e: e.get_status_display()),
    (gettext_lazy("EPC number"), "number"),
    (gettext_lazy("Percentage"), "percentage"),
    (gettext_lazy("Entitlement (INR)"), "entitlement"),
    (gettext_lazy("Applied (IST)"), "created_at"),
)
ITEM_COLUMNS = (
    (gettext_lazy("Segment group"), "segment_group.name"),
    (gettext_lazy("Item"), "name"),
    (gettext_lazy("HS code"), "hs_code"),
    (gettext_lazy("Affidavit"), "needs_affidavit"),
    (gettext_lazy("Note"), "note"),
    (gettext_lazy("Active"), "is_active"),
)


def _recent_years() -> list[str]:
    start, _end = financial_year_bounds(financial_year())
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(start.year, start.year - 4, -1)]


def approval_preview(epc) -> dict:
    """What approving would credit: percentage in force on 1 April of the year × FOB."""
    try:
        version, percentage = selectors.rate_for_year(
            financial_year=epc.financial_year, segment_group=epc.segment_group
        )
    except SchemeVersion.DoesNotExist as exc:
        return {"error": str(exc)}
    return {
        "version": version,
        "percentage": percentage,
        "entitlement": rupees(epc.fob_total * percentage / 100),
    }


@login_required
def epc_queue(request):
    require_staff(request.user)
    filters = request.GET.dict()
    filters.setdefault("status", EpcStatus.SUBMITTED)
    if filters["status"] == "all":
        filters["status"] = ""
    epcs = selectors.epc_list(user=request.user, filters=filters).order_by(
        EPC_SORTS.get(filters.get("sort"), "created_at"), "pk"
    )
    if "export" in filters:
        return export_list(request, "epcs", EPC_COLUMNS, epcs)
    return render(
        request,
        "entitlements/staff/epc_queue.html",
        {
            "page": Paginator(epcs, 25).get_page(request.GET.get("page")),
            "filters": filters,
            "statuses": EpcStatus.choices,
            "years": _recent_years(),
        },
    )


def _epc(request, pk):
    require_staff(request.user)
    return selectors.epc_get(user=request.user, pk=pk)


@login_required
def epc_approve(request, pk):
    """GET shows what approval credits; POST approves (numbers the EPC, credits the ledger)."""
    epc = _epc(request, pk)
    if request.method == "POST":
        try:
            epc = services.epc_approve(by=request.user, epc=epc)
        except (ValidationError, SchemeVersion.DoesNotExist) as exc:
            problems = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            messages.error(
                request, _("Not approved: %(problems)s") % {"problems": " ".join(problems)}
            )
        else:
            messages.success(
                request,
                _(
                    "EPC %(number)s approved: %(percentage)s%% of FOB, %(entitlement)s credited "
                    "to %(member)s's entitlement for %(year)s."
                )
                % {
                    "number": epc.number,
                    "percentage": epc.percentage,
                    "entitlement": format_inr(epc.entitlement),
                    "member": epc.member.legal_name,
                    "year": epc.financial_year,
                },
            )
            return redirect("entitlements:epc", pk=epc.pk)
    return render(
        request,
        "entitlements/staff/epc_approve.html",
        {"epc": epc, "preview": approval_preview(epc)},
    )


@login_required
@require_POST
def epc_return(request, pk):
    epc = _epc(request, pk)
    form = EpcReturnForm(request.POST)
    if submit_form(
        request,
        form,
        lambda data: services.epc_return(by=request.user, epc=epc, reason=data["reason"]),
        success=_("EPC application returned to %(member)s with your reason.")
        % {"member": epc.member.legal_name},
        failure=_("Not returned"),
    ):
        return redirect("entitlements:epc", pk=epc.pk)
    return epc_page(request, epc, return_form=form)


@login_required
def epc_ca_certificate(request, pk):
    """The chartered accountant's certificate, for the member and the staff of its office."""
    epc = selectors.epc_get(user=request.user, pk=pk)
    try:
        handle = epc.ca_certificate.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("The CA certificate is missing") from exc
    name = f"ca-certificate-{epc.member.iec}-{epc.financial_year}.pdf"
    audit_download(
        request=request,
        target=epc,
        what=f"the CA certificate of the EPC for {epc.financial_year}",  # audit: English
        name=name,
        member=epc.member,
        office=epc.member.office,
    )
    return FileResponse(handle, content_type="application/pdf", filename=name)


@login_required
def scheme(request):
    """Parameters in force, their history, and new parameters from a date (never an edit)."""
    require_head_office(request.user)
    versions = list(selectors.scheme_versions())
    try:
        in_force = selectors.scheme_in_force()
    except SchemeVersion.DoesNotExist:
        in_force = None
    form = SchemeVersionForm(
        request.POST or None, in_force=in_force, initial=scheme_initial(in_force)
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.scheme_version_create(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("New parameters saved: in force from %(date)s. Earlier versions are unchanged.")
                % {"date": f"{version.effective_from:%d/%m/%Y}"},
            )
            return redirect("entitlements:scheme")
    groups = list(SegmentGroup.objects.all())
    for version in versions:
        rates = {r.segment_group_id: r.percentage for r in version.rates.all()}
        version.rate_list = [(g, rates.get(g.pk)) for g in groups]
    return render(
        request,
        "entitlements/staff/scheme.html",
        {"versions": versions, "in_force": in_force, "form": form, "groups": groups},
    )


@login_required
def items(request):
    """The eligible-item catalogue. Head office edits it; office staff read it."""
    scope = require_staff(request.user)
    filters = request.GET.dict()
    qs = selectors.eligible_items(include_inactive=True)
    if filters.get("group"):
        qs = qs.filter(segment_group__code=filters["group"])
    if filters.get("active") in ("yes", "no"):
        qs = qs.filter(is_active=filters["active"] == "yes")
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(hs_code__startswith=q.replace(".", "")))
    if filters.get("sort") == "hs":
        qs = qs.order_by("hs_code", "name")
    if "export" in filters:
        return export_list(request, "eligible-items", ITEM_COLUMNS, qs)
    return render(
        request,
        "entitlements/staff/items.html",
        {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "filters": filters,
            "groups": SegmentGroup.objects.all(),
            "can_edit": scope.everything,
        },
    )


@login_required
def item_edit(request, pk):
    """Add (pk 0) or change an eligible item; deactivate and reactivate keep its history."""
    require_head_office(request.user)
    item = get_object_or_404(EligibleItem, pk=pk) if pk else None
    if item is not None and request.method == "POST" and "active" in request.POST:
        return _item_toggle(request, item, request.POST["active"] == "1")
    form = EligibleItemForm(request.POST or None, initial=item_initial(item) if item else None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.eligible_item_save(by=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("“%(item)s” saved for %(group)s.")
                % {"item": item.name, "group": item.segment_group.name},
            )
            return redirect(f"{_items_url()}?group={item.segment_group.code}")
    return render(request, "entitlements/staff/item_edit.html", {"form": form, "item": item})


def _items_url():
    return reverse("entitlements:items")


def _item_toggle(request, item, active: bool):
    try:
        fields = {**item_initial(item), "segment_group": item.segment_group, "is_active": active}
        services.eligible_item_save(by=request.user, item=item, **fields)
    except ValidationError as exc:
        messages.error(
            request, _("Not changed: %(problems)s") % {"problems": " ".join(exc.messages)}
        )
    else:
        done = (
            _("“%(item)s” is back on the eligible list.")
            if active
            else _("“%(item)s” is taken off the eligible list.")
        )
        messages.success(request, done % {"item": item.name})
    return redirect(f"{_items_url()}?group={item.segment_group.code}")
