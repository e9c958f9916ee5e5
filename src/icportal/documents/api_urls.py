from django.urls import path

from .api import VerifyCodeView, VerifyUploadView

urlpatterns = [
    path("verify/", VerifyUploadView.as_view(), name="verify_upload"),
    path("verify/<str:code>/", VerifyCodeView.as_view(), name="verify_code"),
]
