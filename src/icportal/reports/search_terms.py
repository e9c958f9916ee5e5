"""What a term typed in the search box can be (reports/search_selectors.py runs the lookups that
fit): an IC number or reference, an IEC or GSTIN, an IRN/DRN, an invoice or Bill of Entry number,
a member's name or city, words of a supplier or an item, an HS code."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from icportal.certificates.search import has_words
from icportal.common.identifiers import IdentifierError, normalise_gstin, parse_iec

MIN_LENGTH = 3
MAX_LENGTH = 100

# What a term can be; each kind switches on the lookups that fit it.
REFERENCE = "reference"  # IC number or application reference (or its slug), whole or its start
IEC = "iec"
GSTIN = "gstin"
IRN_DRN = "irn_drn"
INVOICE = "invoice"
BOE = "boe"
NAME = "name"
TEXT = "text"  # words of a supplier's name or an item's description, or an HS code
KIND_LABELS = {
    REFERENCE: _("IC number or application reference"),
    IEC: "IEC",
    GSTIN: "GSTIN",
    IRN_DRN: _("IRN or DRN"),
    INVOICE: _("invoice number"),
    BOE: _("Bill of Entry number"),
    NAME: _("member name or city"),
    TEXT: _("supplier, item description or HS code"),
}

_FY = re.compile(r"/(\d{4})/(\d{2})(?=/|$)")
_ALNUM_REF = re.compile(r"[A-Z0-9]{6,32}")  # IRN/DRN: letters and digits, at most 32
_BOE = re.compile(r"\d{6,7}")
# …/2026-27/51: the leading zeros left off (a serial typed with a leading zero is a number's start)
_SHORT_SERIAL = re.compile(r"(.+/\d{4}-\d{2})/([1-9]\d{0,4})")


@dataclass(frozen=True)
class Term:
    text: str  # as typed, trimmed
    upper: str  # upper case
    compact: str  # upper case without spaces: identifiers
    kinds: frozenset[str]
    reference: str = ""  # slug turned back into CLE/CHN/IC/2026-27/000123 form
    reference_kind: str = ""  # IC, APP, other code, or "" when too short to tell

    def labels(self, *, names: bool = True) -> list[str]:
        """What the term was searched as (member names: office staff and head office only)."""
        return [
            str(label)  # in the reader's language, now
            for kind, label in KIND_LABELS.items()
            if kind in self.kinds and (names or kind != NAME)
        ]


def _reference_of(upper: str) -> tuple[str, str]:
    """'CLE-CHN-IC-2026-27-000123' or 'CLE/CHN/IC/2026-27/0001' → (number or its start, kind)."""
    reference = _FY.sub(r"/\1-\2", re.sub(r"\s", "", upper).replace("-", "/"))
    short = _SHORT_SERIAL.fullmatch(reference)
    if short:  # typed without its leading zeros: the number is whole, padded as issued
        reference = f"{short[1]}/{int(short[2]):06d}"
    parts = reference.split("/")
    return reference, parts[2] if len(parts) > 3 else ""


def _is_iec(compact: str) -> bool:
    try:
        return len(compact) == 10 and parse_iec(compact).code == compact
    except IdentifierError:
        return False


def _is_gstin(compact: str) -> bool:
    try:
        return len(compact) == 15 and normalise_gstin(compact) == compact
    except IdentifierError:
        return False


def _kinds_of(text: str, compact: str) -> set[str]:
    if _is_gstin(compact):
        return {GSTIN}  # its check character makes it nothing else
    if _is_iec(compact) and not compact.isdigit():
        return {IEC}  # a PAN-shaped IEC is nothing else
    kinds = {IEC} if _is_iec(compact) else set()  # a legacy 10-digit IEC may be an invoice number
    if _ALNUM_REF.fullmatch(compact) and re.search(r"\d", compact):
        kinds.add(IRN_DRN)
    if _BOE.fullmatch(compact):
        kinds.add(BOE)
    if re.search(r"\d", text) and len(text) <= 40:
        kinds.add(INVOICE)
    if re.search(r"[A-Za-z]", text):
        kinds.add(NAME)
    if has_words(text):
        kinds.add(TEXT)
    return kinds


def classify(text: str) -> Term:
    """Which kinds of thing the term can be. Several may fit (a 7-digit number may be a Bill of
    Entry or an invoice number); the search runs the lookups of each, all of them cheap."""
    text = (text or "").strip()[:MAX_LENGTH]
    upper = text.upper()
    compact = re.sub(r"\s", "", upper)
    if len(compact) < MIN_LENGTH:
        return Term(text, upper, compact, frozenset())
    if re.match(rf"{re.escape(settings.COUNCIL_CODE)}[/-]", compact):
        reference, reference_kind = _reference_of(upper)
        return Term(text, upper, compact, frozenset({REFERENCE}), reference, reference_kind)
    return Term(text, upper, compact, frozenset(_kinds_of(text, compact)))
