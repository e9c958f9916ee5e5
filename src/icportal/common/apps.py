from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "icportal.common"
    label = "common"
