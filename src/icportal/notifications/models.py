"""The outbox: every e-mail is a row with a status, so nothing is lost and staff can resend."""

from django.db import models


class EmailStatus(models.TextChoices):
    READY = "ready", "Ready to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    KEPT = "kept", "Kept in outbox (no mail relay configured)"


class Email(models.Model):
    template = models.CharField(max_length=40)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="emails"
    )
    office = models.ForeignKey(
        "offices.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="emails"
    )
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.READY)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Links carry one-time secrets (set-password tokens): the row keeps them so a resend works,
    # and only staff of the right scope and the addressee can read them.
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"]), models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"
