"""/ic/ … — applications and certificates. Views live in views/member.py and views/staff.py."""

from django.urls import path

from .views import member, scrutiny, staff

app_name = "certificates"
urlpatterns = [
    # member (and staff acting for a member where it makes sense)
    path("", member.mine, name="mine"),
    path("apply/", member.apply, name="apply"),
    path("applications/<slug:slug>/", member.application, name="application"),
    path("applications/<slug:slug>/edit/", member.application_edit, name="application_edit"),
    path("applications/<slug:slug>/items/upload/", member.items_upload, name="items_upload"),
    path("applications/<slug:slug>/attachments/", member.attachment_add, name="attachment_add"),
    path(
        "applications/<slug:slug>/attachments/<int:pk>/",
        member.attachment_download,
        name="attachment_download",
    ),
    path(
        "applications/<slug:slug>/attachments/<int:pk>/preview/",
        scrutiny.attachment_preview,
        name="attachment_preview",
    ),
    path("applications/<slug:slug>/notes/", scrutiny.note_add, name="note_add"),
    path("applications/<slug:slug>/totals/", member.application_totals, name="application_totals"),
    path("applications/<slug:slug>/check/", member.application_check, name="application_check"),
    path("applications/<slug:slug>/reply/", member.application_reply, name="application_reply"),
    path("applications/<slug:slug>/clone/", member.application_clone, name="application_clone"),
    path(
        "applications/<slug:slug>/withdraw/",
        member.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<slug:slug>/urgent-flag/",
        member.application_urgent,
        name="application_urgent",
    ),
    path("certificates/<slug:slug>/", member.certificate, name="certificate"),
    path("certificates/<slug:slug>/boe/", member.boe_report, name="boe_report"),
    # office staff
    path("queue/", staff.queue, name="queue"),
    path("applications/<slug:slug>/assign/", staff.assign, name="assign"),
    path("applications/<slug:slug>/query/", staff.query, name="query"),
    path("applications/<slug:slug>/reject/", staff.reject, name="reject"),
    path("applications/<slug:slug>/charge/", staff.charge, name="charge"),
    path("applications/<slug:slug>/issue/", staff.issue, name="issue"),
    path("applications/<slug:slug>/urgent/", staff.urgent, name="urgent"),
    path("urgent/<int:pk>/approve/", staff.urgent_approve, name="urgent_approve"),
    path("urgent/<int:pk>/decline/", staff.urgent_decline, name="urgent_decline"),
    path("certificates/<slug:slug>/cancel/", staff.cancel, name="cancel"),
    path("certificates/<slug:slug>/replace/", staff.replace, name="replace"),
    path("reconciliation/", staff.boe_list, name="boe_list"),
    path("reconciliation/<int:pk>/review/", staff.boe_review, name="boe_review"),
    path("reconciliation/<int:pk>/copy/", staff.boe_copy, name="boe_copy"),
]
