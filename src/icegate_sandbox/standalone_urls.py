"""ROOT_URLCONF for `icportal sandbox`: only the sandbox, at the same /sandbox/icegate/ prefix."""

from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(url="/sandbox/icegate/", permanent=False)),
    path("sandbox/icegate/", include("icegate_sandbox.urls")),
]
