from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "icportal.workbench"
    label = "workbench"

    def ready(self):
        from . import home  # imports models: only once the app registry is ready

        home.register()
