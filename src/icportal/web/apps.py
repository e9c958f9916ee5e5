from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "icportal.web"
    label = "web"
