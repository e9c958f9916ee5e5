from django.apps import AppConfig


class EsanchitConfig(AppConfig):
    name = "icportal.esanchit"
    verbose_name = "e-SANCHIT uploads"
