"""Forms for the office and head-office pages: EPC decisions, scheme parameters, eligible items."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icportal.common.forms import DayField

from .models import SegmentGroup

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_MONEY = {"class": "form-control", "inputmode": "decimal"}


class EpcReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What the member must correct"),
        error_messages={"required": gettext_lazy("Say what the member must correct")},
        max_length=2000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
    )


class SchemeVersionForm(forms.Form):
    """New parameters from a date. One percentage box per segment group (rate_<code>)."""

    effective_from = DayField(
        label=gettext_lazy("In force from"),
        error_messages={"required": gettext_lazy("Enter the date, like 01/04/2027")},
        help_text=gettext_lazy("The first day the new parameters apply (IST)."),
    )
    notification_number = forms.CharField(
        label=gettext_lazy("Customs notification"),
        error_messages={"required": gettext_lazy("Enter the customs notification number and date")},
        help_text=gettext_lazy("Number and date, like 45/2025-Customs dated 24.10.2025."),
        max_length=80,
        widget=forms.TextInput(attrs=_TEXT),
    )
    notification_serials = forms.CharField(
        label=gettext_lazy("Serial numbers of the DFIS entries"),
        error_messages={"required": gettext_lazy("Enter the serial numbers, like 288, 311, 312")},
        help_text=gettext_lazy("As printed in the notification, like 288, 311, 312."),
        max_length=120,
        widget=forms.TextInput(attrs=_TEXT),
    )
    ic_document_type_code = forms.CharField(
        label=gettext_lazy("e-SANCHIT document type code for an IC"),
        error_messages={
            "required": gettext_lazy("Enter the 6-character document type code, like CLEIC1")
        },
        help_text=gettext_lazy("6 letters or digits, as given by CBIC, like CLEIC1."),
        max_length=6,
        widget=forms.TextInput(attrs={**_TEXT, "autocapitalize": "characters"}),
    )
    charges_enabled = forms.BooleanField(
        label=gettext_lazy("Service charges are collected"),
        required=False,
        widget=forms.CheckboxInput,
    )
    epc_service_charge = forms.DecimalField(
        label=gettext_lazy("Service charge per EPC (₹, before GST)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=Decimal(0),
        widget=forms.TextInput(attrs=_MONEY),
    )
    ic_service_charge = forms.DecimalField(
        label=gettext_lazy("Service charge per IC (₹, before GST)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=Decimal(0),
        widget=forms.TextInput(attrs=_MONEY),
    )
    service_charge_gst_percent = forms.DecimalField(
        label=gettext_lazy("GST on service charges (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=Decimal(18),
        widget=forms.TextInput(attrs=_MONEY),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )

    def __init__(self, *args, in_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_force = in_force
        self.groups = list(SegmentGroup.objects.all())
        for group in self.groups:
            self.fields[f"rate_{group.code}"] = forms.DecimalField(
                label=_("Percentage of FOB for %(group)s") % {"group": group.name},
                error_messages={"required": _("Enter the percentage, like 5.00")},
                max_digits=6,
                decimal_places=2,
                widget=forms.TextInput(attrs={**_MONEY, "size": 6}),
            )
        self.fields["charges_enabled"].widget.attrs["class"] = "form-check-input"

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        if self.in_force is not None and day < self.in_force.effective_from:
            raise forms.ValidationError(
                _(
                    "The new parameters cannot start before those in force (from %(date)s): "
                    "earlier periods stay as they were"
                )
                % {"date": f"{self.in_force.effective_from:%d/%m/%Y}"}
            )
        return day

    @property
    def rate_fields(self):
        return [self[f"rate_{g.code}"] for g in self.groups]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["rates"] = {g.code: data.pop(f"rate_{g.code}") for g in self.groups}
        return data


class EligibleItemForm(forms.Form):
    segment_group = forms.ModelChoiceField(
        label=gettext_lazy("Segment group"),
        queryset=SegmentGroup.objects.all(),
        empty_label=None,
        widget=forms.Select(attrs=_SELECT),
    )
    name = forms.CharField(
        label=gettext_lazy("Item"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter the item's name as members know it")},
        widget=forms.TextInput(attrs=_TEXT),
    )
    hs_code = forms.CharField(
        label=gettext_lazy("HS code (optional)"),
        help_text=gettext_lazy(
            "8 digits, like 96071100. Leave empty when the item has no single HS code."
        ),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "numeric"}),
    )
    needs_affidavit = forms.BooleanField(
        label=gettext_lazy("An affidavit is required (Annexure III)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note for members"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=_TEXT),
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("On the eligible list (members can choose it)"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


def item_initial(item) -> dict:
    return {
        "segment_group": item.segment_group_id,
        "name": item.name,
        "hs_code": item.hs_code,
        "needs_affidavit": item.needs_affidavit,
        "note": item.note,
        "is_active": item.is_active,
    }


def scheme_initial(version) -> dict:
    """Start the new parameters from those in force: only what changes needs typing."""
    if version is None:
        return {}
    initial = {
        key: getattr(version, key)
        for key in (
            "notification_number",
            "notification_serials",
            "ic_document_type_code",
            "charges_enabled",
            "epc_service_charge",
            "ic_service_charge",
            "service_charge_gst_percent",
        )
    }
    initial.update({f"rate_{r.segment_group.code}": r.percentage for r in version.rates.all()})
    return initial
