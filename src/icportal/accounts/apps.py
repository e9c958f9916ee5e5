from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "icportal.accounts"
    label = "accounts"
