"""Indian identifiers and ICEGATE's own input rules, as the sandbox checks them.

Kept inside the sandbox on purpose: it must not import icportal (domain-facts §3.1, §4).
Each `normalise_*` returns the canonical form or raises `InvalidIdentifier` naming the rule.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

_ALPHABET36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STATE_CODES = {f"{n:02d}" for n in range(1, 39)} | {"97", "99"}
_PAN = re.compile(r"[A-Z]{3}[ABCFGHLJPTK][A-Z][0-9]{4}[A-Z]")
ICEGATE_ID = re.compile(r"[A-Za-z0-9]{1,25}")
_SPECIAL = re.compile(r"[^A-Za-z0-9]")


class InvalidIdentifier(ValueError):
    pass


def _clean(value: object) -> str:
    return re.sub(r"[\s\-]", "", str(value or "")).upper()


def gstin_check_character(first14: str) -> str:
    """Luhn mod 36 over the first 14 characters (domain-facts §4.3)."""
    total = 0
    for index, char in enumerate(first14.upper()):
        product = _ALPHABET36.index(char) * (1 if index % 2 == 0 else 2)
        total += product // 36 + product % 36
    return _ALPHABET36[(36 - total % 36) % 36]


def normalise_pan(value: object) -> str:
    pan = _clean(value)
    if not _PAN.fullmatch(pan) or pan[5:9] == "0000":
        raise InvalidIdentifier("a PAN is five letters, four digits and a letter, like AAACC1234D")
    return pan


def normalise_gstin(value: object) -> str:
    gstin = _clean(value)
    if not re.fullmatch(r"[0-9A-Z]{15}", gstin):
        raise InvalidIdentifier("a GSTIN is 15 letters and digits, like 33AAACC1234D1ZJ")
    if gstin[:2] not in _STATE_CODES:
        raise InvalidIdentifier(f"GSTIN state code {gstin[:2]} is not a GST state code")
    try:
        normalise_pan(gstin[2:12])
    except InvalidIdentifier as exc:
        raise InvalidIdentifier(f"GSTIN characters 3–12 must be a PAN: {exc}") from exc
    if gstin[12] == "0" or gstin[13] != "Z":
        raise InvalidIdentifier("GSTIN 13th character must be 1–9 or A–Z and the 14th must be Z")
    expected = gstin_check_character(gstin[:14])
    if gstin[14] != expected:
        raise InvalidIdentifier(f"GSTIN check character should be {expected}, not {gstin[14]}")
    return gstin


def normalise_iec(value: object) -> str:
    """Today's IEC is the firm's PAN; legacy IECs were 10 digits."""
    iec = _clean(value)
    if re.fullmatch(r"[0-9]{10}", iec):
        return iec
    try:
        return normalise_pan(iec)
    except InvalidIdentifier as exc:
        raise InvalidIdentifier(
            "an IEC is the firm's PAN (like AAACC1234D) or a legacy 10-digit number"
        ) from exc


def normalise_icegate_id(value: object) -> str:
    """1–25 letters or digits, no spaces or symbols; stored and compared in upper case."""
    icegate_id = str(value or "").strip()
    if not ICEGATE_ID.fullmatch(icegate_id):
        raise InvalidIdentifier(
            "an ICEGATE ID is 1 to 25 letters or digits, with no spaces or symbols"
        )
    return icegate_id.upper()


def password_problems(password: str) -> list[str]:
    """What a new ICEGATE password still lacks (empty when it is acceptable)."""
    problems = []
    if len(password) < 8:
        problems.append("at least 8 characters")
    if len(password) > 128:
        problems.append("at most 128 characters")
    if not re.search(r"[A-Z]", password):
        problems.append("an upper-case letter")
    if not re.search(r"[a-z]", password):
        problems.append("a lower-case letter")
    if not re.search(r"[0-9]", password):
        problems.append("a digit")
    if not _SPECIAL.search(password):
        problems.append("a special character such as @ # $ %")
    return problems


def normalise_email(value: object) -> str:
    email = str(value or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidIdentifier("enter an e-mail address like name@example.com") from exc
    return email


def normalise_mobile(value: object) -> str:
    """Indian mobile numbers as +91 and ten digits starting 6–9."""
    digits = re.sub(r"[\s\-()]", "", str(value or ""))
    match = re.fullmatch(r"(?:\+?91|0)?([6-9][0-9]{9})", digits)
    if not match:
        raise InvalidIdentifier("enter a 10-digit Indian mobile number, like 9876543210")
    return f"+91{match.group(1)}"


def normalise_address(value: object) -> str:
    """A mailbox address: an e-mail address or a mobile number, in canonical form."""
    text = str(value or "").strip()
    if "@" in text:
        return text.lower()
    try:
        return normalise_mobile(text)
    except InvalidIdentifier:
        return text.lower()


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    shown = local[:2]
    return f"{shown}{'*' * max(len(local) - len(shown), 3)}@{domain}"


def mask_mobile(mobile: str) -> str:
    return f"{'*' * 6}{mobile[-4:]}"
