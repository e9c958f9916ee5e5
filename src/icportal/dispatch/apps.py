from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "icportal.dispatch"
    label = "dispatch"
    verbose_name = "Physical copies and dispatch"
