"""Member firms (exporters), their GSTINs and their ICEGATE registration record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from icportal.common.models import TimeStampedModel
from icportal.common.validators import validate_gstin, validate_icegate_id, validate_iec


class Segment(models.Model):
    """A CLE product segment. Seeded; segment groups and percentages are scheme data elsewhere."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class Member(TimeStampedModel):
    legal_name = models.CharField(max_length=200)
    iec = models.CharField(_("IEC"), max_length=10, unique=True, validators=[validate_iec])
    iec_is_legacy = models.BooleanField(
        _("legacy numeric IEC"), default=False, help_text=_("A pre-2018 10-digit numeric IEC.")
    )
    pan = models.CharField(_("PAN"), max_length=10, db_index=True)
    rcmc_number = models.CharField(_("RCMC number"), max_length=40, blank=True)
    rcmc_valid_from = models.DateField(_("RCMC valid from"), null=True, blank=True)
    rcmc_valid_to = models.DateField(_("RCMC valid to"), null=True, blank=True)
    segments = models.ManyToManyField(Segment, related_name="members", blank=True)
    address = models.TextField(blank=True)
    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=60, blank=True)
    pincode = models.CharField(max_length=6, blank=True)
    gstn_email = models.EmailField(
        _("e-mail registered with GSTN"), help_text=_("ICEGATE sends the IRN to this address.")
    )
    gstn_mobile = models.CharField(_("mobile registered with GSTN"), max_length=13, blank=True)
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="members")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["legal_name"]
        indexes = [models.Index(fields=["office", "legal_name"])]

    def __str__(self):
        return f"{self.legal_name} ({self.iec})"

    @property
    def primary_gstin(self) -> str:
        gstins = list(self.gstins.all())
        primary = next((g for g in gstins if g.is_primary), gstins[0] if gstins else None)
        return primary.gstin if primary else ""


class MemberGstin(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="gstins")
    gstin = models.CharField(_("GSTIN"), max_length=15, unique=True, validators=[validate_gstin])
    state_code = models.CharField(max_length=2)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "gstin"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(is_primary=True), name="one_primary_gstin"
            )
        ]

    def __str__(self):
        return self.gstin


class RegistrationStatus(models.TextChoices):
    NOT_REGISTERED = "not_registered", _("Not registered")
    CLAIMED = "claimed", _("Claimed by member — awaiting office check")
    VERIFIED = "verified", _("Verified by office")


class RegistrationMethod(models.TextChoices):
    SIMPLIFIED = "simplified", _("Simplified registration (IEC + GSTIN)")
    DSC = "dsc", _("Class III digital signature certificate")


class VerificationMethod(models.TextChoices):
    ICEGATE_LOOKUP = "icegate_lookup", _("Checked on ICEGATE")
    WELCOME_SCREEN = "welcome_screen", _("Member showed the ICEGATE welcome screen")
    IRN_RECEIVED = "irn_received", _("Member received an IRN mail from ICEGATE")
    OTHER = "other", _("Other (see note)")


class IcegateRegistration(TimeStampedModel):
    """What the council knows of the member's ICEGATE registration (point 1 of the circular)."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="icegate_registration"
    )
    status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.NOT_REGISTERED
    )
    icegate_id = models.CharField(
        _("ICEGATE ID"),
        max_length=25,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_icegate_id],
    )
    method = models.CharField(max_length=12, choices=RegistrationMethod.choices, blank=True)
    email = models.EmailField(_("ICEGATE-registered e-mail"), blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_method = models.CharField(
        max_length=20, choices=VerificationMethod.choices, blank=True
    )
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.member.legal_name}: {self.get_status_display()}"

    @property
    def is_verified(self) -> bool:
        return self.status == RegistrationStatus.VERIFIED


class MemberImport(TimeStampedModel):
    """A validated bulk import waiting for confirmation: the preview the officer confirms."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Checked — waiting for confirmation")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    rows = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.filename} ({self.row_count} rows, {self.status})"
