from django.urls import path

from . import views

app_name = "esanchit"

urlpatterns = [
    path("", views.upload_list, name="uploads"),
    path("<int:pk>/retry/", views.upload_retry, name="retry"),
    path("<int:pk>/manual/", views.upload_mark_manual, name="mark_manual"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/zip/", views.batch_zip, name="batch_zip"),
]
