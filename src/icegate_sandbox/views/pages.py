"""Web pages: simplified registration in the circular's screens, the login check, the mailbox."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from icegate_sandbox import selectors
from icegate_sandbox.captcha import captcha_check, captcha_new
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.forms import (
    LoginForm,
    SimplifiedDetailsForm,
    SimplifiedOtpForm,
    SimplifiedStartForm,
)
from icegate_sandbox.identifiers import mask_email, mask_mobile
from icegate_sandbox.models import SimplifiedRegistration
from icegate_sandbox.services import accounts, simplified
from icegate_sandbox.views.templating import render

Status = SimplifiedRegistration.Status


def _form_error(form, error: SandboxError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, f"{error.message} ({error.code})")


def _page(request, name, *, form=None, status=200, **context):
    if form is not None:
        form.annotate()
    return render(request, name, {"form": form, **context}, status=status)


def home(request):
    return _page(request, "home.html")


def simplified_start(request):
    """Screen 1: IEC, GSTIN → temporary password to the GST e-mail; then password + captcha."""
    form = SimplifiedStartForm(request.POST or None)
    sent_to = request.session.get("icegate_sandbox_sent_to")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "send":
                pending = simplified.simplified_start(iec=data["iec"], gstin=data["gstin"])
                sent_to = mask_email(pending.taxpayer.email)
                request.session["icegate_sandbox_sent_to"] = sent_to
                form = SimplifiedStartForm(initial={"iec": data["iec"], "gstin": data["gstin"]})
            else:
                if not data["temporary_password"]:
                    form.add_error("temporary_password", "Enter the temporary password.")
                if not captcha_check(request, data["captcha"]):
                    form.add_error("captcha", "Enter the answer to the captcha question.")
                if form.is_valid():
                    pending = simplified.simplified_verify(
                        iec=data["iec"],
                        gstin=data["gstin"],
                        temporary_password=data["temporary_password"],
                    )
                    request.session.pop("icegate_sandbox_sent_to", None)
                    return redirect(
                        reverse("icegate_sandbox:register_details", args=[pending.registration_id])
                    )
        except SandboxError as error:
            _form_error(form, error)
    status = 400 if form.is_bound and form.errors else 200
    return _page(
        request,
        "register_start.html",
        form=form,
        captcha_question=captcha_new(request),
        sent_to=sent_to,
        status=status,
    )


def _pending_or_page(request, registration_id, allowed):
    pending = SimplifiedRegistration.objects.filter(registration_id=registration_id).first()
    if pending is None or pending.status not in allowed:
        return None, _page(request, "register_gone.html", pending=pending, status=404)
    return pending, None


def simplified_details(request, registration_id):
    """Screen 2: e-mail and mobile from the GST records (shown, not editable), ID and password."""
    pending, gone = _pending_or_page(request, registration_id, (Status.VERIFIED, Status.OTP_SENT))
    if gone:
        return gone
    form = SimplifiedDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            simplified.simplified_complete(
                registration_id=registration_id,
                icegate_id=form.cleaned_data["icegate_id"],
                password=form.cleaned_data["password"],
            )
            return redirect(reverse("icegate_sandbox:register_otp", args=[registration_id]))
        except SandboxError as error:
            _form_error(form, error)
    return _page(
        request,
        "register_details.html",
        form=form,
        pending=pending,
        email=mask_email(pending.email),
        mobile=mask_mobile(pending.mobile),
        status=400 if form.is_bound and form.errors else 200,
    )


def simplified_otp(request, registration_id):
    """Screen 3: the two 6-digit OTPs."""
    pending, gone = _pending_or_page(request, registration_id, (Status.OTP_SENT,))
    if gone:
        return gone
    form = SimplifiedOtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            simplified.simplified_confirm(registration_id=registration_id, **form.cleaned_data)
            return redirect(reverse("icegate_sandbox:register_done", args=[registration_id]))
        except SandboxError as error:
            _form_error(form, error)
    return _page(
        request,
        "register_otp.html",
        form=form,
        pending=pending,
        email=mask_email(pending.email),
        mobile=mask_mobile(pending.mobile),
        status=400 if form.is_bound and form.errors else 200,
    )


def simplified_done(request, registration_id):
    pending, gone = _pending_or_page(request, registration_id, (Status.COMPLETED,))
    if gone:
        return gone
    return _page(request, "register_done.html", pending=pending)


def login(request):
    """The final check of the circular: log in and see 'Welcome to ICEGATE'."""
    form = LoginForm(request.POST or None)
    welcome = None
    if request.method == "POST" and form.is_valid():
        try:
            welcome, _token = accounts.login(**form.cleaned_data)
        except SandboxError as error:
            _form_error(form, error)
    return _page(
        request,
        "login.html",
        form=form,
        welcome=welcome,
        status=400 if form.is_bound and form.errors else 200,
    )


def mailbox(request):
    to = request.GET.get("to", "").replace("\x00", "").strip()[:254]
    return _page(request, "mailbox.html", to=to, messages=selectors.mailbox(to=to))
