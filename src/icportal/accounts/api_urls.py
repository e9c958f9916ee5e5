from django.urls import path

from . import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
    path("tokens/", api.TokenListCreate.as_view(), name="token-list"),
    path("tokens/<int:pk>/", api.TokenRevoke.as_view(), name="token-revoke"),
]
