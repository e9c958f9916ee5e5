from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "icportal.entitlements"
    label = "entitlements"
