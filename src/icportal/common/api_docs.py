"""The OpenAPI schema and its Swagger page: public in development, signed-in users only when
API_SCHEMA_REQUIRES_LOGIN is on (production), so the API's shape is not published to anyone.

The page draws offline and under our CSP: Swagger UI comes from drf-spectacular-sidecar's static
files (SWAGGER_UI_DIST = "SIDECAR"), its start-up script from this view's `?script` answer (the
split view) rather than an inline <script>, and its page styles from a static file."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny, BasePermission


class SchemaAccess(BasePermission):
    def has_permission(self, request, view) -> bool:
        return not settings.API_SCHEMA_REQUIRES_LOGIN or bool(request.user.is_authenticated)


class SchemaView(SpectacularAPIView):
    permission_classes = [SchemaAccess]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]  # checked in get(): a redirect, not DRF's 401
    template_name = "common/swagger_ui.html"  # no inline <style> (the CSP refuses it)

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        # A person opening the docs in a browser goes to the sign-in page rather than a JSON 403.
        if not SchemaAccess().has_permission(request, self):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:login')}?{query}")
        return super().get(request, *args, **kwargs)
