from django import forms
from django.utils.translation import gettext_lazy as _

from icportal.common.forms import DayField

from .models import RegistrationMethod, Segment, VerificationMethod
from .validation import member_data_clean, reference_data

_TEXT = {"class": "form-control"}


class MemberForm(forms.Form):
    legal_name = forms.CharField(
        label=_("Legal name (as registered with GSTN)"),
        max_length=200,
        widget=forms.TextInput(attrs=_TEXT),
    )
    iec = forms.CharField(
        label=_("IEC"),
        max_length=14,
        help_text=_("10 characters: the firm's PAN, like AAACC1234D."),
        widget=forms.TextInput(attrs={**_TEXT, "autocapitalize": "characters"}),
    )
    gstins = forms.CharField(
        label=_("GSTINs"),
        help_text=_(
            "One per line; the first is the principal GSTIN. 15 characters, like 33AAACC1234D1ZJ."
        ),
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )
    segments = forms.MultipleChoiceField(
        label=_("Product segments"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    office_code = forms.ChoiceField(label=_("Serving office"))
    rcmc_number = forms.CharField(
        label=_("RCMC number"), required=False, max_length=40, widget=forms.TextInput(attrs=_TEXT)
    )
    rcmc_valid_from = DayField(label=_("RCMC valid from"), required=False)
    rcmc_valid_to = DayField(label=_("RCMC valid to"), required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={**_TEXT, "rows": 2})
    )
    city = forms.CharField(
        label=_("City"), required=False, max_length=80, widget=forms.TextInput(attrs=_TEXT)
    )
    state = forms.CharField(
        label=_("State"), required=False, max_length=60, widget=forms.TextInput(attrs=_TEXT)
    )
    pincode = forms.CharField(
        label=_("PIN code"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "numeric"}),
    )
    gstn_email = forms.EmailField(
        label=_("E-mail registered with GSTN"),
        help_text=_("ICEGATE sends IRNs and its temporary password to this address."),
        widget=forms.EmailInput(attrs=_TEXT),
    )
    gstn_mobile = forms.CharField(
        label=_("Mobile registered with GSTN"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "tel"}),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference = reference_data()
        self.fields["segments"].choices = [(s.code, s.name) for s in Segment.objects.all()]
        self.fields["office_code"].choices = [(o.code, f"{o.name} ({o.code})") for o in offices]
        self.fields["office_code"].widget.attrs["class"] = "form-select"
        self.member_data = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data, errors = member_data_clean(cleaned, **self.reference)
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        self.member_data = data
        return cleaned


def member_initial(member) -> dict:
    return {
        "legal_name": member.legal_name,
        "iec": member.iec,
        "gstins": "\n".join(g.gstin for g in member.gstins.all()),
        "segments": [s.code for s in member.segments.all()],
        "office_code": member.office.code,
        "rcmc_number": member.rcmc_number,
        "rcmc_valid_from": member.rcmc_valid_from,
        "rcmc_valid_to": member.rcmc_valid_to,
        "address": member.address,
        "city": member.city,
        "state": member.state,
        "pincode": member.pincode,
        "gstn_email": member.gstn_email,
        "gstn_mobile": member.gstn_mobile,
    }


class IcegateClaimForm(forms.Form):
    icegate_id = forms.CharField(
        label=_("Your ICEGATE ID"),
        max_length=40,
        help_text=_("The user name you chose on ICEGATE: up to 25 letters and digits, no spaces."),
        widget=forms.TextInput(
            attrs={**_TEXT, "autocapitalize": "characters", "class": "form-control copy-box"}
        ),
    )
    method = forms.ChoiceField(
        label=_("How did you register?"),
        choices=RegistrationMethod.choices,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("E-mail ICEGATE has for your firm"),
        help_text=_("Usually the e-mail registered with GSTN. ICEGATE sends the IRN here."),
        widget=forms.EmailInput(attrs=_TEXT),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VerifyForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How did you check it?"),
        choices=VerificationMethod.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose how you checked the ICEGATE ID")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.TextInput(attrs=_TEXT)
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why could it not be confirmed?"),
        max_length=500,
        widget=forms.TextInput(attrs=_TEXT),
        error_messages={"required": _("Say why the ICEGATE ID could not be confirmed")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Member list (CSV or XLSX)"),
        help_text=_("Columns as in the template below. At most 10 MB and 20,000 rows."),
        widget=forms.ClearableFileInput(attrs={**_TEXT, "accept": ".csv,.xlsx"}),
    )
