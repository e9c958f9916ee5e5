"""Forms for the office's pages: the queue's filters, the action panels, and replacing an IC.

The forms only read what was typed; the services decide whether it is right (one place for rules).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icportal.common.countries import countries
from icportal.common.forms import DayField

from .models import Channel
from .validation import UNITS

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_AREA = {"class": "form-control", "rows": 3}


class QueryForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the member"),
        error_messages={"required": _("Write the question for the member")},
        help_text=_("The member is e-mailed this text and answers on the application."),
        max_length=4000,
        widget=forms.Textarea(attrs=_AREA),
    )


class ReasonForm(forms.Form):
    """Reject, cancel, decline an urgent request: the member (or the requester) sees the reason."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        error_messages={"required": _("Give the reason")},
        widget=forms.Textarea(attrs=_AREA),
    )


class ChargeForm(forms.Form):
    receipt_no = forms.CharField(
        label=_("Receipt number"),
        max_length=40,
        error_messages={"required": _("Enter the receipt number")},
        widget=forms.TextInput(attrs=_TEXT),
    )


class IssueForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class BoeReviewForm(forms.Form):
    post_adjustment = forms.BooleanField(required=False)


class ReplaceForm(forms.Form):
    """The header of the replacement IC, pre-filled from the original, and why it changed."""

    reason = forms.CharField(
        label=_("What changed, and why"),
        error_messages={"required": _("Say what changed: the member sees it")},
        help_text=_("The member sees this in the e-mail about the replacement."),
        max_length=2000,
        widget=forms.Textarea(attrs={**_AREA, "rows": 2}),
    )
    invoice_no = forms.CharField(
        label=_("Invoice number"), max_length=40, widget=forms.TextInput(attrs=_TEXT)
    )
    invoice_date = DayField(label=_("Invoice date"))
    supplier_name = forms.CharField(
        label=_("Overseas supplier"), max_length=200, widget=forms.TextInput(attrs=_TEXT)
    )
    supplier_address = forms.CharField(
        label=_("Supplier's address"), widget=forms.Textarea(attrs={**_AREA, "rows": 2})
    )
    country_of_origin = forms.ChoiceField(
        label=_("Country of origin"), widget=forms.Select(_SELECT)
    )
    port_code = forms.CharField(
        label=_("Port of import"),
        help_text=_("Port code, like INMAA1 (Chennai sea) or INMAA4 (Chennai air)."),
        max_length=6,
        widget=forms.TextInput(attrs={**_TEXT, "autocapitalize": "characters"}),
    )
    channel = forms.ChoiceField(
        label=_("How the goods are imported"), choices=Channel.choices, widget=forms.Select(_SELECT)
    )
    boe_no = forms.CharField(
        label=_("Bill of Entry number"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "numeric"}),
    )
    boe_date = DayField(label=_("Bill of Entry date"), required=False)

    HEADER = (
        "invoice_no",
        "invoice_date",
        "supplier_name",
        "supplier_address",
        "country_of_origin",
        "port_code",
        "channel",
        "boe_no",
        "boe_date",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country_of_origin"].choices = [
            ("", gettext("Choose a country")),
            *countries().items(),
        ]

    @property
    def header(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in self.HEADER}


class ItemLineForm(forms.Form):
    """One item line. Every box is optional here: the service checks the line as a whole."""

    eligible_item = forms.CharField(required=False, widget=forms.Select(attrs=_SELECT))
    description = forms.CharField(
        required=False, max_length=300, widget=forms.TextInput(attrs=_TEXT)
    )
    hs_code = forms.CharField(
        required=False, max_length=10, widget=forms.TextInput(attrs={**_TEXT, "size": 8})
    )
    quantity = forms.CharField(
        required=False, widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"})
    )
    unit = forms.CharField(
        required=False,
        widget=forms.Select(attrs=_SELECT, choices=[("", "—"), *((u, u) for u in UNITS)]),
    )
    value_inr = forms.CharField(
        required=False, widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"})
    )
    currency = forms.CharField(
        required=False, max_length=3, widget=forms.TextInput(attrs={**_TEXT, "size": 3})
    )
    foreign_amount = forms.CharField(
        required=False, widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"})
    )
    exchange_rate = forms.CharField(
        required=False, widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"})
    )

    def __init__(self, *args, item_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eligible_item"].widget.choices = [
            ("", gettext("Choose an item")),
            *item_choices,
        ]

    def row(self) -> dict | None:
        """The typed line, or None when every box is empty."""
        data = {k: (v or "").strip() for k, v in self.cleaned_data.items()}
        return data if any(data.values()) else None


ItemLineFormSet = forms.formset_factory(ItemLineForm, extra=1, max_num=200, validate_max=True)


def item_initial(application) -> list[dict]:
    return [
        {
            "eligible_item": str(line.eligible_item_id),
            "description": line.description,
            "hs_code": line.hs_code,
            "quantity": f"{line.quantity.normalize():f}",
            "unit": line.unit,
            "value_inr": f"{line.value_inr:.2f}",
            "currency": line.currency,
            "foreign_amount": "" if line.foreign_amount is None else f"{line.foreign_amount:.2f}",
            "exchange_rate": "" if line.exchange_rate is None else f"{line.exchange_rate}",
        }
        for line in application.items.all()
    ]


def header_initial(application) -> dict:
    return {key: getattr(application, key) for key in ReplaceForm.HEADER}
