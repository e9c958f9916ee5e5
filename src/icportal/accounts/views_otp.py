"""Two-step verification pages: set up an authenticator app, and enter its code."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from icportal.web.forms import apply_errors

from . import otp, user_admin
from .forms import OtpCodeForm, SecondFactorForm
from .roles import require_staff


def _next(request) -> str:
    return otp.safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@login_required
def two_factor_setup(request):
    """Show the QR code and secret of a new device; its first code confirms it."""
    require_staff(request.user)
    next_url = _next(request)
    if otp.confirmed_device(request.user) is not None:
        if not otp.is_verified(request):
            return redirect(_with_next("accounts:two_factor_verify", next_url))
        return render(request, "accounts/two_factor_setup.html", {"done": True, "next": next_url})
    device = otp.unconfirmed_device(request.user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            otp.device_confirm(request, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Two-step verification is set up. You will be asked for a code once per "
                    "sign-in, before you issue, replace or cancel an IC."
                ),
            )
            return redirect(next_url)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr": otp.qr_data_uri(otp.otpauth_url(device)),
            "secret": otp.secret_grouped(device),
        },
    )


@login_required
def two_factor_verify(request):
    """Enter the current code; this session then counts as verified until sign-out."""
    require_staff(request.user)
    next_url = _next(request)
    device = otp.confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("accounts:two_factor_setup", next_url))
    if otp.is_verified(request):
        return redirect(next_url)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if len(code) == 6:  # the app's code; a backup code has 8 characters
                otp.session_verify(request, device=device, code=code)
            else:
                otp.backup_code_verify(request, code=code)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Code accepted."))
            return redirect(next_url)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
def backup_codes(request):
    """Staff make ten one-time backup codes (from a verified session: the codes stand in for the
    phone, so whoever has only the password must not be able to make them)."""
    require_staff(request.user)
    if otp.confirmed_device(request.user) is None or (
        otp.needs_second_factor(request.user) and not otp.is_verified(request)
    ):
        return redirect(_with_next("accounts:two_factor_verify", reverse("accounts:backup_codes")))
    codes = None
    if request.method == "POST":
        codes = user_admin.backup_codes_make(user=request.user)
        messages.success(request, _("New backup codes made: any earlier ones no longer work."))
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "left": otp.backup_codes_left(request.user)},
    )
