"""Forms of the member's IC pages. They only shape input; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icportal.common.countries import countries
from icportal.common.forms import DAY_EXAMPLE, DayField, DayInput
from icportal.common.money import format_inr

from .models import AttachmentKind, Channel

_TEXT = {"class": "form-control"}


def epc_label(epc) -> str:
    return gettext("%(number)s — %(group)s, %(year)s (entitlement %(amount)s)") % {
        "number": epc.number,
        "group": epc.segment_group.name,
        "year": epc.financial_year,
        "amount": format_inr(epc.entitlement),
    }


class ApplyForm(forms.Form):
    epc = forms.ModelChoiceField(
        label=_("Which EPC does this import draw on?"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose the EPC this IC draws on")},
    )

    def __init__(self, *args, epcs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epc"].queryset = epcs
        self.fields["epc"].label_from_instance = epc_label
        if len(epcs) == 1:  # the usual case: one EPC per year and segment group
            self.fields["epc"].initial = epcs[0].pk


class HeaderForm(forms.Form):
    """The application's header. Everything is optional on a draft; submission checks it all."""

    epc = forms.ChoiceField(label=_("EPC this IC draws on"), required=False)
    invoice_no = forms.CharField(
        label=_("Invoice number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=_TEXT),
    )
    invoice_date = forms.CharField(
        label=_("Invoice date"),
        required=False,
        help_text=format_lazy(
            "{} {}",
            _("The date on the overseas supplier's invoice. It cannot be in the future."),
            DAY_EXAMPLE,
        ),
        widget=DayInput,
    )
    supplier_name = forms.CharField(
        label=_("Overseas supplier's name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=_TEXT),
    )
    supplier_address = forms.CharField(
        label=_("Overseas supplier's address"),
        required=False,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )
    country_of_origin = forms.CharField(
        label=_("Country of origin"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    port_code = forms.CharField(
        label=_("Port of import (port code)"),
        required=False,
        max_length=10,
        help_text=_(
            "6 characters as on the Bill of Entry, like INMAA1 (Chennai sea) or INMAA4 (Chennai air)."
        ),
        widget=forms.TextInput(attrs={**_TEXT, "autocapitalize": "characters"}),
    )
    channel = forms.ChoiceField(
        label=_("How are the goods imported?"),
        choices=Channel.choices,
        initial=Channel.ICES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose how the goods are imported"),
            "invalid_choice": _("Choose how the goods are imported"),
        },
    )
    boe_no = forms.CharField(
        label=_("Bill of Entry number (if you already have it)"),
        required=False,
        max_length=10,
        help_text=_("7 digits, like 4567890. Leave empty if the Bill of Entry is not filed yet."),
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "numeric"}),
    )
    boe_date = forms.CharField(
        label=_("Bill of Entry date"), required=False, help_text=DAY_EXAMPLE, widget=DayInput
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, epcs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.epcs = {str(epc.pk): epc for epc in epcs}
        self.fields["epc"].choices = [("", gettext("Choose the EPC"))] + [
            (pk, epc_label(epc)) for pk, epc in self.epcs.items()
        ]
        self.fields["epc"].widget.attrs["class"] = "form-select"
        self.fields["country_of_origin"].widget.choices = [
            ("", gettext("Choose a country")),
            *countries().items(),
        ]

    def header(self) -> dict:
        return {
            key: self.cleaned_data.get(key) for key in self.fields if key not in ("epc", "version")
        }

    def chosen_epc(self):
        return self.epcs.get(self.cleaned_data.get("epc") or "")


def header_initial(application) -> dict:
    from .validation import HEADER_FIELDS

    initial = {key: getattr(application, key) for key in HEADER_FIELDS}
    initial["epc"] = str(application.epc_id or "")
    initial["version"] = application.version
    return initial


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is this document?"),
        choices=AttachmentKind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose what the document is")},
    )
    file = forms.FileField(
        label=_("Document (PDF)"),
        help_text=_("PDF only, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={**_TEXT, "accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Choose the PDF file to upload")},
    )
    eligible_item = forms.ChoiceField(
        label=_("Which item is the affidavit for?"),
        required=False,
        help_text=_("Only for an affidavit: the item whose affidavit (Annexure III) this is."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, affidavit_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eligible_item"].choices = [("", gettext("Not an affidavit")), *affidavit_items]
        if not affidavit_items:  # nothing in this application needs one: no such choice
            del self.fields["eligible_item"]
            self.fields["kind"].choices = [
                c for c in AttachmentKind.choices if c[0] != AttachmentKind.AFFIDAVIT
            ]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your reply to the office"),
        max_length=4000,
        help_text=_(
            "Answer the question above. If you changed the application, say what you changed."
        ),
        widget=forms.Textarea(attrs={**_TEXT, "rows": 5}),
        error_messages={"required": _("Write your reply to the office's question")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BoeReportForm(forms.Form):
    boe_no = forms.CharField(
        label=_("Bill of Entry number"),
        max_length=10,
        help_text=_("7 digits, as on the assessed Bill of Entry, like 4567890."),
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "numeric"}),
        error_messages={"required": _("Enter the Bill of Entry number")},
    )
    boe_date = DayField(
        label=_("Bill of Entry date"),
        error_messages={"required": _("Enter the Bill of Entry date")},
    )
    port_code = forms.CharField(
        label=_("Port of import (port code)"),
        max_length=10,
        help_text=_("6 characters, like INMAA1."),
        widget=forms.TextInput(attrs={**_TEXT, "autocapitalize": "characters"}),
        error_messages={"required": _("Enter the port code, like INMAA1")},
    )
    assessed_value = forms.CharField(
        label=_("Assessed value (₹)"),
        help_text=_("The assessable value Customs accepted, in rupees, like 125000.00."),
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"}),
        error_messages={"required": _("Enter the assessed value in rupees")},
    )
    assessed_copy = forms.FileField(
        label=_("Assessed copy of the Bill of Entry (PDF)"),
        help_text=_("PDF only, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={**_TEXT, "accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Attach the assessed copy of the Bill of Entry as a PDF")},
    )


class UrgentFlagForm(forms.Form):
    urgent_reason = forms.CharField(
        label=_("Why is it urgent?"),
        required=False,
        max_length=1000,
        help_text=_("For example: the goods are at the port and demurrage starts on 12/03."),
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )
