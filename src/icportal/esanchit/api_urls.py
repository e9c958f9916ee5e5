from django.urls import path

from . import api

urlpatterns = [
    path("uploads/", api.UploadListView.as_view(), name="upload_list"),
    path("uploads/<int:pk>/retry/", api.UploadRetryView.as_view(), name="upload_retry"),
    path("upload-batches/", api.BatchListView.as_view(), name="upload_batches"),
    path("upload-batches/<int:pk>/record/", api.BatchRecordView.as_view(), name="batch_record"),
    path("upload-batches/<int:pk>/zip/", api.BatchZipView.as_view(), name="batch_zip"),
]
