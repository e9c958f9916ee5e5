"""Forms for the dispatch pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms

from .models import MEMBER_REASONS, Method


class CopyRequestForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why do you need a physical copy?",
        choices=[(r.value, r.label) for r in MEMBER_REASONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you need a physical copy"},
    )
    reason_text = forms.CharField(
        label="More detail",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text="Required when the reason is “Other”: what happened at customs, or where to send it.",
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining (the member reads it)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": "Say why: the member reads it"},
    )


class DispatchForm(forms.Form):
    method = forms.ChoiceField(
        label="How is it sent?", choices=Method.choices, widget=forms.RadioSelect
    )
    courier_name = forms.CharField(
        label="Courier",
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    docket_no = forms.CharField(
        label="Docket number",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control font-monospace"}),
    )
    dispatch_date = forms.DateField(
        label="Date sent",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    receiver_name = forms.CharField(
        label="Receiver's name (hand-over)",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    receiver_id = forms.CharField(
        label="Receiver's ID seen (type and number)",
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
