from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "icportal.demo"
    label = "demo"
    verbose_name = "Demo data"
