from django.urls import path

from . import api

app = "ic-applications/<slug:slug>"
cert = "certificates/<slug:slug>"
urlpatterns = [
    path("ic-applications/", api.ApplicationListCreate.as_view(), name="ic-application-list"),
    path("ic-applications/counts/", api.ApplicationCounts.as_view(), name="ic-application-counts"),
    path(f"{app}/", api.ApplicationDetail.as_view(), name="ic-application-detail"),
    path(f"{app}/attachments/", api.ApplicationAttachments.as_view(), name="ic-attachments"),
    path(f"{app}/submit/", api.ApplicationSubmit.as_view(), name="ic-application-submit"),
    path(f"{app}/reply/", api.ApplicationReply.as_view(), name="ic-application-reply"),
    path(f"{app}/urgent-flag/", api.ApplicationUrgentFlag.as_view(), name="ic-application-flag"),
    path(f"{app}/withdraw/", api.ApplicationWithdraw.as_view(), name="ic-application-withdraw"),
    path(f"{app}/clone/", api.ApplicationClone.as_view(), name="ic-application-clone"),
    path(f"{app}/assign/", api.ApplicationAssign.as_view(), name="ic-application-assign"),
    path(f"{app}/query/", api.ApplicationQueryRaise.as_view(), name="ic-application-query"),
    path(f"{app}/reject/", api.ApplicationReject.as_view(), name="ic-application-reject"),
    path(f"{app}/charge/", api.ApplicationCharge.as_view(), name="ic-application-charge"),
    path(f"{app}/issue/", api.ApplicationIssue.as_view(), name="ic-application-issue"),
    path(f"{app}/urgent/", api.ApplicationUrgent.as_view(), name="ic-application-urgent"),
    path("urgent-requests/<int:pk>/approve/", api.UrgentApprove.as_view(), name="urgent-approve"),
    path("urgent-requests/<int:pk>/decline/", api.UrgentDecline.as_view(), name="urgent-decline"),
    path("certificates/", api.CertificateList.as_view(), name="certificate-list"),
    path(f"{cert}/", api.CertificateDetail.as_view(), name="certificate-detail"),
    path(f"{cert}/cancel/", api.CertificateCancel.as_view(), name="certificate-cancel"),
    path(f"{cert}/replace/", api.CertificateReplace.as_view(), name="certificate-replace"),
    path(f"{cert}/assessed-boe/", api.CertificateBoeReport.as_view(), name="certificate-boe"),
    path("assessed-boes/", api.AssessedBoeList.as_view(), name="assessed-boe-list"),
    path("assessed-boes/overdue/", api.AssessedBoeOverdue.as_view(), name="assessed-boe-overdue"),
    path(
        "assessed-boes/<int:pk>/review/",
        api.AssessedBoeReview.as_view(),
        name="assessed-boe-review",
    ),
]
