"""Forms for the dispatch pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from icportal.common.forms import DayField

from .addresses import STATES
from .models import MEMBER_REASONS, DeliverTo, Method

_TEXT = {"class": "form-control"}
ADDRESS_FIELDS = ("address_name", "address", "address_city", "address_state", "address_pincode")


class CopyRequestForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you need a physical copy?"),
        choices=[(r.value, r.label) for r in MEMBER_REASONS],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose why you need a physical copy")},
    )
    reason_text = forms.CharField(
        label=_("More detail"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required when the reason is “Other”: what happened at customs."),
    )
    deliver_to = forms.ChoiceField(
        label=_("Where should it go?"),
        choices=DeliverTo.choices,
        initial=DeliverTo.REGISTERED,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose where the copy should go")},
    )
    address_name = forms.CharField(
        label=_("Who receives it"),
        required=False,
        max_length=200,
        help_text=_("A person, or the firm's name."),
        widget=forms.TextInput(attrs=_TEXT),
    )
    address = forms.CharField(
        label=_("Building, street and area"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )
    address_city = forms.CharField(
        label=_("Town or city"), required=False, max_length=80, widget=forms.TextInput(attrs=_TEXT)
    )
    address_state = forms.ChoiceField(
        label=_("State or union territory"),
        required=False,
        choices=[("", _("Choose the state"))] + [(s, s) for s in STATES],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    address_pincode = forms.CharField(
        label=_("PIN code"),
        required=False,
        max_length=7,
        help_text=_("6 digits, like 600032."),
        widget=forms.TextInput(
            attrs={**_TEXT, "inputmode": "numeric", "autocomplete": "postal-code"}
        ),
    )

    def __init__(self, *args, registered: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if registered:  # the radio names the address it means
            self.fields["deliver_to"].choices = [
                (value, f"{label}: {registered}" if value == DeliverTo.REGISTERED else label)
                for value, label in DeliverTo.choices
            ]

    def service_args(self) -> dict:
        data = self.cleaned_data
        return {
            "reason": data["reason"],
            "reason_text": data.get("reason_text", ""),
            "deliver_to": data["deliver_to"],
            "address": {key: data.get(key, "") for key in ADDRESS_FIELDS},
        }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining (the member reads it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("Say why: the member reads it")},
    )


COURIER_FIELDS = ("courier_name", "docket_no", "dispatch_date")
HAND_FIELDS = ("receiver_name", "receiver_id")


class DispatchForm(forms.Form):
    """How the printed copy left: by courier (courier, docket, date) or handed over (receiver, ID).
    Only the chosen method's boxes count; the service says which of them are missing."""

    method = forms.ChoiceField(
        label=_("How is it sent?"),
        choices=Method.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose courier or hand-over at the office"),
            "invalid_choice": _("Choose courier or hand-over at the office"),
        },
    )
    courier_name = forms.CharField(
        label=_("Courier"),
        required=False,
        max_length=80,
        help_text=_("The courier company, like Blue Dart."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    docket_no = forms.CharField(
        label=_("Docket number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control font-monospace"}),
    )
    dispatch_date = DayField(label=_("Date sent"), required=False)
    receiver_name = forms.CharField(
        label=_("Receiver's name"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    receiver_id = forms.CharField(
        label=_("Receiver's ID seen (type and number)"),
        required=False,
        max_length=80,
        help_text=_("Like Aadhaar XXXX XXXX 1234, or the firm's authority letter."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("method")
        ignored = {Method.COURIER: HAND_FIELDS, Method.HAND: COURIER_FIELDS}.get(method, ())
        for name in ignored:  # hidden once a method is chosen: what is typed there is not sent
            self.errors.pop(name, None)
            cleaned.pop(name, None)
        return cleaned
