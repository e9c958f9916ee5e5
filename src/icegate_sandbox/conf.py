"""Every setting and fixed rule of the sandbox, read through `django.conf.settings` only.

Settings (all optional):
- `ICEGATE_SANDBOX_ADMIN_KEY` — value of the `X-Sandbox-Admin-Key` header for `api/admin/...`.
- `ICEGATE_SANDBOX_DOCUMENT_TYPES` — {code: name} of the e-SANCHIT document types the sandbox knows.
- `ICEGATE_SANDBOX_HANG_SECONDS` — how long an injected timeout hangs (default 30 s).
- `ICEGATE_SANDBOX_FAULT_AFTER_STORAGE_SHARE` — share of injected e-SANCHIT upload failures that
  happen after the documents were stored (default 0.5).
- `ICEGATE_SANDBOX_MAX_UPLOAD_REQUEST_BYTES` — largest upload request read at all (default 24 MiB).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

MAX_FILE_BYTES = 1_048_576  # e-SANCHIT: at most 1 MB per file; exactly 1 MiB is accepted
MAX_BATCH_FILES = 10  # a PGA user uploads up to 10 files at a time
MAX_MANIFEST_BYTES = 64 * 1024
MAX_JSON_BODY_BYTES = 256 * 1024
TEMPORARY_PASSWORD_VALIDITY = timedelta(minutes=30)
OTP_VALIDITY = timedelta(minutes=10)
MAX_WRONG_TRIES = 5

# The council's codes in the real e-SANCHIT dropdown are not public (domain-facts §2.4): CLEIC1 and
# CLETX1 are sandbox choices. The others are codes published in CBIC circulars.
DEFAULT_DOCUMENT_TYPES: dict[str, str] = {
    "CLEIC1": "Import Certificate under DFIS — Council for Leather Exports (sandbox code)",
    "CLETX1": "Certificate of Import Clearance for Textile and Textile Articles — CLE (sandbox code)",
    "380000": "Invoice",
    "331000": "Invoice cum packing list",
    "704000": "Master bill of lading",
    "714000": "House bill of lading",
    "6261WC": "CITES permit — Wildlife Crime Control Bureau",
    "9111DC": "Drug import licence — CDSCO",
}


def admin_key() -> str:
    return str(getattr(settings, "ICEGATE_SANDBOX_ADMIN_KEY", "") or "")


def document_types() -> dict[str, str]:
    configured = getattr(settings, "ICEGATE_SANDBOX_DOCUMENT_TYPES", None)
    if not configured:
        return dict(DEFAULT_DOCUMENT_TYPES)
    if isinstance(configured, dict):
        return {str(code).upper(): str(name) for code, name in configured.items()}
    return {str(code).upper(): str(code).upper() for code in configured}


def hang_seconds() -> float:
    return float(getattr(settings, "ICEGATE_SANDBOX_HANG_SECONDS", 30))


def fault_after_storage_share() -> float:
    return float(getattr(settings, "ICEGATE_SANDBOX_FAULT_AFTER_STORAGE_SHARE", 0.5))


def max_upload_request_bytes() -> int:
    return int(getattr(settings, "ICEGATE_SANDBOX_MAX_UPLOAD_REQUEST_BYTES", 24 * 1024 * 1024))
