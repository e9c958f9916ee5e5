"""/search/ — the navbar's search box, routed by reports (which owns it), not by web."""

from django.urls import path

from . import search

app_name = "search"
urlpatterns = [
    path("", search.search, name="search"),
]
