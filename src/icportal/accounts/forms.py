from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from icportal.common.net import client_ip
from icportal.offices.models import Office


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}
        ),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "form-control"}
        ),
    )


class ResetForm(PasswordResetForm):
    """Queues the reset mail in the outbox instead of sending it inline."""

    email = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"class": "form-control"})
    )

    def save(self, **kwargs):
        from .services import password_reset_request

        password_reset_request(
            email=self.cleaned_data["email"], ip=client_ip(kwargs.get("request"))
        )


class InviteForm(forms.Form):
    full_name = forms.CharField(
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"class": "form-control"}),
        error_messages={
            "required": "Enter an e-mail address, like name@firm.in",
            "invalid": "Enter an e-mail address, like name@firm.in",
        },
    )
    designation = forms.CharField(
        max_length=120, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label="Token name",
        help_text="Where the token is used, like 'Broker software'.",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class StaffInviteForm(InviteForm):
    role = forms.ChoiceField(
        choices=[("staff", "Office staff"), ("head_office", "Head-office admin")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    office = forms.ModelChoiceField(
        queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(is_active=True)


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code",
        max_length=12,
        help_text="The code your authenticator app shows now for icportal.",
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
            raise forms.ValidationError("Enter the 6 digits your app shows, like 123456")
        return code


class SecondFactorForm(OtpCodeForm):
    """The app's 6-digit code, or one of the staff member's backup codes (like abcd-efgh)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "6-digit code or backup code"
        self.fields["code"].help_text = (
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
            "Enter the 6 digits your app shows, like 123456, or a backup code, like abcd-efgh"
        )


class UserEditForm(forms.Form):
    role = forms.ChoiceField(
        choices=[("staff", "Office staff"), ("head_office", "Head-office admin")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    office = forms.ModelChoiceField(
        queryset=None,
        required=False,
        help_text="Office staff see only this office; head-office admins see every office.",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(is_active=True)


class AdminCodeForm(OtpCodeForm):
    """The acting admin's own current code, on a confirmation page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Your own 6-digit code"
        self.fields["code"].help_text = "The code your authenticator app shows now: this is you."
        self.fields["code"].widget.attrs.pop("autofocus", None)
