from django.urls import path

from . import api
from .verification_api import VerifyCodeView, VerifyUploadView

req = "copy-requests/<slug:slug>"
urlpatterns = [
    path("copy-requests/", api.CopyRequestListCreate.as_view(), name="copy-request-list"),
    path(f"{req}/", api.CopyRequestDetail.as_view(), name="copy-request-detail"),
    path(f"{req}/approve/", api.CopyRequestApprove.as_view(), name="copy-request-approve"),
    path(f"{req}/decline/", api.CopyRequestDecline.as_view(), name="copy-request-decline"),
    path(f"{req}/print/", api.CopyRequestPrint.as_view(), name="copy-request-print"),
    path(f"{req}/dispatch/", api.CopyRequestDispatch.as_view(), name="copy-request-dispatch"),
    path(
        f"{req}/acknowledge/",
        api.CopyRequestAcknowledge.as_view(),
        name="copy-request-acknowledge",
    ),
    path("verify/", VerifyUploadView.as_view(), name="verify_upload"),
    path("verify/<str:code>/", VerifyCodeView.as_view(), name="verify_code"),
]
