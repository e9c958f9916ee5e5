from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_edit, name="new"),
    path("mine/", views.mine, name="mine"),
    path("mine/icegate/", views.icegate_guide, name="icegate_guide"),
    path("import/", views.import_members, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<str:iec>/", views.member_detail, name="detail"),
    path("<str:iec>/edit/", views.member_edit, name="edit"),
    path("<str:iec>/icegate/verify/", views.icegate_verify, name="icegate_verify"),
    path("<str:iec>/icegate/reject/", views.icegate_reject, name="icegate_reject"),
    path("<str:iec>/invite/", views.invite, name="invite"),
]
