"""The forms of the confirmation pages (issue, urgent approval, cancel, replace, bulk issue).

The code field is there only when STAFF_2FA_REQUIRED asks the officer for one
(accounts.otp.needs_second_factor); it is checked by accounts.otp.step_up, not here.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

AREA = {"class": "form-control", "rows": 3}


class OneTimeCodeInput(forms.TextInput):
    """A code is good once: a page shown again (wrong code, stale page) starts with an empty box."""

    def format_value(self, value):
        return None


CODE_WIDGET = OneTimeCodeInput(
    attrs={
        "class": "form-control",
        "autocomplete": "one-time-code",
        "inputmode": "numeric",
        "maxlength": "8",
        "size": "8",
        "spellcheck": "false",
    }
)


class ConfirmForm(forms.Form):
    """What the officer saw (the application's version) and, when asked for, the code."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The 6-digit code the app shows now. It is asked for every time you sign."),
        required=False,
        max_length=12,
        widget=CODE_WIDGET,
    )

    def __init__(self, *args, ask_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_code = ask_code
        if not ask_code:
            del self.fields["code"]


class CancelConfirmForm(ConfirmForm):
    """Cancelling an IC: the reason (the member reads it), then the code."""

    reason = forms.CharField(
        label=_("Why the IC is cancelled (the member sees it)"),
        max_length=2000,
        error_messages={"required": _("Give the reason for cancelling: the member sees it")},
        widget=forms.Textarea(attrs=AREA),
    )
    field_order = ["reason", "version", "code"]
