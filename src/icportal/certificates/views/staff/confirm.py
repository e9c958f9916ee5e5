"""Confirmation pages before what cannot be undone: issue, urgent approval, cancel.

GET shows what will be signed or changed (the figures the officer is answerable for); POST with the
authenticator code (accounts.otp.step_up, asked even in a verified session) calls the service. The
application's version travels with the form: a page left open while the application changed, or
was issued by a colleague, is refused with a message and nothing is signed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from icportal.accounts import otp
from icportal.common.money import format_inr
from icportal.entitlements.selectors import balance_for_application
from icportal.web.forms import apply_errors

from ... import services
from ...forms_confirm import CancelConfirmForm, ConfirmForm
from ...models import AppStatus, CertStatus
from ._common import application_for_staff, back, certificate_for_staff
from .application import _urgent_request


def _figures(application) -> dict:
    """IC value, items and the balance now and after, as the panel and the debit compute them."""
    balance = balance_for_application(application=application)
    after = None if balance is None else balance - application.total_value
    return {
        "items_count": len(application.items.all()),
        "value": application.total_value,
        "balance": balance,
        "balance_after": after,
        "short": after is not None and after < 0,
        "shortfall": None if after is None else -after,
    }


def _stale(request, application, form, *, failure: str):
    """True (with a message) when the application changed since the page was shown. `failure`
    opens the message ("Not issued")."""
    seen = form.cleaned_data.get("version")
    if seen is not None and seen == application.version:
        return False
    if application.status == AppStatus.ISSUED:
        why = _("%(reference)s was issued by someone else since you opened this page")
    else:
        why = _("%(reference)s changed since you opened this page")
    why %= {"reference": application.reference}
    messages.error(
        request,
        _("%(failure)s: %(why)s. Nothing was signed; check it and confirm again.")
        % {"failure": failure, "why": why},
    )
    return True


def code_checked(request, form) -> bool:
    """Check the code; a wrong one lands in the page's error summary (and counts to the lockout)."""
    try:
        otp.step_up(request, code=form.cleaned_data.get("code", ""))
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    return True


def _refused(request, exc: ValidationError, failure: str) -> None:
    if getattr(exc, "code", None) == "conflict":
        words = _("the application changed since you opened this page; nothing was signed")
    else:
        words = " ".join(exc.messages)
    messages.error(request, f"{failure}: {words}.".replace("..", "."))


def _page(request, context: dict):
    context.setdefault("ask_code", otp.asks_code(request))
    return render(request, "certificates/staff/confirm.html", context)


def _about(application, **page) -> dict:
    """The confirmation page of an application's action: what is signed, and the way back."""
    return {
        "application": application,
        "member": application.member,
        "figures": _figures(application),
        "back_url": reverse("certificates:application", kwargs={"slug": application.slug}),
        **page,
    }


@login_required
@require_http_methods(["GET", "POST"])
@otp.otp_device_required
def issue(request, slug):
    """Approve and issue: the confirmation page, then the signature."""
    application = application_for_staff(request, slug)
    ask_code = otp.asks_code(request)
    if application.status != AppStatus.SUBMITTED:
        status = application.get_status_display().lower()
        if request.method == "POST":  # it was waiting when the page was shown
            messages.error(
                request,
                _(
                    "Not issued: %(reference)s is now %(status)s: it changed since you opened "
                    "this page. Nothing was signed."
                )
                % {"reference": application.reference, "status": status},
            )
        else:
            messages.error(
                request,
                _(
                    "%(reference)s is %(status)s: only an application waiting for a "
                    "decision can be issued."
                )
                % {"reference": application.reference, "status": status},
            )
        return back(application)
    mode = services.delivery_mode_for(application)
    if request.method == "POST":
        form = ConfirmForm(request.POST, ask_code=ask_code)
        if form.is_valid() and not _stale(request, application, form, failure=_("Not issued")):
            if code_checked(request, form):
                try:
                    certificate = services.certificate_issue(
                        by=request.user,
                        application=application,
                        version=form.cleaned_data["version"],
                    )
                except ValidationError as exc:
                    _refused(request, exc, _("Not issued"))
                    return back(application)
                messages.success(
                    request,
                    _(
                        "IC %(number)s issued. Delivery: %(delivery)s. Entitlement balance left: %(balance)s."
                    )
                    % {
                        "number": certificate.number,
                        "delivery": certificate.get_delivery_mode_display(),
                        "balance": format_inr(certificate.balance_after),
                    },
                )
                return redirect("certificates:certificate", slug=certificate.slug)
        elif form.is_valid():
            return back(application)
    else:
        form = ConfirmForm(initial={"version": application.version}, ask_code=ask_code)
    return _page(
        request,
        _about(
            application,
            kind="issue",
            title=_("Issue the IC for %(reference)s") % {"reference": application.reference},
            delivery=mode.label if mode else None,
            problems=services.issue_refusals(application),
            form=form,
            button=_("Sign and issue IC"),
            back_label=_("Back to the application without issuing"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
@otp.otp_device_required
def urgent_approve(request, pk):
    """The second officer's approval issues the urgent physical IC: confirm it, then sign it."""
    urgent_request = _urgent_request(request, pk)
    application = application_for_staff(request, urgent_request.application.slug)
    ask_code = otp.asks_code(request)
    if urgent_request.status != urgent_request.Status.PENDING:
        messages.error(request, _("Not approved: this urgent request was already decided."))
        return back(application)
    if urgent_request.requested_by_id == request.user.pk:
        messages.error(
            request, _("Not approved: a second officer must approve an urgent physical IC.")
        )
        return back(application)
    if request.method == "POST":
        form = ConfirmForm(request.POST, ask_code=ask_code)
        if form.is_valid() and not _stale(request, application, form, failure=_("Not approved")):
            if code_checked(request, form):
                try:
                    certificate = services.urgent_approve(
                        by=request.user,
                        request=urgent_request,
                        second_factor=otp.request_verified(request),
                        version=form.cleaned_data["version"],
                    )
                except ValidationError as exc:
                    _refused(request, exc, _("Not approved"))
                    return back(application)
                messages.success(
                    request,
                    _(
                        "IC %(number)s issued as an urgent physical IC, signed and sealed. "
                        "Acceptance is at the discretion of Customs."
                    )
                    % {"number": certificate.number},
                )
                return redirect("certificates:certificate", slug=certificate.slug)
        elif form.is_valid():
            return back(application)
    else:
        form = ConfirmForm(initial={"version": application.version}, ask_code=ask_code)
    return _page(
        request,
        _about(
            application,
            kind="urgent",
            title=_("Approve the urgent physical IC for %(reference)s")
            % {"reference": application.reference},
            delivery=_("Urgent physical IC, signed and sealed on paper"),
            urgent_request=urgent_request,
            form=form,
            button=_("Approve and sign urgent physical IC"),
            back_label=_("Back to the application without approving"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
@otp.otp_device_required
def cancel(request, slug):
    """Cancel an IC: the reason (the member sees it), the balance after, then the code."""
    certificate = certificate_for_staff(request, slug)
    ask_code = otp.asks_code(request)
    to_certificate = redirect("certificates:certificate", slug=certificate.slug)
    if certificate.status != CertStatus.ISSUED:
        messages.error(
            request,
            _("Not cancelled: IC %(number)s is already %(status)s.")
            % {"number": certificate.number, "status": certificate.get_status_display().lower()},
        )
        return to_certificate
    form = CancelConfirmForm(request.POST or None, ask_code=ask_code)
    if request.method == "POST" and form.is_valid() and code_checked(request, form):
        try:
            services.certificate_cancel(
                by=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _refused(request, exc, _("Not cancelled"))
            return to_certificate
        messages.success(
            request,
            _(
                "IC %(number)s cancelled. %(value)s is back in the member's entitlement, and the "
                "member is e-mailed not to use it."
            )
            % {"number": certificate.number, "value": format_inr(certificate.value)},
        )
        return to_certificate
    balance = certificate.account.balance
    return _page(
        request,
        {
            "kind": "cancel",
            "title": _("Cancel IC %(number)s") % {"number": certificate.number},
            "certificate": certificate,
            "application": certificate.application,
            "member": certificate.member,
            "figures": {
                "items_count": len(certificate.application.items.all()),
                "value": certificate.value,
                "balance": balance,
                "balance_after": balance + certificate.value,
                "short": False,
            },
            "form": form,
            "button": _("Cancel this IC"),
            "back_url": reverse("certificates:certificate", kwargs={"slug": certificate.slug}),
            "back_label": _("Back to the IC without cancelling"),
        },
    )
