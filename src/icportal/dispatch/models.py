"""Physical copies of signed ICs and physical (urgent / courier) ICs: request → print → dispatch.

Request statuses and their transitions (one service per arrow):

    requested ──approve──▶ approved ──print──▶ printed ──dispatch──▶ dispatched ──acknowledge──▶ acknowledged
        └──decline──▶ declined (terminal)

ICs issued on paper (delivery mode physical_copy or urgent_physical) enter the same register as an
already-approved request opened by the office, so every piece of paper that leaves an office is a row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icportal.common.models import TimeStampedModel


class Reason(models.TextChoices):
    CUSTOMS_PROBLEM = "customs_problem", _("Customs clearance problem with the uploaded IC")
    COURIER = "courier", _("Courier import")
    SEZ = "sez", _("Import from an SEZ")
    EPZ = "epz", _("Import from an EPZ")
    BONDED = "bonded", _("Import from a bonded warehouse")
    URGENT_PHYSICAL = "urgent_physical", _("Urgent physical IC (member not on ICEGATE)")
    OTHER = "other", _("Other")


MEMBER_REASONS = [r for r in Reason if r != Reason.URGENT_PHYSICAL]


class Kind(models.TextChoices):
    COPY = "copy", _("Physical copy of the digitally signed IC")
    PHYSICAL_IC = "physical_ic", _("Physical IC (issued on paper)")


class Status(models.TextChoices):
    REQUESTED = "requested", _("Requested — with the office")
    APPROVED = "approved", _("Approved — to be printed")
    DECLINED = "declined", _("Declined")
    PRINTED = "printed", _("Printed — to be dispatched")
    DISPATCHED = "dispatched", _("Dispatched")
    ACKNOWLEDGED = "acknowledged", _("Received by the member")


OPEN_STATUSES = {Status.REQUESTED, Status.APPROVED, Status.PRINTED}
TRANSITIONS = {
    Status.REQUESTED: {Status.APPROVED, Status.DECLINED},
    Status.APPROVED: {Status.PRINTED},
    Status.PRINTED: {Status.DISPATCHED},
    Status.DISPATCHED: {Status.ACKNOWLEDGED},
}


class Method(models.TextChoices):
    COURIER = "courier", _("By courier")
    HAND = "hand", _("Handed over at the office")


class DeliverTo(models.TextChoices):
    REGISTERED = "registered", _("The firm's registered address")
    OTHER = "other", _("Another address in India")
    COLLECT = "collect", _("Collection at the office")


# What the member reads of each stage (the office reads the status labels above).
MEMBER_STAGES = {
    Status.REQUESTED: _("Asked — with the office"),
    Status.APPROVED: _("Being printed"),
    Status.PRINTED: _("Printed — being dispatched"),
    Status.DISPATCHED: _("Dispatched"),
    Status.ACKNOWLEDGED: _("Received"),
    Status.DECLINED: _("Declined"),
}


class CopyRequest(TimeStampedModel):
    reference = models.CharField(max_length=40, unique=True)
    certificate = models.ForeignKey(
        "certificates.ImportCertificate", on_delete=models.PROTECT, related_name="copy_requests"
    )
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COPY)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    reason_text = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    method = models.CharField(max_length=8, choices=Method.choices, blank=True)
    courier_name = models.CharField(max_length=80, blank=True)
    docket_no = models.CharField(_("docket number"), max_length=40, blank=True)
    dispatch_date = models.DateField(null=True, blank=True)
    receiver_name = models.CharField(max_length=120, blank=True)
    receiver_id = models.CharField(_("receiver's ID (type and number)"), max_length=80, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dispatched_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # Where it goes, kept as asked (the firm's address may change later; the label must not).
    # Defaults in the database too: bulk writers that name their columns (bench/scale) leave these out.
    deliver_to = models.CharField(
        max_length=10,
        choices=DeliverTo.choices,
        default=DeliverTo.REGISTERED,
        db_default=DeliverTo.REGISTERED,
    )
    address_name = models.CharField(_("addressee"), max_length=200, blank=True, db_default="")
    address = models.TextField(blank=True, db_default="")
    address_city = models.CharField(_("town or city"), max_length=80, blank=True, db_default="")
    address_state = models.CharField(_("state"), max_length=60, blank=True, db_default="")
    address_pincode = models.CharField(_("PIN code"), max_length=6, blank=True, db_default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status", "created_at"]),
            # The lists, newest first: an office's (staff, API) and a firm's.
            models.Index(fields=["office", "-created_at"], name="copy_office_created_idx"),
            models.Index(fields=["member", "-created_at"], name="copy_member_created_idx"),
        ]
        constraints = [
            # One open request per certificate at a time: a second click does not double the work.
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(status__in=[Status.REQUESTED, Status.APPROVED, Status.PRINTED]),
                name="one_open_copy_request",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def slug(self) -> str:
        return self.reference.replace("/", "-")

    @property
    def address_lines(self) -> list[str]:
        """The address as the label prints it, line by line (empty for collection)."""
        if self.deliver_to == DeliverTo.COLLECT:
            return []
        town = " ".join(p for p in (self.address_city, self.address_pincode) if p)
        lines = [self.address_name, *self.address.splitlines(), town, self.address_state]
        return [line.strip() for line in lines if line and line.strip()]

    @property
    def member_stage(self) -> str:
        stage = str(MEMBER_STAGES.get(self.status, self.get_status_display()))
        if self.status == Status.DISPATCHED and self.docket_no:
            return gettext("%(stage)s (docket %(docket)s)") % {
                "stage": stage,
                "docket": self.docket_no,
            }
        if self.status == Status.DISPATCHED and self.method == Method.HAND:
            return gettext("Handed over at the office")
        return stage

    @property
    def customs_discretion(self) -> bool:
        return self.kind == Kind.PHYSICAL_IC and self.reason == Reason.URGENT_PHYSICAL


class PhysicalCopy(models.Model):
    """One printed, numbered copy; numbers are gap-free per certificate (taken under its row lock)."""

    certificate = models.ForeignKey(
        "certificates.ImportCertificate", on_delete=models.PROTECT, related_name="physical_copies"
    )
    request = models.OneToOneField(CopyRequest, on_delete=models.PROTECT, related_name="copy")
    copy_number = models.PositiveIntegerField()
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    printed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["certificate", "copy_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "copy_number"], name="unique_copy_number"
            ),
        ]

    def __str__(self):
        return f"{self.certificate} copy {self.copy_number}"
