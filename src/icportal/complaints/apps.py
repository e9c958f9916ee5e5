from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "icportal.complaints"
    label = "complaints"
    verbose_name = "Complaints: customs cannot use the DRN/IRN"
