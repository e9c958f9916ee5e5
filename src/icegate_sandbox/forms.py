"""Forms of the registration pages: the fields of the circular, nothing more."""

from __future__ import annotations

from django import forms


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "input")
            described = [f"{name}-hint"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*described, f"{name}-error"])

    def annotate(self):
        """Mark the fields in error for assistive technology (called before rendering)."""
        if self.is_bound:
            for name in self.errors:
                if name in self.fields:
                    self.fields[name].widget.attrs["aria-invalid"] = "true"
        return self


class SimplifiedStartForm(_Form):
    iec = forms.CharField(
        label="IEC", max_length=20, help_text="10 characters: your firm's PAN, like AAACC1234D"
    )
    gstin = forms.CharField(
        label="GSTIN", max_length=20, help_text="15 characters, like 33AAACC1234D1ZJ"
    )
    temporary_password = forms.CharField(
        label="Password",
        max_length=64,
        required=False,
        help_text="The temporary password e-mailed to the address registered with GST",
        widget=forms.PasswordInput(render_value=False),
    )
    captcha = forms.CharField(label="Captcha", max_length=4, required=False)


class SimplifiedDetailsForm(_Form):
    icegate_id = forms.CharField(
        label="ICEGATE ID",
        max_length=40,
        help_text="Up to 25 letters or digits, no spaces or symbols",
    )
    password = forms.CharField(
        label="New password",
        max_length=128,
        strip=False,
        help_text="At least 8 characters with an upper-case and a lower-case letter, a digit "
        "and a special character",
        widget=forms.PasswordInput,
    )
    confirm_password = forms.CharField(
        label="Confirm password", max_length=128, strip=False, widget=forms.PasswordInput
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password")
            and cleaned.get("confirm_password")
            and cleaned["password"] != cleaned["confirm_password"]
        ):
            self.add_error("confirm_password", "The two passwords are not the same.")
        return cleaned


class SimplifiedOtpForm(_Form):
    email_otp = forms.CharField(
        label="E-mail OTP", max_length=6, min_length=6, help_text="6 digits, sent to your e-mail"
    )
    mobile_otp = forms.CharField(
        label="Mobile OTP", max_length=6, min_length=6, help_text="6 digits, sent to your mobile"
    )


class LoginForm(_Form):
    icegate_id = forms.CharField(label="ICEGATE ID", max_length=40)
    password = forms.CharField(
        label="Password", max_length=128, strip=False, widget=forms.PasswordInput
    )
