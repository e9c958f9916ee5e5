"""GSTN records: where simplified registration takes the e-mail and mobile from."""

from __future__ import annotations

from django.db import transaction

from icegate_sandbox import identifiers
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.models import GstnTaxpayer
from icegate_sandbox.services._common import valid


def taxpayer_upsert(
    *, gstin: str, legal_name: str, email: str, mobile: str, iec: str | None = None
) -> tuple[GstnTaxpayer, str]:
    """Add or update a GSTN record (the 'GST records' registration pulls contact details from).

    Returns the record and "created", "updated" or "unchanged".
    """
    gstin = valid(
        identifiers.normalise_gstin, gstin, code="GSTIN_INVALID", field="gstin", label="GSTIN"
    )
    pan = gstin[2:12]
    if iec is not None and iec != "":
        iec = valid(identifiers.normalise_iec, iec, code="IEC_INVALID", field="iec", label="IEC")
        if iec != pan:
            raise SandboxError(
                "IEC_GSTIN_MISMATCH",
                f"IEC {iec} is not the PAN inside GSTIN {gstin} ({pan}).",
                field="iec",
            )
    legal_name = str(legal_name or "").strip()
    if not legal_name:
        raise SandboxError("MISSING_FIELD", "legal_name is required.", field="legal_name")
    values = {
        "pan": pan,
        "legal_name": legal_name,
        "email": valid(
            identifiers.normalise_email, email, code="EMAIL_INVALID", field="email", label="E-mail"
        ),
        "mobile": valid(
            identifiers.normalise_mobile,
            mobile,
            code="MOBILE_INVALID",
            field="mobile",
            label="Mobile",
        ),
    }
    with transaction.atomic():
        taxpayer, created = GstnTaxpayer.objects.select_for_update().get_or_create(
            gstin=gstin, defaults=values
        )
        if created:
            return taxpayer, "created"
        changed = [key for key, value in values.items() if getattr(taxpayer, key) != value]
        for key in changed:
            setattr(taxpayer, key, values[key])
        if changed:
            taxpayer.save()
    return taxpayer, "updated" if changed else "unchanged"
