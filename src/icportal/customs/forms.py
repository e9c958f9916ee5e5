from django import forms

from icportal.common.identifiers import IdentifierError, normalise_port_code

from .models import DIRECTORY_FIELDS, CustomsHouse


class CustomsHouseForm(forms.ModelForm):
    class Meta:
        model = CustomsHouse
        fields = DIRECTORY_FIELDS
        labels = {"name": "Name of the customs house", "is_active": "In use"}
        help_texts = {
            "officer_email": "Notices of cancelled and replaced ICs are mailed here.",
            "to_be_confirmed": "Tick while the address is a placeholder: notices then wait for "
            "the office to send them by hand.",
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
    how = forms.CharField(
        label="How and to whom it was sent",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text="For example: by speed post to the Assistant Commissioner, ICD Kanpur, on 07/12.",
    )
