from django.urls import path

from . import api

one = "complaints/<slug:slug>"
urlpatterns = [
    path("complaints/", api.ComplaintListCreate.as_view(), name="complaint-list"),
    path(f"{one}/", api.ComplaintDetail.as_view(), name="complaint-detail"),
    path(f"{one}/diagnose/", api.ComplaintDiagnose.as_view(), name="complaint-diagnose"),
    path(f"{one}/assign/", api.ComplaintAssign.as_view(), name="complaint-assign"),
    path(f"{one}/notes/", api.ComplaintNote.as_view(), name="complaint-note"),
    path(f"{one}/ask/", api.ComplaintAsk.as_view(), name="complaint-ask"),
    path(f"{one}/messages/", api.ComplaintWrite.as_view(), name="complaint-write"),
    path(f"{one}/escalate/", api.ComplaintEscalate.as_view(), name="complaint-escalate"),
    path(f"{one}/resolve/", api.ComplaintResolve.as_view(), name="complaint-resolve"),
]
