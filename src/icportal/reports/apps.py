from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "icportal.reports"
    label = "reports"

    def ready(self):
        from . import member_home  # imports models: only once the app registry is ready

        member_home.register()
