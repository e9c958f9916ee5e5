from django.urls import path

from . import api

urlpatterns = [
    path("customs-houses/", api.CustomsHouseList.as_view(), name="customs-house-list"),
    path(
        "customs-houses/<str:port_code>/",
        api.CustomsHouseDetail.as_view(),
        name="customs-house-detail",
    ),
    path("customs-notices/", api.NoticeList.as_view(), name="customs-notice-list"),
    path(
        "customs-notices/<int:pk>/hand-sent/",
        api.NoticeHandSent.as_view(),
        name="customs-notice-hand-sent",
    ),
    path("customs-notices/<int:pk>/send/", api.NoticeSend.as_view(), name="customs-notice-send"),
]
