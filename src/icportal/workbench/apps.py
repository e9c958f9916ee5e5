from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "icportal.workbench"
    label = "workbench"
