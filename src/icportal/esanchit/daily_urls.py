"""The Bill of Entry ↔ IC table pages, mounted under /outbox/ (config/urls.py) where they have
always been: daily-table mails already sent link to /outbox/ic-table/."""

from django.urls import path

from . import daily_views

app_name = "ic_tables"
urlpatterns = [
    path("daily-table/", daily_views.daily_table, name="daily_table"),
    path("daily-table/<int:pk>/", daily_views.daily_table_version, name="daily_table_version"),
    path("ic-table/", daily_views.ic_table, name="ic_table"),
]
