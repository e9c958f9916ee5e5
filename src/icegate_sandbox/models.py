"""The sandbox's own tables. Nothing here is shared with icportal."""

from __future__ import annotations

from django.db import models


class GstnTaxpayer(models.Model):
    """A GSTN record: where simplified registration takes the e-mail and mobile from."""

    gstin = models.CharField(max_length=15, unique=True)
    pan = models.CharField(max_length=10, db_index=True)
    legal_name = models.CharField(max_length=200)
    email = models.CharField(max_length=254)
    mobile = models.CharField(max_length=13)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.gstin} {self.legal_name}"


class Role(models.TextChoices):
    IEC = "IEC", "IEC holder (trade)"
    PGA = "PGA", "Participating Government Agency"


class Method(models.TextChoices):
    SIMPLIFIED = "simplified", "Simplified registration (IEC + GSTIN)"
    DSC = "dsc", "Registration with a digital signature certificate"


class Registration(models.Model):
    """An ICEGATE ID. DSC registrations carry the certificate bound to the ID."""

    icegate_id = models.CharField(max_length=25, unique=True)
    password_hash = models.CharField(max_length=256)
    role = models.CharField(max_length=3, choices=Role.choices)
    method = models.CharField(max_length=10, choices=Method.choices)
    iec = models.CharField(max_length=10, blank=True, db_index=True)
    gstin = models.CharField(max_length=15, blank=True)
    pga_name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254)
    mobile = models.CharField(max_length=13)
    certificate_pem = models.TextField(blank=True)
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.icegate_id


class SimplifiedRegistration(models.Model):
    """One run through the four steps of simplified registration.

    TEMPORARY_PASSWORD_SENT → VERIFIED → OTP_SENT → COMPLETED; LOCKED after too many wrong tries
    (start again from step 1). Step 3 may be repeated from VERIFIED or OTP_SENT (new OTPs).
    """

    class Status(models.TextChoices):
        TEMPORARY_PASSWORD_SENT = "temporary_password_sent", "Temporary password sent"
        VERIFIED = "verified", "Temporary password verified"
        OTP_SENT = "otp_sent", "OTPs sent"
        COMPLETED = "completed", "Registered"
        LOCKED = "locked", "Locked after too many wrong tries"

    registration_id = models.CharField(max_length=24, unique=True)
    taxpayer = models.ForeignKey(GstnTaxpayer, on_delete=models.PROTECT)
    iec = models.CharField(max_length=10)
    gstin = models.CharField(max_length=15)
    status = models.CharField(max_length=30, choices=Status.choices)
    temporary_password_digest = models.CharField(max_length=64)
    temporary_password_expires_at = models.DateTimeField()
    temporary_password_wrong_tries = models.PositiveSmallIntegerField(default=0)
    email = models.CharField(max_length=254, blank=True)
    mobile = models.CharField(max_length=13, blank=True)
    icegate_id = models.CharField(max_length=25, blank=True)
    password_hash = models.CharField(max_length=256, blank=True)
    email_otp_digest = models.CharField(max_length=64, blank=True)
    mobile_otp_digest = models.CharField(max_length=64, blank=True)
    otp_expires_at = models.DateTimeField(null=True, blank=True)
    otp_wrong_tries = models.PositiveSmallIntegerField(default=0)
    completed_registration = models.OneToOneField(
        Registration, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["iec", "gstin", "-created_at"])]

    def __str__(self) -> str:
        return self.registration_id


class AuthToken(models.Model):
    """A bearer token from `api/auth/login`; only its SHA-256 is kept."""

    digest = models.CharField(max_length=64, unique=True)
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"token of {self.registration_id}"


class DocumentsAreForever(Exception):
    """e-SANCHIT documents can never be deleted once an IRN was issued (domain-facts §2.2)."""


class DocumentQuerySet(models.QuerySet):
    def delete(self):
        raise DocumentsAreForever("e-SANCHIT documents can never be deleted")

    delete.queryset_only = True


class Document(models.Model):
    """An accepted e-SANCHIT upload. Stored for good: there is no way to delete one."""

    irn = models.CharField(max_length=32, unique=True)
    drn = models.CharField(max_length=32, unique=True)
    uploader = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="uploads")
    idempotency_key = models.CharField(max_length=100)
    filename = models.CharField(max_length=255)
    beneficiary_type = models.CharField(max_length=3, default="IEC")
    beneficiary_code = models.CharField(max_length=32, db_index=True)
    document_type_code = models.CharField(max_length=16)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["uploader", "idempotency_key"], name="sandbox_document_one_per_key"
            ),
            models.UniqueConstraint(
                fields=["uploader", "filename"], name="sandbox_document_filename_per_uploader"
            ),
        ]

    def __str__(self) -> str:
        return self.irn

    def delete(self, *args, **kwargs):
        raise DocumentsAreForever("e-SANCHIT documents can never be deleted")


class Message(models.Model):
    """An e-mail or SMS the sandbox 'sent': it only ever lands here, in the mailbox."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "SMS"

    class Kind(models.TextChoices):
        TEMPORARY_PASSWORD = "temporary_password", "Temporary password"
        EMAIL_OTP = "email_otp", "E-mail OTP"
        MOBILE_OTP = "mobile_otp", "Mobile OTP"
        IRN = "irn", "IRN/DRN of an uploaded document"

    channel = models.CharField(max_length=5, choices=Channel.choices)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    to = models.CharField(max_length=254, db_index=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    data = models.JSONField(default=dict)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}"


class Fault(models.Model):
    """An injected fault for one operation (or a pattern like `registration.*`).

    `calls` counts the calls it has judged; call n's outcome is drawn from an RNG seeded with
    (operation, seed, n), so the same seed gives the same sequence of outcomes.
    """

    operation = models.CharField(max_length=64, unique=True)
    error_rate = models.FloatField(default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    timeout_rate = models.FloatField(default=0)
    outage = models.BooleanField(default=False)
    seed = models.BigIntegerField(default=0)
    calls = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.operation


class Counter(models.Model):
    """A named, persisted counter for the stats endpoint."""

    name = models.CharField(max_length=64, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
