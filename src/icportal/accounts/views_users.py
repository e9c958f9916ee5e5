"""Head office's users pages: the list, one account (role and office), removing a lost
authenticator and deactivating, each irreversible step behind its own confirmation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from icportal.audit.exports import export_list
from icportal.audit.formatters import describe
from icportal.offices.models import Office
from icportal.web.forms import apply_errors

from . import otp, selectors, services, user_admin
from .forms import AdminCodeForm, StaffInviteForm, UserEditForm
from .models import Role


def account_status(user) -> str:
    if not user.is_active:
        return "Deactivated"
    return "Active" if user.has_usable_password() else "Invited"


def two_step_status(user) -> str:
    if user.role == Role.MEMBER:
        return "Not used"
    return "Set up" if user.two_factor else "Not set up"


USER_COLUMNS = (
    ("Name", "full_name"),
    ("E-mail", "email"),
    ("Role", lambda u: u.get_role_display()),
    ("Office", "office.name"),
    ("Member firm", "member.legal_name"),
    ("IEC", "member.iec"),
    ("Status", account_status),
    ("Two-step", two_step_status),
    ("Backup codes left", lambda u: u.backup_codes if u.role != Role.MEMBER else None),
    ("Last sign-in (IST)", "last_login"),
    ("Joined (IST)", "date_joined"),
)
SORTS = (
    ("", "Role, then name"),
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("office", "Office"),
    ("-last_sign_in", "Last sign-in, latest first"),
    ("last_sign_in", "Last sign-in, never first"),
)


@login_required
def users(request):
    """Head office: all accounts, invite staff."""
    qs = selectors.user_list(user=request.user, filters=request.GET.dict())
    if request.method == "GET" and "export" in request.GET:
        return export_list(request, "users", USER_COLUMNS, qs)
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.user_invite(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Invitation sent to {invited.email}.")
            return redirect("accounts:users")
    return render(
        request,
        "accounts/users.html",
        {
            "page": Paginator(qs, 30).get_page(request.GET.get("page")),
            "form": form,
            "filters": request.GET,
            "roles": Role.choices,
            "offices": Office.objects.all(),
            "sorts": SORTS,
        },
    )


@login_required
def user_detail(request, pk):
    """One account: its sign-in and two-step status; role and office for staff accounts."""
    target = selectors.user_get(user=request.user, pk=pk)
    editable = target.role != Role.MEMBER and target.pk != request.user.pk and target.is_active
    initial = {"role": target.role, "office": target.office}
    form = UserEditForm(request.POST or None, initial=initial) if editable else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            user_admin.user_update(by=request.user, user=target, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{target.email}: role and office saved.")
            return redirect("accounts:user_detail", pk=target.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "form": form,
            "status": account_status(target),
            "two_step": two_step_status(target),
            "events": _events(request.user, target),
        },
    )


def _events(user, target) -> list:
    events = list(
        selectors.audit_timeline(
            user=user, target_type="accounts.user", target_id=str(target.pk), limit=20
        )
    )
    for event in events:
        event.sentence = describe(event)
    return events


@login_required
def user_reset_two_factor(request, pk):
    """Confirmation page: remove a lost authenticator, with the admin's own current code."""
    target = selectors.user_get(user=request.user, pk=pk)
    asks_code = otp.needs_second_factor(request.user)
    form = AdminCodeForm(request.POST or None) if asks_code else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            removed = user_admin.two_factor_reset_by_admin(
                by=request.user, user=target, code=form.cleaned_data["code"] if form else ""
            )
        except ValidationError as exc:
            if form is None:
                messages.error(request, " ".join(exc.messages))
            else:
                apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"Authenticator removed for {target.email} ({removed} device(s)); their API "
                "tokens are revoked. They set up a new app at their next signing action.",
            )
            return redirect("accounts:user_detail", pk=target.pk)
    return render(
        request,
        "accounts/user_confirm.html",
        {"target": target, "form": form, "action": "reset"},
    )


@login_required
def user_deactivate(request, pk):
    """Confirmation page (GET), then deactivation (POST): sign-ins and API tokens stop working."""
    target = selectors.user_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.user_deactivate(by=request.user, user=target)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:user_detail", pk=target.pk)
        messages.success(request, f"{target.email} can no longer sign in.")
        return redirect("accounts:users")
    return render(
        request,
        "accounts/user_confirm.html",
        {"target": target, "form": None, "action": "deactivate"},
    )
