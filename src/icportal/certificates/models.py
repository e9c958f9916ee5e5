"""Import Certificate applications, scrutiny, issued certificates and BoE reconciliation.

Reference numbers come from the gap-free counter in `icportal.common.counters`.

Application statuses and their transitions (one service per arrow):

    draft ──submit──▶ submitted ──query──▶ query ──reply──▶ submitted
                        │  └─reject──▶ rejected (terminal)
                        └─approve+issue──▶ issued (terminal; the certificate lives on)
    draft ──withdraw──▶ withdrawn (terminal)

Certificate statuses: issued ──cancel──▶ cancelled;  issued ──replace──▶ superseded (+ a new issued).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from icportal.common.models import TimeStampedModel


class Channel(models.TextChoices):
    ICES = "ices", _("ICES port (electronic Bill of Entry)")
    COURIER = "courier", _("Courier import")
    SEZ = "sez", _("Import from an SEZ")
    EPZ = "epz", _("Import from an EPZ")
    BONDED = "bonded", _("Import from a bonded warehouse")


PHYSICAL_CHANNELS = {Channel.COURIER, Channel.SEZ, Channel.EPZ, Channel.BONDED}


class AppStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted — with the office")
    QUERY = "query", _("Query — waiting for the member")
    REJECTED = "rejected", _("Rejected")
    ISSUED = "issued", _("Issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


EDITABLE_STATUSES = {AppStatus.DRAFT, AppStatus.QUERY}
OPEN_STATUSES = {AppStatus.SUBMITTED, AppStatus.QUERY}
TERMINAL_STATUSES = {AppStatus.REJECTED, AppStatus.ISSUED, AppStatus.WITHDRAWN}


class Application(TimeStampedModel):
    reference = models.CharField(max_length=40, unique=True)
    # No single-column indexes on member and office: the composite indexes below start with them,
    # and with both SQLite picked the single one for the office queue and sorted the whole office.
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="ic_applications", db_index=False
    )
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="ic_applications", db_index=False
    )
    epc = models.ForeignKey(
        "entitlements.Epc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(max_length=10, choices=AppStatus.choices, default=AppStatus.DRAFT)
    invoice_no = models.CharField(_("invoice number"), max_length=40, blank=True)
    invoice_date = models.DateField(null=True, blank=True)
    supplier_name = models.CharField(_("overseas supplier"), max_length=200, blank=True)
    supplier_address = models.TextField(blank=True)
    country_of_origin = models.CharField(max_length=2, blank=True)
    port_code = models.CharField(_("port of import"), max_length=6, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ICES)
    boe_no = models.CharField(_("Bill of Entry number"), max_length=7, blank=True)
    boe_date = models.DateField(_("Bill of Entry date"), null=True, blank=True)
    total_value = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    service_charge = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    charge_receipt_no = models.CharField(max_length=40, blank=True)
    charge_paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    charge_paid_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(blank=True)
    cloned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # The member's urgent flag (services/urgency.py): the office's queue lists these first. It
    # asks for speed only; how the IC is issued (an urgent physical IC too) the office decides.
    # Defaults in the database too: bulk writers that name their columns (bench/scale) leave these out.
    urgent = models.BooleanField(default=False, db_default=False)
    urgent_reason = models.TextField(_("why it is urgent"), blank=True, db_default="")
    urgent_marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["office", "status", "submitted_at"]),
            models.Index(fields=["member", "-created_at"]),
            # Scale (bench/pages.py): the office's lists newest first; search by invoice / BoE.
            models.Index(fields=["office", "-created_at"], name="app_office_created_idx"),
            # The office's "All" tab, newest submitted first (ties by id, as the index keeps them):
            # SQLite sorted the office's 140,000 applications for a page (600 ms at 1M ICs).
            models.Index(fields=["office", "-submitted_at"], name="app_office_submitted_idx"),
            models.Index(fields=["invoice_no"], name="app_invoice_no_idx"),
            models.Index(Upper("invoice_no"), name="app_invoice_no_upper_idx"),
            models.Index(fields=["status"], name="app_status_idx"),
            # The open queue, oldest first (the statuses in the order `application_list` uses).
            models.Index(
                fields=["office", "submitted_at"],
                condition=Q(status__in=[AppStatus.QUERY, AppStatus.SUBMITTED]),
                name="app_open_office_idx",
            ),
            models.Index(
                fields=["submitted_at"],
                condition=Q(status__in=[AppStatus.QUERY, AppStatus.SUBMITTED]),
                name="app_open_idx",
            ),
            models.Index(fields=["boe_no"], name="app_boe_no_idx"),
        ]

    def __str__(self):
        return self.reference

    @property
    def slug(self) -> str:
        return self.reference.replace("/", "-")

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Item(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    line_no = models.PositiveSmallIntegerField()
    eligible_item = models.ForeignKey(
        "entitlements.EligibleItem", on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(max_length=300)
    hs_code = models.CharField(_("HS code"), max_length=8)
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    unit = models.CharField(max_length=10)
    value_inr = models.DecimalField(_("value (₹)"), max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True)
    foreign_amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    exchange_rate = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["line_no"]
        constraints = [
            models.UniqueConstraint(fields=["application", "line_no"], name="unique_line_no"),
            models.CheckConstraint(name="item_value_positive", condition=Q(value_inr__gt=0)),
            models.CheckConstraint(name="item_quantity_positive", condition=Q(quantity__gt=0)),
        ]

    def __str__(self):
        return f"{self.line_no}. {self.description}"


class AttachmentKind(models.TextChoices):
    INVOICE = "invoice", _("Commercial invoice")
    DRAFT_BOE = "draft_boe", _("Checklist (draft) Bill of Entry")
    AFFIDAVIT = "affidavit", _("Affidavit (Annexure III) for an item")
    OTHER = "other", _("Other document")


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    # An affidavit is for one item of the catalogue (every line of that item): the catalogue row,
    # not the line, because lines are renumbered whenever the items are saved again.
    eligible_item = models.ForeignKey(
        "entitlements.EligibleItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(upload_to="applications/%Y/%m/")
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class Query(models.Model):
    """A question from the office and the member's reply, on the application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="queries")
    question = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self):
        return f"Query on {self.application_id}: {self.question[:40]}"


class ApplicationNote(models.Model):
    """The office's internal note on an application: never shown to the member (page, API, mail,
    export); its audit verb is staff-only too (audit.models.STAFF_ONLY_VERBS)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note on {self.application_id}: {self.text[:40]}"


class DeliveryMode(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic — uploaded to e-SANCHIT")
    PHYSICAL_COPY = (
        "physical_copy",
        _("Physical copy of the signed IC (courier / SEZ / EPZ / bonded)"),
    )
    URGENT_PHYSICAL = (
        "urgent_physical",
        _("Urgent physical IC — acceptance is at the discretion of Customs"),
    )


class CertStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")
    SUPERSEDED = "superseded", _("Superseded by a replacement")


def _verification_code() -> str:
    return secrets.token_urlsafe(12)


class ImportCertificate(models.Model):
    number = models.CharField(max_length=40, unique=True)
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="certificates", db_index=False
    )
    financial_year = models.CharField(max_length=7)
    sequence = models.PositiveIntegerField()
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="certificates", db_index=False
    )
    epc = models.ForeignKey(
        "entitlements.Epc", on_delete=models.PROTECT, related_name="certificates"
    )
    account = models.ForeignKey(
        "entitlements.EntitlementAccount", on_delete=models.PROTECT, related_name="certificates"
    )
    value = models.DecimalField(max_digits=16, decimal_places=2)
    balance_after = models.DecimalField(max_digits=16, decimal_places=2)
    status = models.CharField(max_length=10, choices=CertStatus.choices, default=CertStatus.ISSUED)
    delivery_mode = models.CharField(max_length=16, choices=DeliveryMode.choices)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(db_index=True)
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    urgent_reason = models.TextField(blank=True)
    notification_number = models.CharField(max_length=80)
    notification_serials = models.CharField(max_length=120)
    document_type_code = models.CharField(max_length=6)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    replace_reason = models.TextField(blank=True)
    cancel_reason = models.TextField(blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    verification_code = models.CharField(max_length=20, unique=True, default=_verification_code)
    # Set by `boe_report` in the reporting transaction: "ICs still owing their assessed BoE" is then
    # a small partial index instead of an anti-join over every IC (see the indexes below).
    boe_reported_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set at issue (`services.reconciliation.boe_due_on`): the day the assessed Bill of Entry report
    # is due. "Overdue" is then a range on a small partial index, not a date computed per row.
    boe_due_on = models.DateField(null=True, blank=True, editable=False)
    # Set when the first physical-copy request (the dispatch register entry) is made for this IC:
    # paper ICs still waiting for the register are a partial index, not an anti-join.
    copy_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "financial_year", "sequence"], name="unique_ic_sequence"
            ),
        ]
        indexes = [
            # Paper ICs (courier/SEZ/EPZ/bonded, urgent) in force that have not entered the
            # dispatch register: a few among an office's many thousand ICs.
            # The columns of the condition are repeated at the end of both partial indexes below:
            # SQLite then counts from the index alone (PostgreSQL would not need them).
            models.Index(
                fields=["office", "issued_at", "status", "delivery_mode", "copy_requested_at"],
                # "Not electronic" rather than IN (the two paper modes): SQLite matches a query's
                # bound `NOT (mode = ?)` to this condition, but never a bound IN list.
                condition=Q(status=CertStatus.ISSUED, copy_requested_at__isnull=True)
                & ~Q(delivery_mode="electronic"),
                name="ic_paper_waiting_idx",
            ),
            # Paper ICs: head office's count per office and mode this year (about a fifth of the
            # ICs, read from the index alone). Not issue time first: PostgreSQL then walked it for
            # the oldest waiting paper ICs of all offices instead of the small index above.
            models.Index(
                fields=["office", "issued_at", "delivery_mode"],
                condition=~Q(delivery_mode="electronic"),
                name="ic_paper_issued_idx",
            ),
            models.Index(fields=["member", "-issued_at"]),
            models.Index(fields=["office", "-issued_at"]),
            # ICs in force still owing their assessed Bill of Entry: a few percent of all ICs.
            models.Index(
                fields=["office", "boe_due_on", "status", "boe_reported_at"],
                condition=Q(status=CertStatus.ISSUED, boe_reported_at__isnull=True),
                name="ic_boe_due_office_idx",
            ),
            models.Index(
                fields=["member", "issued_at"],
                condition=Q(status=CertStatus.ISSUED, boe_reported_at__isnull=True),
                name="ic_boe_owed_member_idx",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def slug(self) -> str:
        return self.number.replace("/", "-")


class UrgentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second officer")
    APPROVED = "approved", _("Approved — IC issued")
    DECLINED = "declined", _("Declined")


class UrgentRequest(models.Model):
    """An urgent physical IC for a member not on ICEGATE: asked by one officer, approved by another."""

    Status = UrgentStatus  # at module level so that Meta's condition can name it

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="urgent_requests"
    )
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status=UrgentStatus.PENDING),
                name="one_pending_urgent",
            )
        ]

    def __str__(self):
        return f"Urgent physical IC for {self.application_id} ({self.status})"


class AssessedBoe(models.Model):
    """The member's report of the assessed Bill of Entry (within 7 days), checked by the office."""

    certificate = models.OneToOneField(
        ImportCertificate, on_delete=models.PROTECT, related_name="assessed_boe"
    )
    boe_no = models.CharField(max_length=7)
    boe_date = models.DateField()
    port_code = models.CharField(max_length=6)
    assessed_value = models.DecimalField(max_digits=16, decimal_places=2)
    assessed_copy = models.FileField(upload_to="assessed_boe/%Y/%m/")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    adjustment = models.ForeignKey(
        "entitlements.LedgerEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The certificate's office, copied by `boe_report` (it never changes): the office's reports
    # newest first and its count are then one index range, not a join over every IC of the office.
    office = models.ForeignKey(
        "offices.Office",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        indexes = [
            models.Index(fields=["office", "-reported_at"], name="boe_office_reported_idx"),
            models.Index(
                fields=["office", "reported_at"],
                condition=Q(reviewed_at__isnull=True),
                name="boe_office_unreviewed_idx",
            ),
            models.Index(fields=["reported_at"], name="boe_reported_idx"),
            models.Index(
                fields=["reported_at"],
                condition=Q(reviewed_at__isnull=True),
                name="boe_unreviewed_idx",
            ),
            models.Index(fields=["boe_no"], name="boe_no_idx"),
        ]

    def __str__(self):
        return f"BoE {self.boe_no} of {self.boe_date:%d/%m/%Y}"

    @property
    def difference(self):
        return self.assessed_value - self.certificate.value
