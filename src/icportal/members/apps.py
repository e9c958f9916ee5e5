from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "icportal.members"
    label = "members"
