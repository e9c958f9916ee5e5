from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "icportal.notifications"
    label = "notifications"
