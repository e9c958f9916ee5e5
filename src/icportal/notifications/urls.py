from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/", views.email_detail, name="detail"),
    path("<int:pk>/resend/", views.email_resend, name="resend"),
]
