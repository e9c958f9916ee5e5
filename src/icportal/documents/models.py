"""Signing identities and the signed document of each Import Certificate.

Document statuses (one service per arrow, see services.py):

    waiting ──render──▶ rendered ──sign+check──▶ signed (terminal: the file is never touched again)
       ▲  ▲                │
       │  └─ later ────────┤   (TSA or OCSP/CRL unreachable: waits with the reason, `retry_at`)
       └──retry── failed ◀─┘   (any other step's error; the IC stays issued, the document visibly waits)
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icportal.common.models import TimeStampedModel


class Backend(models.TextChoices):
    PKCS12 = "pkcs12", _("PKCS#12 file (passphrase from the environment)")
    PKCS11 = "pkcs11", _("PKCS#11 token (PIN from the environment)")


class SigningIdentity(TimeStampedModel):
    """An office's signing key: where it lives and the certificate it signs with."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="signing_identities"
    )
    backend = models.CharField(max_length=6, choices=Backend.choices)
    # PKCS#12: the file and the NAME of the environment variable holding its passphrase.
    p12_path = models.CharField(_("PKCS#12 file"), max_length=300, blank=True)
    # PKCS#11: the module, token and key; the NAME of the environment variable holding the PIN.
    pkcs11_module = models.CharField(_("PKCS#11 module"), max_length=300, blank=True)
    token_label = models.CharField(max_length=64, blank=True)
    key_label = models.CharField(max_length=64, blank=True)
    secret_env = models.CharField(
        _("environment variable with the passphrase or PIN"),
        max_length=64,
        help_text=_("The variable's name, never its value."),
    )
    certificate_pem = models.TextField()
    subject = models.CharField(max_length=300)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField()
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = _("signing identities")
        constraints = [
            models.UniqueConstraint(
                fields=["office"], condition=Q(is_active=True), name="one_active_identity"
            )
        ]

    def __str__(self):
        return f"{self.office_id} {self.backend}: {self.subject}"


class DocStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be signed")
    RENDERED = "rendered", _("Rendered — signing")
    SIGNED = "signed", _("Signed")
    FAILED = "failed", _("Not signed — needs attention")


class CertificateDocument(TimeStampedModel):
    """The signed PDF/A of one IC. Once `signed`, the file and its hash never change."""

    certificate = models.OneToOneField(
        "certificates.ImportCertificate", on_delete=models.PROTECT, related_name="document"
    )
    status = models.CharField(max_length=8, choices=DocStatus.choices, default=DocStatus.WAITING)
    file_name = models.CharField(max_length=80, unique=True)
    file = models.FileField(upload_to="certificates/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_subject = models.CharField(max_length=300, blank=True)
    identity = models.ForeignKey(
        SigningIdentity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    readiness = models.JSONField(default=list, blank=True)
    last_error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # PAdES level of the signed file (B-T, B-LT; h3's B-LTA) and its signature timestamp.
    level = models.CharField(_("PAdES level"), max_length=6, blank=True)
    timestamp_at = models.DateTimeField(null=True, blank=True)
    tsa_subject = models.CharField(_("timestamp authority"), max_length=300, blank=True)
    # A waiting document after a TSA/OCSP outage is not claimed before this moment.
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # esanchit pulls the documents signed lately (esanchit.services.uploads_queue).
            models.Index(fields=["status", "signed_at"], name="doc_status_signed_idx"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.status})"

    @property
    def ready(self) -> bool:
        return self.status == DocStatus.SIGNED and all(c["passed"] for c in self.readiness)


class RevocationKind(models.TextChoices):
    OCSP = "ocsp", _("OCSP response")
    CRL = "crl", "CRL"


class RevocationAnswer(TimeStampedModel):
    """The latest revocation answer for one certificate (the office's, the TSA's …): fetched once
    and embedded in every file signed while it is fresh (`revocation.py`), not fetched per file."""

    issuer = models.CharField(max_length=500)  # the certificate's issuer DN (RFC 4514)
    serial = models.CharField(max_length=64)  # hexadecimal
    kind = models.CharField(max_length=4, choices=RevocationKind.choices)
    der = models.BinaryField()
    fetched_at = models.DateTimeField()
    next_update = models.DateTimeField(null=True, blank=True)
    source_url = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "serial"], name="one_revocation_answer")
        ]

    def __str__(self):
        return f"{self.kind} for {self.serial} ({self.issuer})"


class VersionKind(models.TextChoices):
    SIGNED = "signed", _("Signed at issue")
    DSS = "dss", _("Validation data added")
    ARCHIVE = "archive-timestamp", _("Archive timestamp added")


class DocumentVersion(models.Model):
    """One version of an IC's signed file. Version 1 is the file signed at issue (the document's
    own `file` and `sha256`, which e-SANCHIT received and everything else is keyed by); each later
    version is an incremental update of the one before — every earlier byte kept, a document
    timestamp and fresh validation data appended (B-LTA, documents/archive.py).

    `evidence_expires_at`: when the last timestamp's TSA certificate (for a file without any
    timestamp, the signer's chain) expires — the archive job adds the next timestamp
    SIGNING_ARCHIVE_MARGIN_DAYS before then. Only the `current` version is looked at."""

    document = models.ForeignKey(
        CertificateDocument, on_delete=models.PROTECT, related_name="versions"
    )
    n = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="certificates/%Y/%m/", max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    level = models.CharField(max_length=6, blank=True)  # B-B, B-T, B-LT, B-LTA
    kind = models.CharField(max_length=17, choices=VersionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    current = models.BooleanField(default=True)
    evidence_expires_at = models.DateTimeField(null=True, blank=True)
    # The archive job's last failure on this (current) version: why, and when it tries again.
    last_error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "n"], name="one_version_number"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(current=True), name="one_current_version"
            ),
        ]
        indexes = [
            models.Index(
                fields=["evidence_expires_at"],
                condition=Q(current=True),
                name="docversion_archive_due_idx",
            )
        ]

    def __str__(self):
        return f"{self.document.file_name} v{self.n} ({self.level or self.kind})"
