"""Indian trade identifiers: one place that knows every format and says which rule failed.

Each `normalise_*` function returns the canonical form or raises `IdentifierError` whose message
names the rule ("GSTIN check character should be V"). Forms, serializers and importers all call
these, so the same input gets the same answer everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import gstin as std_gstin
from stdnum.in_ import pan as std_pan

_ALPHABET36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# python-stdnum knows 01–37; 38 (Ladakh), 97 (Other Territory) and 99 (Centre Jurisdiction) exist too.
GST_STATE_CODES: dict[str, str] = {
    **{code: name for code, name in std_gstin._STATE_CODES.items()},
    "38": "Ladakh",
    "97": "Other Territory",
    "99": "Centre Jurisdiction",
}
PAN_HOLDER_TYPES = {
    "P": "individual",
    "C": "company",
    "H": "Hindu undivided family",
    "F": "firm",
    "A": "association of persons",
    "T": "trust",
    "B": "body of individuals",
    "L": "local authority",
    "J": "artificial juridical person",
    "G": "government",
    "K": "krish (trust)",
}


class IdentifierError(ValidationError):
    """A rejected identifier; `message` says which rule failed and how to fix it."""


def _clean(value: object) -> str:
    return re.sub(r"[\s\-]", "", str(value or "")).upper()


def normalise_pan(value: object) -> str:
    pan = _clean(value)
    if len(pan) != 10:
        raise IdentifierError(
            _("PAN must be 10 characters, like AAACC1234D (got %(got)d)") % {"got": len(pan)}
        )
    if not re.fullmatch(r"[A-Z]{5}[0-9]{4}[A-Z]", pan):
        raise IdentifierError(
            _("PAN must be five letters, four digits and a letter, like AAACC1234D")
        )
    if pan[3] not in PAN_HOLDER_TYPES:
        raise IdentifierError(
            _("PAN 4th character must be a holder type (%(types)s), not %(got)s")
            % {"types": ", ".join(PAN_HOLDER_TYPES), "got": pan[3]}
        )
    if pan[5:9] == "0000":
        raise IdentifierError(_("PAN serial number (characters 6–9) cannot be 0000"))
    try:
        std_pan.validate(pan)
    except StdnumError as exc:  # pragma: no cover - rules above are stricter
        raise IdentifierError(_("PAN is not valid: %(why)s") % {"why": exc.message}) from exc
    return pan


def gstin_check_character(first14: str) -> str:
    """The Luhn mod 36 check character for the first 14 characters of a GSTIN."""
    return luhn.calc_check_digit(first14.upper(), _ALPHABET36)


def gstin_for(pan: str, state: str = "33", entity: str = "1") -> str:
    """The GSTIN of `pan`'s `entity`-th registration in `state` (for demo and test data)."""
    first14 = f"{state}{pan}{entity}Z"
    return first14 + gstin_check_character(first14)


def normalise_gstin(value: object) -> str:
    gstin = _clean(value)
    if len(gstin) != 15:
        raise IdentifierError(
            _("GSTIN must be 15 characters, like 33AAACC1234D1ZJ (got %(got)d)")
            % {"got": len(gstin)}
        )
    if not re.fullmatch(r"[0-9A-Z]{15}", gstin):
        raise IdentifierError(_("GSTIN may contain only letters and digits"))
    state = gstin[:2]
    if state not in GST_STATE_CODES:
        raise IdentifierError(
            _("GSTIN starts with state code %(state)s, which is not a GST state code")
            % {"state": state}
        )
    try:
        normalise_pan(gstin[2:12])
    except IdentifierError as exc:
        raise IdentifierError(
            _("GSTIN characters 3–12 must be a PAN: %(why)s") % {"why": exc.message}
        ) from exc
    if gstin[12] == "0" or gstin[12] not in _ALPHABET36:
        raise IdentifierError(_("GSTIN 13th character (registration number) must be 1–9 or A–Z"))
    if gstin[13] != "Z":
        raise IdentifierError(_("GSTIN 14th character must be Z, not %(got)s") % {"got": gstin[13]})
    expected = gstin_check_character(gstin[:14])
    if gstin[14] != expected:
        raise IdentifierError(
            _("GSTIN check character should be %(expected)s, not %(got)s")
            % {"expected": expected, "got": gstin[14]}
        )
    return gstin


def gstin_pan(gstin: str) -> str:
    return normalise_gstin(gstin)[2:12]


@dataclass(frozen=True)
class Iec:
    code: str
    is_legacy: bool  # a pre-2018 10-digit numeric IEC; today's IECs are the PAN


def parse_iec(value: object) -> Iec:
    iec = _clean(value)
    if len(iec) != 10:
        raise IdentifierError(
            _("IEC must be 10 characters, like AAACC1234D (got %(got)d)") % {"got": len(iec)}
        )
    if re.fullmatch(r"[0-9]{10}", iec):  # not str.isdigit(), which takes "١٢٣" and "²" too
        return Iec(code=iec, is_legacy=True)
    try:
        return Iec(code=normalise_pan(iec), is_legacy=False)
    except IdentifierError as exc:
        raise IdentifierError(
            _("IEC must be the firm's PAN (or a legacy 10-digit number): %(why)s")
            % {"why": exc.message}
        ) from exc


def normalise_iec(value: object) -> str:
    return parse_iec(value).code


# ICEGATE asks for at most 25 letters and digits (simplified-registration advisory); its minimum is
# not published. A real ID is a chosen name like CLEINDIA1984: 6 is the shortest we accept, so a
# stray "0" or "NA" typed into the box is refused (docs/decisions.md, "ICEGATE IDs").
ICEGATE_ID_MIN = 6
ICEGATE_ID_MAX = 25
ICEGATE_ID_RULE = (
    f"ICEGATE IDs are {ICEGATE_ID_MIN} to {ICEGATE_ID_MAX} letters and digits, like CLEINDIA1984"
)


def normalise_icegate_id(value: object) -> str:
    """The one ICEGATE ID rule: members' registrations and offices' uploader IDs both use it."""
    icegate_id = str(value or "").strip().upper()
    if not icegate_id:
        raise IdentifierError(_("Enter the ICEGATE ID"))
    if not re.fullmatch(r"[A-Z0-9]+", icegate_id):
        raise IdentifierError(
            _("ICEGATE ID may contain only letters and digits: no spaces or symbols")
        )
    if len(icegate_id) > ICEGATE_ID_MAX:
        raise IdentifierError(
            _("ICEGATE ID must be at most %(max)d characters (got %(got)d)")
            % {"max": ICEGATE_ID_MAX, "got": len(icegate_id)}
        )
    if len(icegate_id) < ICEGATE_ID_MIN:
        raise IdentifierError(
            _(
                "ICEGATE ID must be at least %(min)d characters (got %(got)d): ICEGATE IDs are "
                "%(min)d to %(max)d letters and digits, like CLEINDIA1984"
            )
            % {"min": ICEGATE_ID_MIN, "max": ICEGATE_ID_MAX, "got": len(icegate_id)}
        )
    return icegate_id


def normalise_mobile(value: object) -> str:
    raw = re.sub(r"[\s\-()]", "", str(value or ""))
    if not re.fullmatch(r"(?:\+?91|0)?[6-9][0-9]{9}", raw):
        raise IdentifierError(
            _("Enter an Indian mobile number: 10 digits starting 6, 7, 8 or 9, like 98400 12345")
        )
    parsed = phonenumbers.parse(raw[-10:], "IN")
    if not phonenumbers.is_valid_number(parsed):
        raise IdentifierError(_("This is not a valid Indian mobile number"))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


PORT_TYPES = {"1": "seaport", "2": "rail", "4": "air cargo", "6": "ICD / CFS / SEZ", "B": "land"}


def normalise_port_code(value: object) -> str:
    port = _clean(value)
    if len(port) != 6:
        raise IdentifierError(
            _("Port code must be 6 characters, like INMAA1 (got %(got)d)") % {"got": len(port)}
        )
    if not re.fullmatch(r"IN[A-Z]{3}[0-9A-Z]", port):
        raise IdentifierError(
            _("Port code must be IN, three letters and a type character, like INMAA1 or INDEL4")
        )
    return port


def normalise_hs_code(value: object) -> str:
    hs = re.sub(r"[\s.]", "", str(value or ""))
    if not re.fullmatch(r"[0-9]{8}", hs):
        raise IdentifierError(_("HS code must be 8 digits, like 96071100 (keep leading zeros)"))
    if hs[:2] == "00" or int(hs[:2]) > 98:
        raise IdentifierError(
            _("HS code chapter %(chapter)s does not exist (chapters are 01–98)")
            % {"chapter": hs[:2]}
        )
    return hs


def normalise_bill_of_entry_no(value: object) -> str:
    boe = re.sub(r"\s", "", str(value or ""))
    if not re.fullmatch(r"[0-9]{6,7}", boe):
        raise IdentifierError(
            _("Bill of Entry number must be 7 digits (6 for older non-EDI numbers), like 4567890")
        )
    return boe


def normalise_irn(value: object, label: str = "IRN") -> str:
    """IRN/DRN layout is not public: upper-case letters and digits, at most 32 characters."""
    ref = _clean(value)
    if not ref:
        raise IdentifierError(_("Enter the %(label)s") % {"label": label})
    if len(ref) > 32 or not re.fullmatch(r"[A-Z0-9]+", ref):
        raise IdentifierError(
            _("%(label)s must be letters and digits only, at most 32 characters") % {"label": label}
        )
    return ref
