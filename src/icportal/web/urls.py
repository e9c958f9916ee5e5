from django.urls import path

from icportal.reports import search

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search.search, name="search"),
]
