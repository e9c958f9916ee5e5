"""/customs/ … — the customs house directory and the notices sent to customs."""

from django.urls import path

from . import views

app_name = "customs"
urlpatterns = [
    path("houses/", views.houses, name="houses"),
    path("houses/new/", views.house_edit, name="house_new"),
    path("houses/<str:port_code>/", views.house_edit, name="house_edit"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/letter/", views.notice_letter, name="notice_letter"),
    path("notices/<int:pk>/hand/", views.notice_hand, name="notice_hand"),
    path("notices/<int:pk>/send/", views.notice_send, name="notice_send"),
    path("letters/<str:token>/", views.letter, name="letter"),
]
