from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "icportal.offices"
    label = "offices"
