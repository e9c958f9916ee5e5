from django.urls import path

from . import api

urlpatterns = [
    path("offices/", api.OfficeList.as_view(), name="office-list"),
    path("offices/<str:code>/", api.OfficeDetail.as_view(), name="office-detail"),
]
