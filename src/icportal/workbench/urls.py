"""/workbench/ — the office's start page: queues, ageing and bulk actions."""

from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("", views.index, name="index"),
    path("issue/confirm/", views.issue_confirm, name="issue_confirm"),
    path("issue/", views.issue_start, name="issue_start"),
    path("batches/", views.batches_start, name="batches_start"),
    path("tables/", views.tables_start, name="tables_start"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
]
