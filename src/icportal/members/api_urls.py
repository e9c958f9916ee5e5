from django.urls import path

from . import api

urlpatterns = [
    path("members/", api.MemberListCreate.as_view(), name="member-list"),
    path("members/<str:iec>/", api.MemberDetail.as_view(), name="member-detail"),
    path(
        "members/<str:iec>/icegate-registration/",
        api.IcegateRegistrationView.as_view(),
        name="member-icegate",
    ),
    path(
        "members/<str:iec>/icegate-registration/verify/",
        api.IcegateVerifyView.as_view(),
        name="member-icegate-verify",
    ),
    path(
        "members/<str:iec>/icegate-registration/reject/",
        api.IcegateRejectView.as_view(),
        name="member-icegate-reject",
    ),
]
