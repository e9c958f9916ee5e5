"""One check of a member's details, shared by the forms, the API and the bulk importer.

`member_data_clean` never touches the database for format rules; `member_data_check_unique`
adds the rules that depend on what is already stored (duplicate IEC or GSTIN).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from icportal.common import identifiers
from icportal.common.forms import parse_day
from icportal.offices.models import Office

from .models import Member, MemberGstin, Segment

Errors = dict[str, list[str]]


@dataclass
class MemberData:
    legal_name: str
    iec: str
    iec_is_legacy: bool
    pan: str
    gstins: list[str]
    segment_codes: list[str]
    gstn_email: str
    office_code: str
    gstn_mobile: str = ""
    rcmc_number: str = ""
    rcmc_valid_from: dt.date | None = None
    rcmc_valid_to: dt.date | None = None
    address: str = ""
    city: str = ""
    state: str = ""
    pincode: str = ""
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        data = self.__dict__.copy()
        for key in ("rcmc_valid_from", "rcmc_valid_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> MemberData:
        data = dict(data)
        for key in ("rcmc_valid_from", "rcmc_valid_to"):
            data[key] = dt.date.fromisoformat(data[key]) if data.get(key) else None
        return cls(**data)


def split_list(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in re.split(r"[;,\n]", str(value or "")) if part.strip()]


def parse_date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_day(str(value))  # the same rules and messages as every date box
    except ValidationError as exc:
        message = exc.messages[0]
        raise ValidationError(f"{label}: {message[0].lower()}{message[1:]}") from None


def member_data_clean(
    raw: dict, *, segments_by_code: dict[str, Segment], office_codes: set[str]
) -> tuple[MemberData | None, Errors]:
    errors: Errors = defaultdict(list)

    def fail(field_name: str, message: str):
        errors[field_name].append(message)

    legal_name = " ".join(str(raw.get("legal_name") or "").split())
    if not legal_name:
        fail("legal_name", _("Enter the firm's legal name as registered with GSTN"))
    elif len(legal_name) > 200:
        fail("legal_name", _("Legal name must be at most 200 characters"))

    iec = None
    try:
        iec = identifiers.parse_iec(raw.get("iec"))
    except ValidationError as exc:
        fail("iec", exc.message)

    gstins: list[str] = []
    raw_gstins = split_list(raw.get("gstins"))
    if not raw_gstins:
        fail("gstins", _("Enter at least one GSTIN"))
    for value in raw_gstins:
        try:
            gstin = identifiers.normalise_gstin(value)
        except ValidationError as exc:
            fail("gstins", f"{value}: {exc.message}")
            continue
        if gstin in gstins:
            fail("gstins", _("%(gstin)s is listed twice") % {"gstin": gstin})
        gstins.append(gstin)
    pans = {g[2:12] for g in gstins}
    if len(pans) > 1:
        fail("gstins", _("All GSTINs of one firm must carry the same PAN (characters 3–12)"))
    pan = next(iter(pans)) if len(pans) == 1 else ""
    if iec and pan and not iec.is_legacy and iec.code != pan:
        fail(
            "gstins",
            _("The GSTIN's PAN %(pan)s must equal the IEC %(iec)s") % {"pan": pan, "iec": iec.code},
        )

    codes = [c.upper() for c in split_list(raw.get("segments"))]
    by_name = {s.name.lower(): code for code, s in segments_by_code.items()}
    segment_codes = []
    for code in codes:
        resolved = code if code in segments_by_code else by_name.get(code.lower())
        if resolved is None:
            known = ", ".join(f"{c} ({s.name})" for c, s in segments_by_code.items())
            fail(
                "segments",
                _("Unknown product segment %(code)s: use one of %(known)s")
                % {"code": code, "known": known},
            )
        elif resolved not in segment_codes:
            segment_codes.append(resolved)
    if not codes:
        fail("segments", _("Choose at least one product segment"))

    gstn_email = str(raw.get("gstn_email") or "").strip().lower()
    try:
        validate_email(gstn_email)
    except ValidationError:
        fail("gstn_email", _("Enter the e-mail registered with GSTN, like exports@firm.in"))

    gstn_mobile = ""
    if raw.get("gstn_mobile"):
        try:
            gstn_mobile = identifiers.normalise_mobile(raw.get("gstn_mobile"))
        except ValidationError as exc:
            fail("gstn_mobile", exc.message)

    office_code = str(raw.get("office_code") or "").strip().upper()
    if office_code not in office_codes:
        fail(
            "office_code",
            _("Office code must be one of %(codes)s") % {"codes": ", ".join(sorted(office_codes))},
        )

    dates = {}
    for key, label in (
        ("rcmc_valid_from", _("RCMC valid from")),
        ("rcmc_valid_to", _("RCMC valid to")),
    ):
        try:
            dates[key] = parse_date(raw.get(key), label)
        except ValidationError as exc:
            fail(key, exc.message)
            dates[key] = None
    valid_from, valid_to = dates["rcmc_valid_from"], dates["rcmc_valid_to"]
    if valid_from and valid_to and valid_to < valid_from:
        fail("rcmc_valid_to", _("RCMC valid-to date must be after the valid-from date"))

    pincode = str(raw.get("pincode") or "").strip()
    if pincode and not re.fullmatch(r"[1-9][0-9]{5}", pincode):
        fail("pincode", _("PIN code must be 6 digits, not starting with 0"))

    texts = {}
    for key, limit in (("rcmc_number", 40), ("city", 80), ("state", 60), ("address", 500)):
        texts[key] = str(raw.get(key) or "").strip()
        if len(texts[key]) > limit:
            fail(key, _("Must be at most %(limit)s characters") % {"limit": limit})

    if errors:
        return None, dict(errors)
    return (
        MemberData(
            legal_name=legal_name,
            iec=iec.code,
            iec_is_legacy=iec.is_legacy,
            pan=pan,
            gstins=gstins,
            segment_codes=segment_codes,
            gstn_email=gstn_email,
            gstn_mobile=gstn_mobile,
            office_code=office_code,
            pincode=pincode,
            **dates,
            **texts,
        ),
        {},
    )


def member_data_check_unique(data: MemberData, *, existing: Member | None = None) -> Errors:
    errors: Errors = {}
    same_iec = Member.objects.filter(iec=data.iec)
    if existing is not None:
        same_iec = same_iec.exclude(pk=existing.pk)
    if same_iec.exists():
        errors["iec"] = [_("A member with IEC %(iec)s already exists") % {"iec": data.iec}]
    taken = MemberGstin.objects.filter(gstin__in=data.gstins)
    if existing is not None:
        taken = taken.exclude(member=existing)
    taken_list = sorted(taken.values_list("gstin", flat=True))
    if taken_list:
        errors["gstins"] = [
            _("GSTIN %(gstin)s already belongs to another member") % {"gstin": g}
            for g in taken_list
        ]
    return errors


def reference_data() -> dict:
    return {
        "segments_by_code": {s.code: s for s in Segment.objects.all()},
        "office_codes": set(Office.objects.filter(is_active=True).values_list("code", flat=True)),
    }
