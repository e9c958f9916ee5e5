"""The office's actions on an issued IC: cancel, and replace (amend) with a new number."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from icportal.accounts.otp import otp_required_for_signing
from icportal.common.money import format_inr
from icportal.entitlements.selectors import eligible_items
from icportal.web.forms import apply_errors

from ... import services
from ...forms_staff import ItemLineFormSet, ReasonForm, ReplaceForm, header_initial, item_initial
from ...models import CertStatus
from ._common import certificate_for_staff, done


@login_required
@require_POST
@otp_required_for_signing
def cancel(request, slug):
    certificate = certificate_for_staff(request, slug)
    form = ReasonForm(request.POST)
    if form.is_valid():
        done(
            request,
            lambda: services.certificate_cancel(
                by=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            ),
            lambda c: (
                f"IC {c.number} cancelled. {format_inr(c.value)} is back in the member's "
                "entitlement, and the member is e-mailed not to use it."
            ),
            failure="Not cancelled",
        )
    else:
        messages.error(request, "Not cancelled: give the reason for cancelling.")
    return redirect("certificates:certificate", slug=certificate.slug)


def _formset(data, certificate, item_choices):
    if data is None:
        return ItemLineFormSet(
            prefix="items",
            initial=item_initial(certificate.application),
            form_kwargs={"item_choices": item_choices},
        )
    return ItemLineFormSet(data, prefix="items", form_kwargs={"item_choices": item_choices})


@login_required
@otp_required_for_signing
def replace(request, slug):
    """Amend an IC: a replacement with a new number; the original becomes superseded."""
    certificate = certificate_for_staff(request, slug)
    if certificate.status != CertStatus.ISSUED:
        messages.error(
            request,
            f"IC {certificate.number} is {certificate.get_status_display().lower()}: "
            "only an IC in force can be replaced.",
        )
        return redirect("certificates:certificate", slug=certificate.slug)
    group = certificate.account.segment_group
    item_choices = [(str(i.pk), i.name) for i in eligible_items(segment_group=group)]
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if "add_line" in data:  # one more empty line, without JavaScript
            data["items-TOTAL_FORMS"] = str(int(data.get("items-TOTAL_FORMS") or 0) + 1)
    form = ReplaceForm(data, initial=header_initial(certificate.application))
    formset = _formset(data, certificate, item_choices)
    item_errors = []
    if data is not None and "add_line" not in data and form.is_valid() and formset.is_valid():
        try:
            replacement = services.certificate_replace(
                by=request.user,
                certificate=certificate,
                header=form.header,
                items=[row for row in (line.row() for line in formset) if row],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            item_errors = exc.message_dict.get("items", []) if hasattr(exc, "error_dict") else []
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"IC {replacement.number} issued to replace {certificate.number}. The member is "
                "e-mailed that the Bill of Entry must be amended to quote the new IC's IRN; the "
                f"IRN of {certificate.number} can no longer be used.",
            )
            return redirect("certificates:certificate", slug=replacement.slug)
    return render(
        request,
        "certificates/staff/replace.html",
        {
            "certificate": certificate,
            "form": form,
            "formset": formset,
            "group": group,
            "item_errors": item_errors,
        },
    )
