"""What the member quoted at customs, cleaned field by field; the screenshot checked by content."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icportal.common.forms import parse_day
from icportal.common.identifiers import (
    IdentifierError,
    normalise_bill_of_entry_no,
    normalise_icegate_id,
    normalise_iec,
    normalise_irn,
    normalise_mobile,
    normalise_port_code,
)

SCREENSHOT_MAX_BYTES = 2 * 1024 * 1024
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")

# name: (the message when it is missing, when it is too long, the limit, required)
TEXT_FIELDS = {
    "company_name": (
        gettext_lazy("Enter the name of the company"),
        gettext_lazy("Keep the name of the company to %(limit)s characters"),
        200,
        True,
    ),
    "official_name": (
        gettext_lazy("Enter the customs official's name"),
        gettext_lazy("Keep the customs official's name to %(limit)s characters"),
        120,
        True,
    ),
    "official_designation": (
        gettext_lazy("Enter the customs official's designation"),
        gettext_lazy("Keep the customs official's designation to %(limit)s characters"),
        120,
        True,
    ),
    "officer_said": (
        gettext_lazy("Enter what the officer said"),
        gettext_lazy("Keep what the officer said to %(limit)s characters"),
        2000,
        False,
    ),
}
IDENTIFIERS = {
    "iec": lambda v: normalise_iec(v),
    "boe_no": lambda v: normalise_bill_of_entry_no(v),
    "irn": lambda v: normalise_irn(v, "IRN"),
    "drn": lambda v: normalise_irn(v, "DRN"),
    "official_mobile": lambda v: normalise_mobile(v),
    "port_code": lambda v: normalise_port_code(v),
    "uploader_icegate_id": lambda v: normalise_icegate_id(v),
}


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = parse_day(value)
        except ValidationError as exc:
            raise IdentifierError(exc.messages[0]) from None
    if not isinstance(value, dt.date):
        raise IdentifierError(_("Enter the Bill of Entry date, like 14/03/2026"))
    if value > timezone.localdate():
        raise IdentifierError(_("The Bill of Entry date cannot be in the future"))
    return value


def quoted_clean(data: dict) -> dict:
    """Every field or a {field: [message]} ValidationError listing all that are wrong."""
    clean, errors = {}, {}
    for name, (missing, too_long, limit, required) in TEXT_FIELDS.items():
        value = str(data.get(name) or "").strip()
        if required and not value:
            errors[name] = [str(missing)]
        elif len(value) > limit:
            errors[name] = [too_long % {"limit": limit}]
        clean[name] = value
    for name, normalise in IDENTIFIERS.items():
        try:
            clean[name] = normalise(data.get(name))
        except IdentifierError as exc:
            errors[name] = [str(exc)]
    ic_number = str(data.get("ic_number") or "").strip().upper()
    if not ic_number:
        errors["ic_number"] = [_("Enter the Import Certificate number quoted")]
    elif len(ic_number) > 40:
        errors["ic_number"] = [_("The IC number is at most 40 characters")]
    clean["ic_number"] = ic_number
    try:
        clean["boe_date"] = _date(data.get("boe_date"))
    except IdentifierError as exc:
        errors["boe_date"] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return clean


def check_image_upload(upload, *, field: str = "screenshot") -> str:
    """A PNG or JPEG by its first bytes (not its name), at most 2 MB; returns its extension."""
    if upload.size > SCREENSHOT_MAX_BYTES:
        raise ValidationError(
            {
                field: [
                    _("The screenshot is %(size)s MB: the limit is 2 MB")
                    % {"size": f"{upload.size / 1048576:.1f}"}
                ]
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(_IMAGE_MAGIC):
        raise ValidationError({field: [_("The screenshot must be a PNG or JPEG image")]})
    return ".png" if head.startswith(_IMAGE_MAGIC[0]) else ".jpg"


def quoted_problems(data: dict) -> dict[str, list[str]]:
    """What `quoted_clean` would refuse, by field (the form shows it beside its own messages)."""
    try:
        quoted_clean(data)
    except ValidationError as exc:
        return exc.message_dict
    return {}
