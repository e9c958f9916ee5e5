"""The sandbox's URLs, mounted at /sandbox/icegate/ (by icportal's urls or `standalone_urls`)."""

from django.urls import path, re_path

from icegate_sandbox.views import (
    api,
    api_admin,
    api_customs,
    api_esanchit,
    api_registration,
    pages,
)

app_name = "icegate_sandbox"

urlpatterns = [
    # Pages
    path("", pages.home, name="home"),
    path("register/simplified/", pages.simplified_start, name="register_start"),
    path(
        "register/simplified/<str:registration_id>/",
        pages.simplified_details,
        name="register_details",
    ),
    path(
        "register/simplified/<str:registration_id>/otp/",
        pages.simplified_otp,
        name="register_otp",
    ),
    path(
        "register/simplified/<str:registration_id>/done/",
        pages.simplified_done,
        name="register_done",
    ),
    path("login/", pages.login, name="login"),
    path("mailbox/", pages.mailbox, name="mailbox"),
    # API: registration
    path(
        "api/registration/simplified/start",
        api_registration.simplified_start,
        name="api_simplified_start",
    ),
    path(
        "api/registration/simplified/verify",
        api_registration.simplified_verify,
        name="api_simplified_verify",
    ),
    path(
        "api/registration/simplified/complete",
        api_registration.simplified_complete,
        name="api_simplified_complete",
    ),
    path(
        "api/registration/simplified/confirm",
        api_registration.simplified_confirm,
        name="api_simplified_confirm",
    ),
    path("api/registration/dsc", api_registration.dsc_register, name="api_dsc"),
    path("api/auth/login", api_registration.login, name="api_login"),
    path("api/registrations", api_registration.registrations, name="api_registrations"),
    # API: e-SANCHIT
    path("api/esanchit/uploads", api_esanchit.upload, name="api_upload"),
    path("api/esanchit/documents", api_esanchit.documents, name="api_documents"),
    path("api/esanchit/documents/<str:irn>", api_esanchit.document, name="api_document"),
    path(
        "api/esanchit/documents/<str:irn>/pdf", api_esanchit.document_pdf, name="api_document_pdf"
    ),
    path("api/esanchit/document-types", api_esanchit.document_types, name="api_document_types"),
    # API: customs, mailbox, administration
    path("api/customs/boe-check", api_customs.boe_check_view, name="api_boe_check"),
    path("api/mailbox", api_admin.mailbox, name="api_mailbox"),
    path("api/admin/gstn-taxpayers", api_admin.gstn_taxpayers, name="api_admin_taxpayers"),
    path("api/admin/faults", api_admin.fault_list, name="api_admin_faults"),
    path("api/admin/stats", api_admin.stats, name="api_admin_stats"),
    re_path(r"^api/(?P<path>.*)$", api.not_found, name="api_not_found"),
]
