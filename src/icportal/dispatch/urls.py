"""/dispatch/ … — physical copies and physical ICs: request, office queue, print, dispatch."""

from django.urls import path

from . import views

app_name = "dispatch"
urlpatterns = [
    path("", views.index, name="index"),
    path("certificates/<slug:slug>/request/", views.request_new, name="request_new"),
    path("certificates/<slug:slug>/open/", views.physical_open, name="physical_open"),
    path("requests/<slug:slug>/", views.detail, name="detail"),
    path("requests/<slug:slug>/approve/", views.approve, name="approve"),
    path("requests/<slug:slug>/decline/", views.decline, name="decline"),
    path("requests/<slug:slug>/print/", views.print_copy, name="print"),
    path("requests/<slug:slug>/copy.pdf", views.copy_pdf, name="copy_pdf"),
    path("requests/<slug:slug>/label/", views.label, name="label"),
    path("requests/<slug:slug>/dispatch/", views.dispatch, name="dispatch"),
    path("requests/<slug:slug>/acknowledge/", views.acknowledge, name="acknowledge"),
]
