from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from icportal.web.forms import apply_errors

from . import otp, selectors, services
from .forms import LoginForm, ResetForm, TokenForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class StyledSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def save(self, commit=True):
        # Through the service: the new password revokes the user's API tokens, with audit rows.
        self.user = services.password_set(
            user=self.user, password=self.cleaned_data["new_password1"]
        )
        return self.user


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = StyledSetPasswordForm
    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set. Sign in with your e-mail address."))
        return super().form_valid(form)


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                second_factor=otp.is_verified(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Token “%(name)s” created. Copy it now: it is not shown again.")
                % {"name": token.name},
            )
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": selectors.api_token_list(user=request.user),
            "new_key": new_key,
            "signs": otp.needs_second_factor(request.user),
            "verified": otp.is_verified(request),
            "lifetime": _lifetime(settings.API_TOKEN_DAYS),
            "strong_lifetime": _lifetime(settings.API_TOKEN_SECOND_FACTOR_DAYS),
        },
    )


def _lifetime(days: int) -> str:
    if days <= 0:
        return _("until it is revoked")
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


@login_required
@require_POST
def token_revoke(request, pk):
    token = selectors.api_token_get(user=request.user, pk=pk)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(
        request,
        _("Token “%(name)s” revoked: software using it can no longer sign in.")
        % {"name": token.name},
    )
    return redirect("accounts:tokens")
