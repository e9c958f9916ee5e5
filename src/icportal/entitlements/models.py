"""DFIS scheme parameters (as data, versioned), eligible items, EPCs and the entitlement ledger."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from icportal.common.models import TimeStampedModel
from icportal.common.money import rupees


class SegmentGroup(models.Model):
    """Segments that share one item list and one percentage (garments; the other five)."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=80)
    segments = models.ManyToManyField("members.Segment", related_name="groups")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class SchemeVersion(models.Model):
    """The legal basis and charges in force from a date. Never edited: a change is a new version."""

    effective_from = models.DateField(db_index=True)
    notification_number = models.CharField(
        max_length=80, help_text=_("e.g. 45/2025-Customs dated 24.10.2025")
    )
    notification_serials = models.CharField(
        max_length=120, help_text=_("Serial numbers of the DFIS entries, e.g. 288, 311, 312")
    )
    ic_document_type_code = models.CharField(
        _("e-SANCHIT document type code for an IC"), max_length=6
    )
    charges_enabled = models.BooleanField(default=False)
    epc_service_charge = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    ic_service_charge = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    service_charge_gst_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("18.00")
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                name="service_charges_not_negative",
                condition=Q(epc_service_charge__gte=0) & Q(ic_service_charge__gte=0),
            )
        ]

    def __str__(self):
        return f"Notification {self.notification_number} from {self.effective_from:%d/%m/%Y}"

    def charge_with_gst(self, amount: Decimal) -> Decimal:
        return rupees(amount * (1 + self.service_charge_gst_percent / 100))


class SchemeRate(models.Model):
    version = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="rates")
    segment_group = models.ForeignKey(SegmentGroup, on_delete=models.PROTECT, related_name="+")
    percentage = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "segment_group"], name="one_rate_per_group")
        ]

    def __str__(self):
        return f"{self.segment_group}: {self.percentage}%"


class EligibleItem(models.Model):
    segment_group = models.ForeignKey(SegmentGroup, on_delete=models.PROTECT, related_name="items")
    name = models.CharField(max_length=200)
    hs_code = models.CharField(_("HS code"), max_length=8, blank=True)
    needs_affidavit = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["segment_group__position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["segment_group", "name"], name="unique_item_per_group")
        ]

    def __str__(self):
        return self.name


class EpcStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned to member")


class Epc(TimeStampedModel):
    """Export Performance Certificate: last year's own-manufactured FOB → this year's entitlement."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="epcs")
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="epcs")
    financial_year = models.CharField(
        max_length=7, help_text=_("Year of the entitlement, e.g. 2026-27")
    )
    segment_group = models.ForeignKey(SegmentGroup, on_delete=models.PROTECT, related_name="epcs")
    number = models.CharField(max_length=40, unique=True, null=True, blank=True)
    status = models.CharField(max_length=10, choices=EpcStatus.choices, default=EpcStatus.SUBMITTED)
    fob_total = models.DecimalField(max_digits=16, decimal_places=2)
    percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    entitlement = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    ca_certificate = models.FileField(upload_to="epc/ca/%Y/")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    scheme_version = models.ForeignKey(
        SchemeVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-financial_year", "member__legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "financial_year", "segment_group"],
                condition=~Q(status=EpcStatus.RETURNED),
                name="one_live_epc_per_member_year_group",
            )
        ]

    def __str__(self):
        return self.number or f"EPC application {self.member.iec} {self.financial_year}"


class EpcFobLine(models.Model):
    epc = models.ForeignKey(Epc, on_delete=models.CASCADE, related_name="fob_lines")
    segment = models.ForeignKey("members.Segment", on_delete=models.PROTECT, related_name="+")
    fob_value = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["epc", "segment"], name="one_fob_line_per_segment"),
            models.CheckConstraint(name="fob_positive", condition=Q(fob_value__gt=0)),
        ]

    def __str__(self):
        return f"{self.segment_id}: {self.fob_value}"


class EntitlementAccount(models.Model):
    """One balance per member, financial year and segment group. Locked for every debit."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="entitlement_accounts"
    )
    financial_year = models.CharField(max_length=7)
    segment_group = models.ForeignKey(SegmentGroup, on_delete=models.PROTECT, related_name="+")
    balance = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))
    credited = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))

    class Meta:
        ordering = ["-financial_year", "segment_group__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "financial_year", "segment_group"], name="one_account_per_year"
            ),
            models.CheckConstraint(name="balance_never_negative", condition=Q(balance__gte=0)),
        ]
        indexes = [
            # The dashboard's entitlement per segment group reads one year, not every year's.
            models.Index(fields=["financial_year", "segment_group"], name="account_year_group_idx"),
        ]

    def __str__(self):
        return f"{self.member.iec} {self.financial_year} {self.segment_group.code}"

    @property
    def used(self) -> Decimal:
        return self.credited - self.balance


class EntryKind(models.TextChoices):
    CREDIT = "credit", _("Credit (EPC approved)")
    DEBIT = "debit", _("Debit (IC issued)")
    REVERSAL = "reversal", _("Reversal (IC cancelled or replaced)")
    ADJUSTMENT = "adjustment", _("Adjustment (assessed value)")


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Ledger entries are never changed")

    def delete(self):
        raise TypeError("Ledger entries are never deleted")


class LedgerEntry(models.Model):
    """Append-only. `amount` is signed: credits and reversals positive, debits negative."""

    account = models.ForeignKey(
        EntitlementAccount, on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    balance_after = models.DecimalField(max_digits=16, decimal_places=2)
    epc = models.ForeignKey(Epc, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    certificate = models.ForeignKey(
        "certificates.ImportCertificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        # An account's ledger in order (a busy firm's account has thousands of entries).
        indexes = [
            models.Index(fields=["account", "created_at"], name="ledger_account_created_idx")
        ]
        constraints = [
            models.CheckConstraint(name="entry_not_zero", condition=~Q(amount=0)),
            models.CheckConstraint(
                name="balance_after_not_negative", condition=Q(balance_after__gte=0)
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Ledger entries are never changed")
        super().save(*args, **kwargs)
