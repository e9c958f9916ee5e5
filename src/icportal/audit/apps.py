from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "icportal.audit"
    label = "audit"
