"""Upload checks: type by content (not by name), size limits."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

PDF_MAX_BYTES_DEFAULT = 5 * 1024 * 1024


def check_pdf_upload(upload, *, field: str, label: str, max_bytes: int | None = None) -> None:
    """A PDF by its first bytes, at most `max_bytes` (settings.ATTACHMENT_MAX_BYTES by default)."""
    limit = max_bytes or getattr(settings, "ATTACHMENT_MAX_BYTES", PDF_MAX_BYTES_DEFAULT)
    if upload is None:
        raise ValidationError({field: [f"Attach the {label} as a PDF"]})
    if upload.size > limit:
        raise ValidationError(
            {
                field: [
                    f"The {label} is {upload.size / 1048576:.1f} MB: the limit is {limit // 1048576} MB"
                ]
            }
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError({field: [f"The {label} must be a PDF file"]})
