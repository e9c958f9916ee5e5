from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from icportal.common.api_docs import DocsView, SchemaView
from icportal.dispatch import views_verify as verify_views
from icportal.operations import views as operations

# The admin site asks for the two-step code as well as the password (and is off in production
# unless DJANGO_ADMIN_ENABLED): it can change anything, past every service and audit row.
admin.site.__class__ = OTPAdminSite

api_v1 = [
    path("", include("icportal.offices.api_urls")),
    path("", include("icportal.members.api_urls")),
    path("", include("icportal.accounts.api_urls")),
    path("", include("icportal.entitlements.api_urls")),
    path("", include("icportal.certificates.api_urls")),
    path("", include("icportal.esanchit.api_urls")),
    path("", include("icportal.customs.api_urls")),
    path("", include("icportal.dispatch.api_urls")),
    path("", include("icportal.complaints.api_urls")),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api-v1:schema"), name="docs"),
]

urlpatterns = [
    path("", include("icportal.web.urls")),
    path("accounts/", include("icportal.accounts.urls")),
    path("offices/", include("icportal.offices.urls")),
    path("members/", include("icportal.members.urls")),
    path("outbox/", include("icportal.notifications.urls")),
    path("outbox/", include("icportal.esanchit.daily_urls")),  # the BoE ↔ IC table pages
    path("ic/", include("icportal.certificates.urls")),
    path("entitlements/", include("icportal.entitlements.urls")),
    # --- verification by IRN / IC number; certified copies only from the copy register ---
    # Ahead of documents' /verify/ pages: these read e-SANCHIT's IRNs and dispatch's register.
    path("verify/", verify_views.verify_search, name="verify_search"),
    path(
        "verify/documents/<str:slug>/copy/<int:copy_number>/",
        verify_views.certified_copy,
        name="certified_copy",
    ),
    path("verify/", include("icportal.documents.urls")),
    path("esanchit/", include("icportal.esanchit.urls")),
    path("customs/", include("icportal.customs.urls")),
    path("dispatch/", include("icportal.dispatch.urls")),
    path("complaints/", include("icportal.complaints.urls")),
    path("reports/", include("icportal.reports.urls")),
    path("search/", include("icportal.reports.search_urls")),
    path("workbench/", include("icportal.workbench.urls")),
    path("api/v1/", include((api_v1, "api-v1"))),
    # --- operations: health and metrics (docs/operations.md) ---
    path("healthz", operations.healthz, name="healthz"),
    path("metrics", operations.metrics_view, name="metrics"),
]

if settings.DJANGO_ADMIN_ENABLED:
    urlpatterns.append(path("django-admin/", admin.site.urls))

if settings.ICEGATE_SANDBOX_ENABLED:
    urlpatterns.append(path("sandbox/icegate/", include("icegate_sandbox.urls")))

handler403 = "icportal.web.views.error_403"
handler404 = "icportal.web.views.error_404"
handler500 = "icportal.web.views.error_500"
