"""Replacing (amending) an issued IC with a new number; cancelling is in confirm.py."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from icportal.accounts.otp import asks_code, otp_device_required
from icportal.entitlements.selectors import eligible_items
from icportal.web.forms import apply_errors

from ... import services
from ...forms_confirm import ConfirmForm
from ...forms_staff import ItemLineFormSet, ReplaceForm, header_initial, item_initial
from ...models import CertStatus
from ...validation import header_clean, items_clean
from ._common import certificate_for_staff
from .confirm import code_checked


def _formset(data, certificate, item_choices):
    if data is None:
        return ItemLineFormSet(
            prefix="items",
            initial=item_initial(certificate.application),
            form_kwargs={"item_choices": item_choices},
        )
    return ItemLineFormSet(data, prefix="items", form_kwargs={"item_choices": item_choices})


def _preview(certificate, form, formset, group) -> dict | None:
    """What the replacement will be, checked as the service will check it; None (errors on the
    form) when something is wrong, so the confirmation page only ever shows an IC that can issue."""
    eligible = {i.pk: i for i in eligible_items(segment_group=group)}
    rows = [row for row in (line.row() for line in formset) if row]
    _data, errors = header_clean(form.header, for_submit=True)
    lines, item_errors = items_clean(rows, segment_group=group, eligible=eligible)
    if not rows:
        item_errors.setdefault("items", []).append(_("Add at least one item"))
    errors.update(item_errors)
    if errors:
        apply_errors(form, ValidationError(errors))
        return None
    value = sum((line.value_inr for line in lines), start=Decimal(0))
    balance = certificate.account.balance
    after = balance + certificate.value - value
    return {
        "items_count": len(lines),
        "value": value,
        "old_value": certificate.value,
        "balance": balance,
        "balance_after": after,
        "short": after < 0,
        "shortfall": -after,
    }


def _carried(data) -> list[tuple[str, str]]:
    """The typed form, carried through the confirmation page as hidden fields."""
    skip = {"csrfmiddlewaretoken", "code", "confirm", "add_line", "version"}
    return [(key, value) for key in data for value in data.getlist(key) if key not in skip]


@login_required
@otp_device_required
def replace(request, slug):
    """Amend an IC: a replacement with a new number; the original becomes superseded.

    Two steps: the form, then a confirmation page with the new value and balance and the code."""
    certificate = certificate_for_staff(request, slug)
    if certificate.status != CertStatus.ISSUED:
        messages.error(
            request,
            _("IC %(number)s is %(status)s: only an IC in force can be replaced.")
            % {"number": certificate.number, "status": certificate.get_status_display().lower()},
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
    ready = data is not None and "add_line" not in data and form.is_valid() and formset.is_valid()
    preview = _preview(certificate, form, formset, group) if ready else None
    if preview is not None:
        ask_code = asks_code(request)
        confirm = ConfirmForm(data if "confirm" in data else None, ask_code=ask_code)
        if "confirm" in data and confirm.is_valid() and code_checked(request, confirm):
            try:
                replacement = services.certificate_replace(
                    by=request.user,
                    certificate=certificate,
                    header=form.header,
                    items=[row for row in (line.row() for line in formset) if row],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                item_errors = (
                    exc.message_dict.get("items", []) if hasattr(exc, "error_dict") else []
                )
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "IC %(new)s issued to replace %(old)s. The member is e-mailed that the "
                        "Bill of Entry must be amended to quote the new IC's IRN; the IRN of "
                        "%(old)s can no longer be used."
                    )
                    % {"new": replacement.number, "old": certificate.number},
                )
                return redirect("certificates:certificate", slug=replacement.slug)
        if not form.errors:
            return render(
                request,
                "certificates/staff/confirm.html",
                {
                    "kind": "replace",
                    "title": _("Replace IC %(number)s") % {"number": certificate.number},
                    "certificate": certificate,
                    "application": certificate.application,
                    "member": certificate.member,
                    "figures": preview,
                    "reason": form.cleaned_data["reason"],
                    "carried": _carried(data),
                    "form": confirm,
                    "ask_code": ask_code,
                    "button": _("Sign and issue replacement IC"),
                    "back_url": reverse(
                        "certificates:certificate", kwargs={"slug": certificate.slug}
                    ),
                    "back_label": _("Back to the IC without replacing it"),
                },
            )
    return render(
        request,
        "certificates/staff/replace.html",
        {
            "certificate": certificate,
            "form": form,
            "formset": formset,
            "group": group,
            "item_errors": item_errors or form.errors.get("items", []),
        },
    )
