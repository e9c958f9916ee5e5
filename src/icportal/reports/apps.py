from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "icportal.reports"
    label = "reports"
