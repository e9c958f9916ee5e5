from django.urls import path

from . import views

app_name = "offices"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.edit, name="new"),
    path("manage/<str:code>/", views.edit, name="edit"),
]
