from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "icportal.certificates"
    label = "certificates"
