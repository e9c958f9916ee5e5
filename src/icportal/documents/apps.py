from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "icportal.documents"
    label = "documents"
