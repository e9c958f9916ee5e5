from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Office


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["code", "name", "region", "icegate_id", "address", "email", "phone", "is_active"]
        help_texts = {"code": _("Three capital letters, used in IC numbers (CLE/CHN/IC/…).")}
        # The labels the model's fields give, marked here (a verbose_name would be a migration).
        labels = {
            "code": _("Code"),
            "name": _("Name"),
            "region": _("Region"),
            "icegate_id": _("ICEGATE ID"),
            "address": _("Address"),
            "email": pgettext_lazy("form field", "Email"),
            "phone": _("Phone"),
            "is_active": _("Is active"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code is part of every IC number already issued: it never changes.
            self.fields["code"].disabled = True
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-control"
            else:
                field.widget.attrs["class"] = "form-check-input"
        self.fields["address"].widget.attrs["rows"] = 3

    def clean_icegate_id(self):
        return self.cleaned_data["icegate_id"].upper()

    def clean_code(self):
        return self.cleaned_data["code"].upper()
