from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from icportal.common.net import client_ip
from icportal.offices.models import Office


class LoginForm(AuthenticationForm):
    error_messages = {
        # Django's own Hindi for these reads poorly (and names the field oddly): ours, same English.
        "invalid_login": _(
            "Please enter a correct email address and password. Note that both fields may be "
            "case-sensitive."
        ),
        "inactive": AuthenticationForm.error_messages["inactive"],
    }
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}
        ),
    )
    password = forms.CharField(
        label=pgettext_lazy("form field", "Password"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "form-control"}
        ),
    )


class ResetForm(PasswordResetForm):
    """Queues the reset mail in the outbox instead of sending it inline."""

    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"class": "form-control"})
    )

    def save(self, **kwargs):
        from .services import password_reset_request

        password_reset_request(
            email=self.cleaned_data["email"], ip=client_ip(kwargs.get("request"))
        )


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("Enter the person's full name")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"class": "form-control"}),
        error_messages={
            "required": _("Enter an e-mail address, like name@firm.in"),
            "invalid": _("Enter an e-mail address, like name@firm.in"),
        },
    )
    designation = forms.CharField(
        label=_("Designation"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label=_("Token name"),
        help_text=_("Where the token is used, like 'Broker software'."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class StaffInviteForm(InviteForm):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("staff", _("Office staff")), ("head_office", _("Head-office admin"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(is_active=True)


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        help_text=_("The code your authenticator app shows now for icportal."),
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("Enter the 6 digits your app shows, like 123456"))
        return code


class SecondFactorForm(OtpCodeForm):
    """The app's 6-digit code, or one of the staff member's backup codes (like abcd-efgh)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("6-digit code or backup code")
        self.fields["code"].help_text = _(
            "The code your authenticator app shows now for icportal. Lost the phone? "
            "Enter one of your backup codes instead."
        )
        self.fields["code"].widget.attrs["inputmode"] = "text"

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) == 6 and code.isascii() and code.isdigit():
            return code
        backup = code.replace("-", "").lower()
        if len(backup) == 8 and backup.isascii() and backup.isalnum():
            return backup
        raise forms.ValidationError(
            _("Enter the 6 digits your app shows, like 123456, or a backup code, like abcd-efgh")
        )


class UserEditForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("staff", _("Office staff")), ("head_office", _("Head-office admin"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=None,
        required=False,
        help_text=_("Office staff see only this office; head-office admins see every office."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(is_active=True)


class AdminCodeForm(OtpCodeForm):
    """The acting admin's own current code, on a confirmation page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Your own 6-digit code")
        self.fields["code"].help_text = _("The code your authenticator app shows now: this is you.")
        self.fields["code"].widget.attrs.pop("autofocus", None)


class UserLanguageForm(forms.Form):
    """Head office sets the language of someone's pages and mails (the users page, issue 18)."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("As the browser asks (mails in English)")), *settings.LANGUAGES],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
