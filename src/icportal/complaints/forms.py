"""Complaint and ticket forms: they parse input; the services validate identifiers and decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from icportal.common.forms import DayField

from .models import Cause

_TEXT = {"class": "form-control"}
_MONO = {"class": "form-control font-monospace", "autocapitalize": "characters"}


class ComplaintForm(forms.Form):
    """The boxes only read what was typed: which are required, and their messages, come from
    validation.quoted_clean, the one rule the API follows too."""

    company_name = forms.CharField(
        label=_("Name of the company"), max_length=200, widget=forms.TextInput(_TEXT)
    )
    iec = forms.CharField(
        label=_("IE Code (as in the Bill of Entry)"), max_length=20, widget=forms.TextInput(_MONO)
    )
    boe_no = forms.CharField(
        label=_("Bill of Entry number"), max_length=20, widget=forms.TextInput(_MONO)
    )
    boe_date = DayField(label=_("Bill of Entry date"))
    port_code = forms.CharField(
        label=_("Port code"),
        max_length=10,
        widget=forms.TextInput(_MONO),
        help_text=_("Like INMAA1"),
    )
    ic_number = forms.CharField(
        label=_("Import Certificate number quoted"), max_length=40, widget=forms.TextInput(_MONO)
    )
    drn = forms.CharField(label=_("DRN quoted"), max_length=40, widget=forms.TextInput(_MONO))
    irn = forms.CharField(label=_("IRN quoted"), max_length=40, widget=forms.TextInput(_MONO))
    uploader_icegate_id = forms.CharField(
        label=_("Uploader ICEGATE ID quoted"), max_length=30, widget=forms.TextInput(_MONO)
    )
    official_name = forms.CharField(
        label=_("Name of the customs official"), max_length=120, widget=forms.TextInput(_TEXT)
    )
    official_designation = forms.CharField(
        label=_("Designation of the customs official"),
        max_length=120,
        widget=forms.TextInput(_TEXT),
    )
    official_mobile = forms.CharField(
        label=_("Mobile number of the customs official"),
        max_length=20,
        widget=forms.TextInput(_TEXT),
        help_text=_("10 digits, like 98400 12345"),
    )
    officer_said = forms.CharField(
        label=_("What the officer said"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, **_TEXT}),
    )
    screenshot = forms.FileField(
        label=_("Screenshot of the error (optional)"),
        required=False,
        help_text=_("PNG or JPEG, up to 2 MB"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": "image/png,image/jpeg"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, **_TEXT}),
        error_messages={"required": _("Write the note")},
    )
    member_visible = forms.BooleanField(
        label=_("Send to the member as an update (e-mailed)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the member (e-mailed; the complaint waits for the reply)"),
        max_length=4000,
        error_messages={"required": _("Write the question for the member")},
        widget=forms.Textarea(attrs={"rows": 3, **_TEXT}),
    )


class MemberWriteForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply, or more information for the office"),
        max_length=4000,
        error_messages={"required": _("Write your reply")},
        widget=forms.Textarea(attrs={"rows": 4, **_TEXT}),
    )


class ResolveForm(forms.Form):
    cause = forms.ChoiceField(
        label=_("Cause"),
        choices=[("", _("Choose…")), *Cause.choices],
        error_messages={"required": _("Choose the cause from the list")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    resolution = forms.CharField(
        label=_("What was found and what the member should do (mailed)"),
        max_length=4000,
        error_messages={"required": _("Say what was found and what the member should do")},
        widget=forms.Textarea(attrs={"rows": 3, **_TEXT}),
    )
