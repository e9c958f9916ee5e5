"""The dashboard's filter form (GET): a range of IST dates and, for head office, an office."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icportal.common.forms import DayField

from .dashboard_period import DEFAULT_PRESET, MAX_DAYS, Period, preset_period


class DashboardForm(forms.Form):
    # DD/MM/YYYY typed in the box; ISO yyyy-mm-dd still works in links (the presets use it).
    from_date = DayField(label=_("From"), required=False, help_text=_("First day (IST)."))
    to_date = DayField(label=_("To"), required=False, help_text=_("Last day, included."))
    office = forms.ChoiceField(
        label=_("Office"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data, *, offices, head_office: bool, today: dt.date):
        if not data.get("from_date") and not data.get("to_date"):
            default = preset_period(DEFAULT_PRESET, today)  # shown in the boxes, not just used
            data = data.copy()
            data["from_date"], data["to_date"] = default.first.isoformat(), default.last.isoformat()
        super().__init__(data)
        self.offices = {o.code: o for o in offices}
        if head_office:
            self.fields["office"].choices = [("", gettext("All offices"))] + [
                (o.code, o.name) for o in offices
            ]
        else:
            del self.fields["office"]  # office staff always see their own office

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from_date"), cleaned.get("to_date")
        if self.errors:
            return cleaned
        if first is None:
            self.add_error(
                "from_date", gettext("Enter the ‘From’ date, or choose one of the ranges")
            )
        elif last is None:
            self.add_error("to_date", gettext("Enter the ‘To’ date, or choose one of the ranges"))
        elif first > last:
            self.add_error(
                "from_date",
                gettext("The ‘From’ date must be on or before the ‘To’ date (%(last)s)")
                % {"last": f"{last:%d/%m/%Y}"},
            )
        elif (last - first).days + 1 > MAX_DAYS:
            self.add_error(
                "to_date",
                gettext(
                    "Choose at most one year: the ‘To’ date can be at most %(days)s days after "
                    "the ‘From’ date (%(first)s)"
                )
                % {"days": MAX_DAYS - 1, "first": f"{first:%d/%m/%Y}"},
            )
        else:
            cleaned["period"] = Period(first, last)
        office = self.offices.get(cleaned.get("office") or "")
        cleaned["office_id"] = office.pk if office else None
        return cleaned
