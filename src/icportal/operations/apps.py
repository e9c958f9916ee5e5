from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "icportal.operations"
    label = "operations"
    verbose_name = "Operations"
