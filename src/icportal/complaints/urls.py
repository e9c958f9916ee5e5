"""/complaints/ … — "customs cannot use the DRN/IRN": file, diagnose, office tickets, report."""

from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("certificates/<slug:slug>/new/", views.file, name="file"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/diagnose/", views.diagnose, name="diagnose"),
    path("<slug:slug>/assign/", views.assign, name="assign"),
    path("<slug:slug>/note/", views.note, name="note"),
    path("<slug:slug>/ask/", views.ask, name="ask"),
    path("<slug:slug>/write/", views.write, name="write"),
    path("<slug:slug>/escalate/", views.escalate, name="escalate"),
    path("<slug:slug>/resolve/", views.resolve, name="resolve"),
    path("<slug:slug>/screenshot/", views.screenshot, name="screenshot"),
]
