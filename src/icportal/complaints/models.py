""" "Customs cannot use the DRN/IRN" complaints (point 6 of the 2019 circular) and their tickets.

Statuses and transitions (one service per arrow):

    open ──assign──▶ in_progress ──escalate──▶ escalated ──resolve──▶ resolved (terminal)
      └────────────────┴──────────────resolve──────────────────────▶ resolved

    open / in_progress / escalated ──ask──▶ with_member ──member replies──▶ back where it was
                                                (escalated if escalated, else in_progress if
                                                 assigned, else open); resolve works from it too

Notes, member-visible updates and diagnosis runs do not change the status. The member may add
information to an open complaint at any time; only a reply to a question moves it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from icportal.common.models import TimeStampedModel


class Status(models.TextChoices):
    OPEN = "open", _("Open — with the office")
    IN_PROGRESS = "in_progress", _("Being looked into")
    ESCALATED = "escalated", _("Escalated (ICEGATE helpdesk or customs house)")
    WITH_MEMBER = "with_member", _("Waiting for the member's reply")
    RESOLVED = "resolved", _("Resolved")


OPEN_STATUSES = {Status.OPEN, Status.IN_PROGRESS, Status.ESCALATED, Status.WITH_MEMBER}
# Open and the office's move (the workbench counts these): not while the member is asked.
OFFICE_STATUSES = OPEN_STATUSES - {Status.WITH_MEMBER}


class Cause(models.TextChoices):
    WRONG_NUMBER = "wrong_number", _("Wrong number quoted")
    BOE_AMENDMENT = "boe_amendment", _("Bill of Entry needs amendment")
    UPLOAD_MISSING = "upload_missing", _("Upload missing")
    ICEGATE_FAULT = "icegate_fault", _("ICEGATE fault")
    CUSTOMS_FAULT = "customs_fault", _("Customs system fault")
    OTHER = "other", _("Other")


class EscalationSide(models.TextChoices):
    """Who can fix it: ICEGATE (e-SANCHIT, the document) or the customs house of the port."""

    ICEGATE = "icegate", _("ICEGATE helpdesk")
    CUSTOMS = "customs", _("Customs house of the port")


class IcegateCheck(models.TextChoices):
    NOT_RUN = "not_run", _("Not run")
    OK = "ok", _("ICEGATE accepts the quoted document")
    REJECTED = "rejected", _("ICEGATE rejects the quoted document")
    UNAVAILABLE = "unavailable", _("ICEGATE could not be reached")


class Complaint(TimeStampedModel):
    reference = models.CharField(max_length=40, unique=True)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    certificate = models.ForeignKey(
        "certificates.ImportCertificate", on_delete=models.PROTECT, related_name="complaints"
    )
    # What was quoted at customs — the circular's eight fields, as the member reports them.
    company_name = models.CharField(_("name of the company"), max_length=200)
    iec = models.CharField(_("IE code (in the Bill of Entry)"), max_length=10)
    boe_no = models.CharField(_("Bill of Entry number"), max_length=7)
    ic_number = models.CharField(_("Import Certificate number"), max_length=40)
    drn = models.CharField("DRN", max_length=32)
    irn = models.CharField("IRN", max_length=32)
    official_name = models.CharField(_("name of the customs official"), max_length=120)
    official_designation = models.CharField(_("designation"), max_length=120)
    official_mobile = models.CharField(_("mobile number of the customs official"), max_length=13)
    # … plus what the office needs to take it up with ICEGATE.
    port_code = models.CharField(max_length=6)
    boe_date = models.DateField(_("Bill of Entry date"))
    uploader_icegate_id = models.CharField(_("uploader ICEGATE ID quoted"), max_length=25)
    officer_said = models.TextField(_("what the officer said"), blank=True)
    screenshot = models.FileField(upload_to="complaints/%Y/%m/", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    findings = models.JSONField(default=list, blank=True)  # [{code, sentence, problem}]
    icegate_check = models.CharField(
        max_length=12, choices=IcegateCheck.choices, default=IcegateCheck.NOT_RUN
    )
    diagnosed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalation_email = models.ForeignKey(
        "notifications.Email", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Which side it went to and why (the suggestion, or the office's own choice against it).
    # Database defaults too: bench/scale writes complaints with raw inserts that name older columns.
    escalated_to = models.CharField(
        max_length=8, choices=EscalationSide.choices, blank=True, db_default=""
    )
    escalation_customs_house = models.ForeignKey(
        "customs.CustomsHouse", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalation_why = models.TextField(blank=True, db_default="")
    cause = models.CharField(max_length=16, choices=Cause.choices, blank=True)
    resolution = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status", "created_at"]),
            models.Index(fields=["member", "-created_at"]),
        ]

    def __str__(self):
        return self.reference

    @property
    def slug(self) -> str:
        return self.reference.replace("/", "-")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Note(models.Model):
    """An internal note (office only), an update the member sees and is mailed, a question the
    member is asked to answer, or what the member wrote."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    member_visible = models.BooleanField(default=False)
    asks_reply = models.BooleanField(default=False)  # the office's question to the member
    from_member = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note on {self.complaint_id}"
