"""/reports/ — the dashboard with charts (head office: every office; staff: their own)."""

from django.urls import path

from . import dashboard

app_name = "reports"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("section/<slug:key>/", dashboard.section, name="dashboard_section"),
]
