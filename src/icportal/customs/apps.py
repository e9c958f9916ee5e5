from django.apps import AppConfig


class CustomsConfig(AppConfig):
    name = "icportal.customs"
    label = "customs"
    verbose_name = "Customs houses and notices to customs"
