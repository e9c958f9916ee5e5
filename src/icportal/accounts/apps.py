from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "icportal.accounts"
    label = "accounts"

    def ready(self):
        from . import sign_ins  # noqa: F401  (connects the sign-in audit to Django's signals)
