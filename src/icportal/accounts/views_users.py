"""Head office's users pages: the list, one account (role and office), removing a lost
authenticator and deactivating, each irreversible step behind its own confirmation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from icportal.audit.exports import export_list
from icportal.audit.formatters import describe
from icportal.offices.models import Office
from icportal.web.forms import apply_errors

from . import otp, selectors, services, user_admin
from .forms import AdminCodeForm, StaffInviteForm, UserEditForm, UserLanguageForm
from .models import Role


def account_status(user) -> str:
    if not user.is_active:
        return _("Deactivated")
    return _("Active") if user.has_usable_password() else _("Invited")


def two_step_status(user) -> str:
    if user.role == Role.MEMBER:
        return _("Not used")
    return _("Set up") if user.two_factor else _("Not set up")


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
    ("Language", "language"),
)
SORTS = (
    ("", gettext_lazy("Role, then name")),
    ("name", gettext_lazy("Name A–Z")),
    ("-name", gettext_lazy("Name Z–A")),
    ("office", gettext_lazy("Office")),
    ("-last_sign_in", gettext_lazy("Last sign-in, latest first")),
    ("last_sign_in", gettext_lazy("Last sign-in, never first")),
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
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invited.email})
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
            messages.success(
                request, _("%(email)s: role and office saved.") % {"email": target.email}
            )
            return redirect("accounts:user_detail", pk=target.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "form": form,
            "status": account_status(target),
            "two_step": two_step_status(target),
            "language_form": UserLanguageForm(initial={"language": target.language}),
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
                _(
                    "Authenticator removed for %(email)s (%(count)d device(s)); their API tokens "
                    "are revoked. They set up a new app at their next signing action."
                )
                % {"email": target.email, "count": removed},
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
        messages.success(request, _("%(email)s can no longer sign in.") % {"email": target.email})
        return redirect("accounts:users")
    return render(
        request,
        "accounts/user_confirm.html",
        {"target": target, "form": None, "action": "deactivate"},
    )


@login_required
@require_POST
def user_language(request, pk):
    """Head office sets the language an account reads its pages and mails in (issue 18)."""
    target = selectors.user_get(user=request.user, pk=pk)
    form = UserLanguageForm(request.POST)
    if form.is_valid():
        services.user_language_set(
            by=request.user, user=target, language=form.cleaned_data["language"]
        )
        messages.success(request, _("%(email)s: language saved.") % {"email": target.email})
    else:
        messages.error(request, _("Choose a language from the list."))
    return redirect("accounts:user_detail", pk=target.pk)
