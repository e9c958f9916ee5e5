from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "icportal.documents"
    label = "documents"

    def ready(self):
        from . import checks  # noqa: F401  (registers the TSA / trust anchors deploy check)
