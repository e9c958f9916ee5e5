"""Append-only audit trail: who did what to which record, written in the same transaction."""

from django.conf import settings
from django.db import models


class Verb(models.TextChoices):
    OFFICE_CREATED = "office.created", "Office created"
    OFFICE_UPDATED = "office.updated", "Office updated"
    MEMBER_CREATED = "member.created", "Member created"
    MEMBER_UPDATED = "member.updated", "Member updated"
    MEMBERS_IMPORTED = "member.imported", "Members imported"
    ICEGATE_CLAIMED = "icegate.claimed", "ICEGATE ID claimed"
    ICEGATE_VERIFIED = "icegate.verified", "ICEGATE ID verified"
    ICEGATE_REJECTED = "icegate.rejected", "ICEGATE ID claim rejected"
    USER_INVITED = "user.invited", "User invited"
    USER_DEACTIVATED = "user.deactivated", "User deactivated"
    TOKEN_CREATED = "token.created", "API token created"
    TOKEN_REVOKED = "token.revoked", "API token revoked"
    TWO_FACTOR_SET_UP = "user.2fa_set_up", "2FA set up"
    TWO_FACTOR_VERIFIED = "user.2fa_verified", "2FA verified"
    EMAIL_RESENT = "email.resent", "E-mail resent"
    SCHEME_VERSION_CREATED = "scheme.version_created", "Scheme parameters changed"
    ITEM_SAVED = "scheme.item_saved", "Eligible item saved"
    EPC_SUBMITTED = "epc.submitted", "EPC applied for"
    EPC_APPROVED = "epc.approved", "EPC approved"
    EPC_RETURNED = "epc.returned", "EPC returned"
    APP_CREATED = "ic_app.created", "IC application started"
    APP_UPDATED = "ic_app.updated", "IC application saved"
    APP_DOCUMENT_ADDED = "ic_app.document_added", "Document attached"
    APP_SUBMITTED = "ic_app.submitted", "IC application submitted"
    APP_WITHDRAWN = "ic_app.withdrawn", "IC application withdrawn"
    APP_ASSIGNED = "ic_app.assigned", "IC application assigned"
    APP_QUERIED = "ic_app.queried", "Query raised"
    APP_REPLIED = "ic_app.replied", "Query answered"
    APP_REJECTED = "ic_app.rejected", "IC application rejected"
    CHARGE_RECORDED = "ic_app.charge_recorded", "Service charge recorded as paid"
    URGENT_REQUESTED = "ic.urgent_requested", "Urgent physical IC requested"
    URGENT_DECLINED = "ic.urgent_declined", "Urgent physical IC declined"
    IC_ISSUED = "ic.issued", "IC issued"
    IC_CANCELLED = "ic.cancelled", "IC cancelled"
    IC_REPLACED = "ic.replaced", "IC replaced"
    BOE_REPORTED = "ic.boe_reported", "Assessed Bill of Entry reported"
    BOE_ADJUSTED = "ic.boe_adjusted", "Entitlement adjusted to assessed value"
    DOC_SIGNED = "document.signed", "IC document signed"
    DOC_FAILED = "document.failed", "IC document not signed"
    DOC_RETRIED = "document.retried", "IC document signing retried"
    DOC_ARCHIVED = "document.archived", "IC document archive timestamp added"
    DOC_ARCHIVE_FAILED = "document.archive_failed", "IC document archive timestamp failed"
    UPLOAD_ACCEPTED = "esanchit.accepted", "IC uploaded to e-SANCHIT (IRN recorded)"
    UPLOAD_REJECTED = "esanchit.rejected", "IC rejected by e-SANCHIT"
    UPLOAD_RETRIED = "esanchit.retried", "e-SANCHIT upload retried"
    UPLOAD_MANUAL = "esanchit.marked_manual", "IC marked for manual upload"
    UPLOAD_BATCHED = "esanchit.batched", "Manual upload batch built"
    COPY_REQUESTED = "copy.requested", "Physical copy requested"
    COPY_APPROVED = "copy.approved", "Physical copy approved"
    COPY_DECLINED = "copy.declined", "Physical copy declined"
    COPY_PRINTED = "copy.printed", "Physical copy printed"
    COPY_DISPATCHED = "copy.dispatched", "Physical copy dispatched"
    COPY_ACKNOWLEDGED = "copy.acknowledged", "Physical copy received"
    COMPLAINT_FILED = "complaint.filed", "DRN/IRN complaint filed"
    COMPLAINT_DIAGNOSED = "complaint.diagnosed", "Complaint diagnosed"
    COMPLAINT_ASSIGNED = "complaint.assigned", "Complaint assigned"
    COMPLAINT_NOTED = "complaint.noted", "Complaint note added"
    COMPLAINT_ESCALATED = "complaint.escalated", "Complaint escalated to ICEGATE"
    COMPLAINT_ASKED = "complaint.asked", "Member asked about a complaint"
    COMPLAINT_MEMBER_WROTE = "complaint.member_wrote", "Member wrote on a complaint"
    COMPLAINT_RESOLVED = "complaint.resolved", "Complaint resolved"
    BULK_JOB_STARTED = "workbench.job_started", "Bulk action started"
    # Reads and sign-ins: who saw or took what, and who tried to get in (issue 13).
    SIGNED_IN = "user.signed_in", "Signed in"
    SIGN_IN_FAILED = "user.sign_in_failed", "Sign-in failed"
    PASSWORD_RESET_REQUESTED = "user.password_reset_asked", "Password reset requested"
    FILE_DOWNLOADED = "file.downloaded", "File downloaded"
    LIST_EXPORTED = "list.exported", "List exported"
    BOE_REVIEWED = "ic.boe_reviewed", "Assessed Bill of Entry reviewed"
    PASSWORD_SET = "user.password_set", "Password set"
    TWO_FACTOR_RESET = "user.2fa_reset", "Authenticator removed"
    URGENT_APPROVED = "ic.urgent_approved", "Urgent physical IC approved by a second officer"
    # --- customs houses and notices to customs (issue 15 §2) ---
    CUSTOMS_HOUSE_CREATED = "customs.house_created", "Customs house added"
    CUSTOMS_HOUSE_UPDATED = "customs.house_updated", "Customs house updated"
    CUSTOMS_NOTICE_SENT = "customs.notice_sent", "Customs house told of a cancelled/replaced IC"
    CUSTOMS_NOTICE_BY_HAND = "customs.notice_by_hand", "Notice to customs waits to be sent by hand"
    CUSTOMS_NOTICE_HAND_SENT = "customs.notice_hand_sent", "Notice to customs sent by hand"
    CUSTOMS_NOTICE_RESENT = "customs.notice_resent", "Notice to customs sent again"
    # --- internal notes on an application (issue 17 §4): staff only, never shown to the member ---
    APP_NOTE_ADDED = "ic_app.note_added", "Internal note added"
    # --- head office runs the users (issue 17 §5) ---
    USER_UPDATED = "user.updated", "Role or office changed"
    BACKUP_CODES_MADE = "user.backup_codes_made", "Backup codes made"
    # --- issue 18: the language a user reads the service and its mails in ---
    USER_LANGUAGE_SET = "user.language_set", "Language chosen"


# Rows only the office sees: left out of whatever a member reads (timelines, their firm's audit).
STAFF_ONLY_VERBS = frozenset({Verb.APP_NOTE_ADDED})


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are never changed")

    def delete(self):
        raise TypeError("Audit events are never deleted")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    verb = models.CharField(max_length=40, choices=Verb.choices)
    target_type = models.CharField(max_length=40)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=200)
    # Denormalised scope so timelines are one indexed query per member or office.
    # Indexed by the (member, -created_at) and (office, -created_at) indexes below.
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    office = models.ForeignKey(
        "offices.Office",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    payload = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member", "-created_at"]),
            models.Index(fields=["office", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are never deleted")
