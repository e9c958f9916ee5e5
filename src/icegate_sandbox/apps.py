from django.apps import AppConfig


class IcegateSandboxConfig(AppConfig):
    name = "icegate_sandbox"
    label = "icegate_sandbox"
    verbose_name = "ICEGATE sandbox"
