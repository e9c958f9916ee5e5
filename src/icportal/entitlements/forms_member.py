"""The member's EPC application form. The service checks the values; the form shapes them."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icportal.common.dates import financial_year, financial_year_bounds

_TEXT = {"class": "form-control"}


def year_choices() -> list[tuple[str, str]]:
    """This financial year, and the previous one while it is being settled."""
    current = financial_year()
    previous = financial_year(financial_year_bounds(current)[0] - dt.timedelta(days=1))
    return [
        (current, _("%(year)s — this financial year") % {"year": current}),
        (
            previous,
            _("%(year)s — last financial year (only until it is settled)") % {"year": previous},
        ),
    ]


def year_before(fy: str) -> str:
    return financial_year(financial_year_bounds(fy)[0] - dt.timedelta(days=1))


class EpcApplyForm(forms.Form):
    financial_year = forms.ChoiceField(
        label=gettext_lazy("Which year is the entitlement for?"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": gettext_lazy("Choose the financial year of the entitlement")},
    )
    ca_certificate = forms.FileField(
        label=gettext_lazy("Chartered accountant's certificate (PDF)"),
        help_text=gettext_lazy(
            "The CA's certificate of last year's FOB value of your own manufactured exports. "
            "PDF only, at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={**_TEXT, "accept": "application/pdf,.pdf"}),
        error_messages={
            "required": gettext_lazy("Attach the chartered accountant's certificate as a PDF")
        },
    )

    def __init__(self, *args, segments, **kwargs):
        """`segments`: the segments of the chosen group that the firm is registered for."""
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = year_choices()
        self.fields["financial_year"].initial = financial_year()
        self.segments = list(segments)
        for segment in self.segments:
            self.fields[f"fob_{segment.code}"] = forms.CharField(
                label=_("%(segment)s: FOB value (₹)") % {"segment": segment.name},
                required=False,
                help_text=_(
                    "Own manufactured exports only, in rupees, like 12500000.00. "
                    "Leave empty if none."
                ),
                widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"}),
            )
        # Fields in reading order: year, FOB per segment, certificate.
        order = ["financial_year", *(f"fob_{s.code}" for s in self.segments), "ca_certificate"]
        self.order_fields(order)

    def fob_lines(self) -> dict[str, str]:
        return {
            s.code: (self.cleaned_data.get(f"fob_{s.code}") or "").strip() for s in self.segments
        }

    def fob_field_for(self, message: str) -> str | None:
        """The FOB field a service message is about ('Footwear: the FOB value must be…')."""
        for segment in self.segments:
            if message.startswith(segment.name):
                return f"fob_{segment.code}"
        return f"fob_{self.segments[0].code}" if self.segments else None
