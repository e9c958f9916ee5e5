"""Two-step verification (TOTP) for the staff who issue ICs, which are signed with the office's DSC.

django-otp keeps the devices and counts wrong codes in a row (with its own 1, 2, 4, 8 … second
back-off); on top of that, five wrong codes in a row lock the device for LOCK_MINUTES.
"""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from functools import wraps
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.permissions import BasePermission

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common.redirects import safe_next

from .models import ApiToken, Role

ISSUER = "icportal"
DEVICE_NAME = "Authenticator app"
MAX_FAILURES = 5
LOCK_MINUTES = 15


def needs_second_factor(user) -> bool:
    """Office staff and head office, when STAFF_2FA_REQUIRED is on; never member users."""
    return (
        settings.STAFF_2FA_REQUIRED
        and user.is_authenticated
        and user.role in (Role.STAFF, Role.HEAD_OFFICE)
    )


def is_verified(request) -> bool:
    """True when this session passed a code (django-otp's OTPMiddleware sets is_verified)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def request_verified(request) -> bool:
    """This request carries a second factor: a verified session, or an API token made from one."""
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        return token.second_factor
    return is_verified(request)


class SecondFactorForSigning(BasePermission):
    """The API's counterpart of otp_required_for_signing: issuing, replacing and cancelling an IC
    need the code for staff, whether through the website or through the API."""

    code = "second_factor_required"
    message = gettext_lazy(
        "Issuing, replacing or cancelling an IC needs two-step verification: call from a session "
        "verified with your code, or with an API token created from such a session."
    )

    def has_permission(self, request, view) -> bool:
        return not needs_second_factor(request.user) or request_verified(request)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def unconfirmed_device(user) -> TOTPDevice:
    """The device being set up; the same one (and secret) until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def secret_grouped(device: TOTPDevice) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    value = secret(device)
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def otpauth_url(device: TOTPDevice) -> str:
    """django-otp's config_url with our issuer, so the app lists the account as 'icportal'."""
    label = quote(f"{ISSUER}:{device.user.email}")
    params = {
        "secret": secret(device),
        "issuer": ISSUER,
        "algorithm": "SHA1",
        "digits": device.digits,
        "period": device.step,
    }
    return f"otpauth://totp/{label}?{urlencode(params, quote_via=quote)}"


def qr_data_uri(url: str) -> str:
    """An SVG data URI: shown as an <img>, allowed by the CSP (img-src data:), no script."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2)


def locked_until(device: TOTPDevice) -> dt.datetime | None:
    """When the next code may be tried, or None when it may be tried now."""
    until = None
    if device.throttling_failure_count >= MAX_FAILURES and device.throttling_failure_timestamp:
        until = device.throttling_failure_timestamp + dt.timedelta(minutes=LOCK_MINUTES)
    allowed, info = device.verify_is_allowed()
    if not allowed and info and info.get("locked_until"):
        until = max(until or info["locked_until"], info["locked_until"])
    return until if until and until > timezone.now() else None


def _locked_message(until: dt.datetime) -> str:
    seconds = int((until - timezone.now()).total_seconds()) + 1
    if seconds < 60:
        return ngettext(
            "Wait %(seconds)d second before entering another code.",
            "Wait %(seconds)d seconds before entering another code.",
            seconds,
        ) % {"seconds": seconds}
    local = timezone.localtime(until)
    return _(
        "%(count)d wrong codes in a row: two-step verification is paused. "
        "Try again after %(time)s IST."
    ) % {"count": MAX_FAILURES, "time": f"{local:%H:%M}"}


def _check_code(*, user, device_pk: int, code: str, confirm: bool) -> TOTPDevice:
    """Check a code under a row lock; wrong codes are counted (and committed) before refusing."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(
            pk=device_pk, user=user, confirmed=not confirm
        )
        until = locked_until(device)
        if until is not None:
            error = _locked_message(until)
        elif device.verify_token(code):
            if confirm:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            audit_record(
                actor=user,
                verb=Verb.TWO_FACTOR_SET_UP if confirm else Verb.TWO_FACTOR_VERIFIED,
                target=device,
                office=user.office,
                payload={"device": device.name},
            )
            return device
        elif device.throttling_failure_count >= MAX_FAILURES:
            error = _("That code is not right. %(pause)s") % {
                "pause": _locked_message(locked_until(device))
            }
        else:
            left = MAX_FAILURES - device.throttling_failure_count
            error = ngettext(
                "That code is not right: enter the 6-digit code your app shows now "
                "(check the phone's clock). %(left)d try left before a %(minutes)d-minute pause.",
                "That code is not right: enter the 6-digit code your app shows now "
                "(check the phone's clock). %(left)d tries left before a %(minutes)d-minute pause.",
                left,
            ) % {"left": left, "minutes": LOCK_MINUTES}
    raise ValidationError({"code": [error]})


def check_code(*, user, device: TOTPDevice, code: str) -> TOTPDevice:
    """The current code of the user's confirmed device (counted and audited like a sign-in's)."""
    return _check_code(user=user, device_pk=device.pk, code=code, confirm=False)


def backup_code_grouped(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def backup_codes_left(user) -> int:
    return sum(d.token_set.count() for d in StaticDevice.objects.filter(user=user))


def backup_code_verify(request, *, code: str) -> StaticDevice:
    """A backup code instead of the app's code: it is used up (django-otp deletes it)."""
    user = request.user
    code = "".join(code.split()).replace("-", "").lower()
    with transaction.atomic():
        devices = list(StaticDevice.objects.select_for_update().filter(user=user))
        if not all(d.verify_is_allowed()[0] for d in devices):
            # django-otp's back-off after a wrong backup code (1, 2, 4 … seconds).
            raise ValidationError({"code": [_("Wait a few seconds before entering another code.")]})
        device = next((d for d in devices if d.verify_token(code)), None)
        if device is not None:
            left = device.token_set.count()
            audit_record(
                actor=user,
                verb=Verb.TWO_FACTOR_VERIFIED,
                target=device,
                office=user.office,
                payload={"device": device.name, "backup_codes_left": left},
            )
    if device is None:
        raise ValidationError(
            {"code": [_("That backup code is not right, or it was used already: each works once")]}
        )
    otp_login(request, device)
    return device


def device_confirm(request, *, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm a new device with its first code; this session counts as verified."""
    device = _check_code(user=request.user, device_pk=device.pk, code=code, confirm=True)
    otp_login(request, device)
    return device


def session_verify(request, *, device: TOTPDevice, code: str) -> TOTPDevice:
    device = _check_code(user=request.user, device_pk=device.pk, code=code, confirm=False)
    otp_login(request, device)
    return device


# After a code typed on a confirmation page, the next confirmations of the same session need none
# for this long ("sudo mode"): a code works once, so an officer issuing ICs one after another would
# otherwise wait for the app's next code every time. Signing in does not start this window.
STEP_UP_SECONDS = 300
STEP_UP_KEY = "otp_step_up_at"


def step_up_recent(request) -> bool:
    at = request.session.get(STEP_UP_KEY)
    return at is not None and 0 <= timezone.now().timestamp() - at < STEP_UP_SECONDS


def asks_code(request) -> bool:
    """Whether a confirmation page shows the code box: a second factor is asked for, and this
    session has not typed a code on a confirmation page in the last STEP_UP_SECONDS."""
    return needs_second_factor(request.user) and not step_up_recent(request)


def step_up(request, *, code: str) -> bool:
    """The code typed on a confirmation page before signing, cancelling or replacing, even when
    the session is verified already: whoever sits at an open session must still hold the phone.
    Wrong codes count towards the same lockout as at sign-in. True when a code was checked (and
    the session is then verified), False when no second factor is asked for."""
    if not needs_second_factor(request.user):
        return False
    code = (code or "").strip().replace(" ", "")
    if not code and step_up_recent(request):
        return True
    if not code:
        raise ValidationError(
            {"code": [_("Enter the 6-digit code your authenticator app shows now")]}
        )
    device = confirmed_device(request.user)
    if device is None:
        raise ValidationError({"code": [_("Set up two-step verification first")]})
    session_verify(request, device=device, code=code)
    request.session[STEP_UP_KEY] = timezone.now().timestamp()
    return True


def otp_device_required(view):
    """Confirmation pages ask for the code themselves (step_up): only a device must exist."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if needs_second_factor(request.user) and confirmed_device(request.user) is None:
            query = urlencode({"next": _return_to(request)})
            messages.warning(
                request, _("Set up two-step verification before issuing certificates.")
            )
            return redirect(f"{reverse('accounts:two_factor_setup')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped


def _return_to(request) -> str:
    """Where to come back after the code: this page, or for a POST the page it was sent from."""
    if request.method == "GET":
        return request.get_full_path()
    return safe_next(request, request.META.get("HTTP_REFERER"))


def otp_required_for_signing(view):
    """Staff actions that lead to a signed IC need a confirmed device and a verified session."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if needs_second_factor(request.user) and not is_verified(request):
            query = urlencode({"next": _return_to(request)})
            if confirmed_device(request.user) is None:
                messages.warning(
                    request, _("Set up two-step verification before issuing certificates.")
                )
                return redirect(f"{reverse('accounts:two_factor_setup')}?{query}")
            return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped
