from django import forms
from django.utils.translation import gettext_lazy as _

from icportal.common.identifiers import IdentifierError, normalise_port_code

from .models import DIRECTORY_FIELDS, CustomsHouse


class CustomsHouseForm(forms.ModelForm):
    class Meta:
        model = CustomsHouse
        fields = DIRECTORY_FIELDS
        # Every label here (a verbose_name added on the model would be a migration).
        labels = {
            "port_code": _("Port code"),
            "name": _("Name of the customs house"),
            "officer_name": _("Nodal officer's name"),
            "officer_email": _("Nodal officer's e-mail"),
            "to_be_confirmed": _("To be confirmed"),
            "is_active": _("In use"),
        }
        help_texts = {
            "officer_email": _("Notices of cancelled and replaced ICs are mailed here."),
            "to_be_confirmed": _(
                "Tick while the address is a placeholder: notices then wait for "
                "the office to send them by hand."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Notices already sent name the port code: it never changes.
            self.fields["port_code"].disabled = True
        self.fields["port_code"].validators = []  # checked (and normalised) in clean_port_code
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = "form-control"

    def clean_port_code(self):
        if self.instance.pk:
            return self.instance.port_code
        try:
            return normalise_port_code(self.cleaned_data["port_code"])
        except IdentifierError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def validate_unique(self):
        """The service says it in words ("already in the directory: edit it")."""


class HandSentForm(forms.Form):
    """ "Mark sent by hand", one per notice in a list: `notice_pk` names the row, so the box's id
    (how-<pk>) is the one the error summary links to."""

    how = forms.CharField(
        label=_("How and to whom it was sent"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_(
            "For example: by speed post to the Assistant Commissioner, ICD Kanpur, on 07/12."
        ),
        # The service's own words, so an empty box reads the same from the page and the API.
        error_messages={"required": _("Say how and to whom it was sent (e.g. by post to …)")},
    )

    def __init__(self, *args, notice_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice_pk = notice_pk
        if notice_pk is not None:
            self.fields["how"].widget.attrs["id"] = f"how-{notice_pk}"
