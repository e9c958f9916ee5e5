"""Append-only audit trail: who did what to which record, written in the same transaction."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    OFFICE_CREATED = "office.created", _("Office created")
    OFFICE_UPDATED = "office.updated", _("Office updated")
    MEMBER_CREATED = "member.created", _("Member created")
    MEMBER_UPDATED = "member.updated", _("Member updated")
    MEMBERS_IMPORTED = "member.imported", _("Members imported")
    ICEGATE_CLAIMED = "icegate.claimed", _("ICEGATE ID claimed")
    ICEGATE_VERIFIED = "icegate.verified", _("ICEGATE ID verified")
    ICEGATE_REJECTED = "icegate.rejected", _("ICEGATE ID claim rejected")
    USER_INVITED = "user.invited", _("User invited")
    USER_DEACTIVATED = "user.deactivated", _("User deactivated")
    TOKEN_CREATED = "token.created", _("API token created")
    TOKEN_REVOKED = "token.revoked", _("API token revoked")
    TWO_FACTOR_SET_UP = "user.2fa_set_up", _("2FA set up")
    TWO_FACTOR_VERIFIED = "user.2fa_verified", _("2FA verified")
    EMAIL_RESENT = "email.resent", _("E-mail resent")
    SCHEME_VERSION_CREATED = "scheme.version_created", _("Scheme parameters changed")
    ITEM_SAVED = "scheme.item_saved", _("Eligible item saved")
    EPC_SUBMITTED = "epc.submitted", _("EPC applied for")
    EPC_APPROVED = "epc.approved", _("EPC approved")
    EPC_RETURNED = "epc.returned", _("EPC returned")
    APP_CREATED = "ic_app.created", _("IC application started")
    APP_UPDATED = "ic_app.updated", _("IC application saved")
    APP_DOCUMENT_ADDED = "ic_app.document_added", _("Document attached")
    APP_SUBMITTED = "ic_app.submitted", _("IC application submitted")
    APP_WITHDRAWN = "ic_app.withdrawn", _("IC application withdrawn")
    APP_ASSIGNED = "ic_app.assigned", _("IC application assigned")
    APP_QUERIED = "ic_app.queried", _("Query raised")
    APP_REPLIED = "ic_app.replied", _("Query answered")
    APP_REJECTED = "ic_app.rejected", _("IC application rejected")
    CHARGE_RECORDED = "ic_app.charge_recorded", _("Service charge recorded as paid")
    URGENT_REQUESTED = "ic.urgent_requested", _("Urgent physical IC requested")
    URGENT_DECLINED = "ic.urgent_declined", _("Urgent physical IC declined")
    IC_ISSUED = "ic.issued", _("IC issued")
    IC_CANCELLED = "ic.cancelled", _("IC cancelled")
    IC_REPLACED = "ic.replaced", _("IC replaced")
    BOE_REPORTED = "ic.boe_reported", _("Assessed Bill of Entry reported")
    BOE_ADJUSTED = "ic.boe_adjusted", _("Entitlement adjusted to assessed value")
    DOC_SIGNED = "document.signed", _("IC document signed")
    DOC_FAILED = "document.failed", _("IC document not signed")
    DOC_RETRIED = "document.retried", _("IC document signing retried")
    DOC_ARCHIVED = "document.archived", _("IC document archive timestamp added")
    DOC_ARCHIVE_FAILED = "document.archive_failed", _("IC document archive timestamp failed")
    UPLOAD_ACCEPTED = "esanchit.accepted", _("IC uploaded to e-SANCHIT (IRN recorded)")
    UPLOAD_REJECTED = "esanchit.rejected", _("IC rejected by e-SANCHIT")
    UPLOAD_RETRIED = "esanchit.retried", _("e-SANCHIT upload retried")
    UPLOAD_MANUAL = "esanchit.marked_manual", _("IC marked for manual upload")
    UPLOAD_BATCHED = "esanchit.batched", _("Manual upload batch built")
    COPY_REQUESTED = "copy.requested", _("Physical copy requested")
    COPY_APPROVED = "copy.approved", _("Physical copy approved")
    COPY_DECLINED = "copy.declined", _("Physical copy declined")
    COPY_PRINTED = "copy.printed", _("Physical copy printed")
    COPY_DISPATCHED = "copy.dispatched", _("Physical copy dispatched")
    COPY_ACKNOWLEDGED = "copy.acknowledged", _("Physical copy received")
    COMPLAINT_FILED = "complaint.filed", _("DRN/IRN complaint filed")
    COMPLAINT_DIAGNOSED = "complaint.diagnosed", _("Complaint diagnosed")
    COMPLAINT_ASSIGNED = "complaint.assigned", _("Complaint assigned")
    COMPLAINT_NOTED = "complaint.noted", _("Complaint note added")
    COMPLAINT_ESCALATED = "complaint.escalated", _("Complaint escalated to ICEGATE")
    COMPLAINT_ASKED = "complaint.asked", _("Member asked about a complaint")
    COMPLAINT_MEMBER_WROTE = "complaint.member_wrote", _("Member wrote on a complaint")
    COMPLAINT_RESOLVED = "complaint.resolved", _("Complaint resolved")
    BULK_JOB_STARTED = "workbench.job_started", _("Bulk action started")
    # Reads and sign-ins: who saw or took what, and who tried to get in (issue 13).
    SIGNED_IN = "user.signed_in", _("Signed in")
    SIGN_IN_FAILED = "user.sign_in_failed", _("Sign-in failed")
    PASSWORD_RESET_REQUESTED = "user.password_reset_asked", _("Password reset requested")
    FILE_DOWNLOADED = "file.downloaded", _("File downloaded")
    LIST_EXPORTED = "list.exported", _("List exported")
    BOE_REVIEWED = "ic.boe_reviewed", _("Assessed Bill of Entry reviewed")
    PASSWORD_SET = "user.password_set", _("Password set")
    TWO_FACTOR_RESET = "user.2fa_reset", _("Authenticator removed")
    URGENT_APPROVED = "ic.urgent_approved", _("Urgent physical IC approved by a second officer")
    # --- customs houses and notices to customs (issue 15 §2) ---
    CUSTOMS_HOUSE_CREATED = "customs.house_created", _("Customs house added")
    CUSTOMS_HOUSE_UPDATED = "customs.house_updated", _("Customs house updated")
    CUSTOMS_NOTICE_SENT = "customs.notice_sent", _("Customs house told of a cancelled/replaced IC")
    CUSTOMS_NOTICE_BY_HAND = (
        "customs.notice_by_hand",
        _("Notice to customs waits to be sent by hand"),
    )
    CUSTOMS_NOTICE_HAND_SENT = "customs.notice_hand_sent", _("Notice to customs sent by hand")
    CUSTOMS_NOTICE_RESENT = "customs.notice_resent", _("Notice to customs sent again")
    # --- internal notes on an application (issue 17 §4): staff only, never shown to the member ---
    APP_NOTE_ADDED = "ic_app.note_added", _("Internal note added")
    # --- head office runs the users (issue 17 §5) ---
    USER_UPDATED = "user.updated", _("Role or office changed")
    BACKUP_CODES_MADE = "user.backup_codes_made", _("Backup codes made")
    # --- issue 18: the language a user reads the service and its mails in ---
    USER_LANGUAGE_SET = "user.language_set", _("Language chosen")


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
