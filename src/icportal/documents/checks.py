"""`icportal check --deploy`: signing needs a Time Stamping Authority and trust anchors.

Without TSA_URL no signature can be timestamped (PAdES B-T), so every document would wait in the
worker; without SIGNING_TRUST_ANCHORS no chain can be validated. production.py has no
development defaults for either, so an operator who forgets them hears it before the first IC.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register

TAG = "signing"


@register(TAG, deploy=True)
def signing_services_check(app_configs=None, **kwargs):
    errors = []
    if not settings.TSA_URL:
        errors.append(
            Error(
                "TSA_URL is not set: signatures cannot be timestamped (PAdES B-T).",
                hint="Set TSA_URL to your CA's RFC 3161 timestamp service (and TSA_USERNAME/"
                "TSA_PASSWORD if it asks for them); see docs/documents.md.",
                id="icportal.E101",
            )
        )
    anchors = list(settings.SIGNING_TRUST_ANCHORS or [])
    missing = [a for a in anchors if not Path(a).is_file()]
    if not anchors or missing:
        errors.append(
            Error(
                "SIGNING_TRUST_ANCHORS "
                + (f"names missing files: {', '.join(missing)}." if missing else "is empty."),
                hint="List the PEM files of the CAs that issue the offices' DSCs and the TSA's "
                "certificate (comma-separated paths); see docs/documents.md.",
                id="icportal.E102",
            )
        )
    return errors
