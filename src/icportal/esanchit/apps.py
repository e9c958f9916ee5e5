from django.apps import AppConfig


class EsanchitConfig(AppConfig):
    name = "icportal.esanchit"
    verbose_name = "e-SANCHIT uploads"

    def ready(self):
        from . import checks  # noqa: F401  (registers the ICEGATE credentials check)
