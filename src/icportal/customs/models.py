"""The customs house directory (head-office data) and notices to customs of cancelled or replaced ICs.

e-SANCHIT never deletes an uploaded document, so after a cancel or a replace the council must tell
the customs house of the port itself (circular §2, §6). One notice per (IC, event), exactly once.

Notice statuses (one service per arrow, see services.py):

    waiting ──letter signed, mail queued──▶ sent
       │   └──letter could not be signed──▶ failed ──next_attempt_at / staff "try again"──▶ waiting
       └──no customs house (with an e-mail) on file for the port──▶ by_hand
    by_hand ──office "mark sent by hand"──▶ sent_by_hand (terminal)
    by_hand ──house added, staff "send now"──▶ waiting
    sent ──staff "send again"──▶ sent (a new outbox row; the first stays as it happened)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from icportal.common.identifiers import normalise_port_code
from icportal.common.models import TimeStampedModel


def validate_port_code(value: str) -> None:
    normalise_port_code(value)


# What head office keeps of a customs house (the page's form and the API write these).
DIRECTORY_FIELDS = (
    "port_code",
    "name",
    "officer_name",
    "officer_email",
    "to_be_confirmed",
    "is_active",
)


class CustomsHouse(TimeStampedModel):
    port_code = models.CharField(
        max_length=6,
        unique=True,
        validators=[validate_port_code],
        help_text=_(
            "Six characters: IN, the place's three letters and the type (1 sea, 4 air, 6 ICD)."
        ),
    )
    name = models.CharField(max_length=120)
    officer_name = models.CharField(_("nodal officer's name"), max_length=120, blank=True)
    officer_email = models.EmailField(_("nodal officer's e-mail"), blank=True)
    to_be_confirmed = models.BooleanField(
        _("to be confirmed"),
        default=False,
        help_text=_("The address (or the port code) is a placeholder nobody has checked yet."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["port_code"]

    def __str__(self):
        return f"{self.name} ({self.port_code})"

    @property
    def can_be_mailed(self) -> bool:
        return self.is_active and bool(self.officer_email)


class Event(models.TextChoices):
    CANCELLED = "cancelled", _("Cancelled")
    REPLACED = "replaced", _("Replaced")


class NoticeStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be sent")
    SENT = "sent", _("Sent to the customs house")
    FAILED = "failed", _("Letter not signed — retrying")
    BY_HAND = "by_hand", _("To send by hand (no customs house on file)")
    SENT_BY_HAND = "sent_by_hand", _("Sent by hand")


OPEN_STATUSES = (NoticeStatus.WAITING, NoticeStatus.FAILED, NoticeStatus.BY_HAND)


class Notice(TimeStampedModel):
    certificate = models.ForeignKey(
        "certificates.ImportCertificate", on_delete=models.PROTECT, related_name="customs_notices"
    )
    event = models.CharField(max_length=10, choices=Event.choices)
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    port_code = models.CharField(max_length=6)
    customs_house = models.ForeignKey(
        CustomsHouse, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    status = models.CharField(
        max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.WAITING
    )
    # What customs was told, fixed when the notice was written (the upload's numbers then).
    irn = models.CharField("IRN", max_length=32)
    drn = models.CharField("DRN", max_length=32)
    uploader_icegate_id = models.CharField(max_length=25)
    replacement = models.ForeignKey(
        "certificates.ImportCertificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the letter said of the replacing IC: its IRN/DRN, or why there was none yet.
    replacement_irn = models.CharField(max_length=64, blank=True)
    replacement_drn = models.CharField(max_length=64, blank=True)
    letter = models.FileField(upload_to="customs_notices/%Y/%m/", blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    # The letter is linked from the mail: a secret in the link, as the set-password links are.
    letter_token = models.CharField(max_length=64, unique=True)
    email = models.ForeignKey(
        "notifications.Email", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_to = models.EmailField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(  # empty: sent by the worker
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hand_note = models.TextField(_("how it was sent"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=100, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "event"], name="customs_one_notice_per_ic_and_event"
            )
        ]
        indexes = [models.Index(fields=["office", "status"], name="customs_notice_office_status")]

    def __str__(self):
        return f"Notice to customs: IC {self.certificate.number} {self.event}"

    @property
    def reference(self) -> str:
        return f"{self.certificate.number}/{self.event.upper()}"
