"""The member's entitlement pages: balances and EPCs, applying for an EPC, an EPC, a ledger.

Staff open the EPC page too (their approve / return panel comes from `entitlements/staff/`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from icportal.accounts.roles import scope_for
from icportal.audit.exports import export_list
from icportal.common.dates import financial_year

from .. import selectors, services
from ..forms_member import EpcApplyForm, year_before, year_choices
from ..forms_staff import EpcReturnForm
from ..models import EntryKind, EpcStatus, SegmentGroup

EPC_SORTS = {"year": "-financial_year", "-year": "financial_year", "newest": "-created_at"}
LEDGER_SORTS = {"oldest": ("created_at", "id"), "newest": ("-created_at", "-id")}
LEDGER_COLUMNS = (
    (gettext_lazy("Date (IST)"), "created_at"),
    (gettext_lazy("Entry"), lambda e: e.get_kind_display()),
    (gettext_lazy("Amount (₹)"), "amount"),
    (gettext_lazy("Balance after (₹)"), "balance_after"),
    ("IC", "certificate.number"),
    ("EPC", "epc.number"),
    (gettext_lazy("Note"), "note"),
)
MEMBER_EPC_COLUMNS = (
    (gettext_lazy("EPC number"), "number"),
    (gettext_lazy("Financial year"), "financial_year"),
    (gettext_lazy("Segment group"), "segment_group.name"),
    (gettext_lazy("FOB of last year (₹)"), "fob_total"),
    (gettext_lazy("Percentage"), "percentage"),
    (gettext_lazy("Entitlement (₹)"), "entitlement"),
    (gettext_lazy("Status"), lambda e: e.get_status_display()),
    (gettext_lazy("Applied (IST)"), "created_at"),
)
BALANCE_COLUMNS = (
    (gettext_lazy("Financial year"), "financial_year"),
    (gettext_lazy("Segment group"), "segment_group.name"),
    (gettext_lazy("Credited (₹)"), "credited"),
    (gettext_lazy("Used (₹)"), "used"),
    (gettext_lazy("Balance (₹)"), "balance"),
)


def _member(user):
    if scope_for(user).member_id is None:
        raise PermissionDenied("This page is for member firms")
    return user.member


@login_required
def mine(request):
    """Balances per financial year and segment group, and the firm's EPCs."""
    _member(request.user)
    filters = request.GET.dict()
    fy = filters.get("financial_year") or ""
    epcs = selectors.epc_list(
        user=request.user, filters={"status": filters.get("status"), "financial_year": fy}
    ).order_by(EPC_SORTS.get(filters.get("sort") or "", "-financial_year"), "-created_at")
    accounts = selectors.accounts_for(user=request.user, financial_year=fy)
    if "export" in filters:
        if filters.get("list") == "balances":
            return export_list(request, "entitlement-balances", BALANCE_COLUMNS, accounts)
        return export_list(request, "epcs", MEMBER_EPC_COLUMNS, epcs)
    return render(
        request,
        "entitlements/member/mine.html",
        {
            "accounts": accounts,
            "epcs": epcs,
            "filters": filters,
            "years": [code for code, _label in year_choices()],
            "statuses": EpcStatus.choices,
            "current_year": financial_year(),
        },
    )


@login_required
def epc_apply(request):
    """Apply for the year's EPC: the segment group first, then FOB per segment and the CA certificate."""
    member = _member(request.user)
    member_segments = {s.code for s in member.segments.all()}
    groups = [
        g
        for g in SegmentGroup.objects.prefetch_related("segments")
        if member_segments & {s.code for s in g.segments.all()}
    ]
    chosen = request.POST.get("group") or request.GET.get("group")
    group = next((g for g in groups if g.code == chosen), groups[0] if len(groups) == 1 else None)
    if group is None:
        return render(
            request,
            "entitlements/member/epc_apply.html",
            {"groups": groups, "group": None, "chosen": chosen},
        )
    segments = [s for s in group.segments.all() if s.code in member_segments]
    form = EpcApplyForm(request.POST or None, request.FILES or None, segments=segments)
    if request.method == "POST" and form.is_valid():
        try:
            epc = services.epc_submit(
                by=request.user,
                member=member,
                financial_year_of_entitlement=form.cleaned_data["financial_year"],
                segment_group=group,
                fob_lines=form.fob_lines(),
                ca_certificate=form.cleaned_data["ca_certificate"],
            )
        except ValidationError as exc:
            for key, problems in exc.message_dict.items() if hasattr(exc, "error_dict") else []:
                for problem in problems:
                    field = form.fob_field_for(problem) if key == "fob_lines" else key
                    form.add_error(field if field in form.fields else None, problem)
            if not hasattr(exc, "error_dict"):
                form.add_error(None, exc.messages)
        else:
            return redirect(reverse("entitlements:epc", kwargs={"pk": epc.pk}) + "?submitted=1")
    return render(
        request,
        "entitlements/member/epc_apply.html",
        {
            "groups": groups,
            "group": group,
            "form": form,
            "fob_fields": [form[f"fob_{s.code}"] for s in segments],
            "export_year": {fy: year_before(fy) for fy, _label in year_choices()},
        },
    )


@login_required
def epc_detail(request, pk):
    """One EPC: FOB per segment, status, entitlement credited; the office's actions for staff."""
    return epc_page(request, selectors.epc_get(user=request.user, pk=pk))


def epc_page(request, epc, *, return_form=None):
    """The EPC's page; the office's return form sent back shows its messages (nothing saved)."""
    is_member = scope_for(request.user).member_id is not None
    return render(
        request,
        "entitlements/member/epc.html",
        {
            "epc": epc,
            "is_member": is_member,
            "just_submitted": request.GET.get("submitted") == "1"
            and epc.status == EpcStatus.SUBMITTED,
            "return_form": return_form or (None if is_member else EpcReturnForm()),
            "error_form": return_form,
        },
    )


@login_required
def ledger(request, pk):
    """Every entry of one entitlement account, with the balance after each."""
    account = selectors.accounts_for(user=request.user).filter(pk=pk).first()
    if account is None:
        raise Http404("No such account")
    filters = request.GET.dict()
    entries = selectors.ledger_entries(user=request.user, account=account)
    if filters.get("kind") in EntryKind.values:
        entries = entries.filter(kind=filters["kind"])
    if q := (filters.get("q") or "").strip():
        entries = entries.filter(
            Q(certificate__number__icontains=q) | Q(epc__number__icontains=q) | Q(note__icontains=q)
        )
    entries = entries.order_by(*LEDGER_SORTS.get(filters.get("sort") or "", LEDGER_SORTS["newest"]))
    if "export" in filters:
        stem = f"ledger-{account.financial_year}-{account.segment_group.code.lower()}"
        return export_list(request, stem, LEDGER_COLUMNS, entries)
    return render(
        request,
        "entitlements/member/ledger.html",
        {
            "account": account,
            "page": Paginator(entries, 50).get_page(request.GET.get("page")),
            "filters": filters,
            "kinds": EntryKind.choices,
            "is_member": scope_for(request.user).member_id is not None,
        },
    )
