"""The sandbox's own reference-number formats — the one place that defines them.

The real ICEGATE's IRN and DRN layouts are not public (domain-facts §2.3). icportal may rely only on
"upper-case letters and digits, at most 32 characters"; everything else here is a sandbox choice:

- IRN (Image Reference Number):    ``SBXI`` + upload date ``YYYYMMDD`` (IST) + 10 random characters
- DRN (Document Reference Number): ``SBXD`` + upload date ``YYYYMMDD`` (IST) + 10 random characters
- Simplified-registration id:      ``SR`` + 16 random characters

e.g. IRN ``SBXI20260314K7Q2M9X4TB`` and DRN ``SBXD20260314B1C9ZP0W3N`` (22 characters each). The
random characters come from Crockford's base-32 alphabet (no I, L, O or U, so nothing is misread
when typed into a Bill of Entry). The ``SBX`` prefix marks every number as a sandbox number, so one
pasted into a real Bill of Entry is recognisable at a glance.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

IST = ZoneInfo("Asia/Kolkata")
RANDOM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
IRN_PREFIX = "SBXI"
DRN_PREFIX = "SBXD"
REGISTRATION_ID_PREFIX = "SR"
IRN_PATTERN = re.compile(r"SBXI[0-9]{8}[0-9A-HJKMNP-TV-Z]{10}")
DRN_PATTERN = re.compile(r"SBXD[0-9]{8}[0-9A-HJKMNP-TV-Z]{10}")
MAX_REFERENCE_LENGTH = 32  # the only promise icportal may rely on


def _random(length: int) -> str:
    return "".join(secrets.choice(RANDOM_ALPHABET) for _ in range(length))


def _ist_date(now: datetime | None) -> str:
    return timezone.localtime(now or timezone.now(), IST).strftime("%Y%m%d")


def new_irn(now: datetime | None = None) -> str:
    return f"{IRN_PREFIX}{_ist_date(now)}{_random(10)}"


def new_drn(now: datetime | None = None) -> str:
    return f"{DRN_PREFIX}{_ist_date(now)}{_random(10)}"


def new_registration_id() -> str:
    return f"{REGISTRATION_ID_PREFIX}{_random(16)}"


def normalise_reference(value: str) -> str:
    """IRNs, DRNs and ICEGATE IDs are compared without surrounding spaces and case."""
    return str(value or "").strip().upper()
