"""Mounted at /verify/: the public pages, plus document downloads for signed-in users."""

from django.urls import path, re_path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.check, name="check"),
    path("documents/<str:slug>/download/", views.download, name="download"),
    # Numbered certified copies: dispatch's copy register (config/urls.py, dispatch.views_verify).
    path("documents/<str:slug>/retry/", views.retry, name="retry"),
    # The QR code carries SITE_URL/verify/<code> without a trailing slash.
    re_path(r"^(?P<code>[A-Za-z0-9_-]{8,32})/?$", views.verify, name="verify"),
]
