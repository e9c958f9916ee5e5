"""Head office maintains the office table; every change is audited with before → after."""

from __future__ import annotations

from django.db import transaction

from icportal.accounts.roles import require_head_office
from icportal.audit.models import Verb
from icportal.audit.services import audit_record

from .models import Council, Office

EDITABLE_FIELDS = ("name", "region", "icegate_id", "address", "email", "phone", "is_active")


@transaction.atomic
def office_create(*, by, code: str, name: str, icegate_id: str, **fields) -> Office:
    require_head_office(by)
    council = Council.objects.get(short_code__iexact=fields.pop("council_code", "CLE"))
    office = Office(council=council, code=code.upper(), name=name, icegate_id=icegate_id.upper())
    for key in EDITABLE_FIELDS:
        if key in fields:
            setattr(office, key, fields[key])
    office.full_clean()
    office.save()
    audit_record(
        actor=by,
        verb=Verb.OFFICE_CREATED,
        target=office,
        office=office,
        payload={"code": office.code, "icegate_id": office.icegate_id},
    )
    return office


@transaction.atomic
def office_update(*, by, office: Office, **changes) -> Office:
    """Update an office. Changing its ICEGATE ID changes what members are told to quote."""
    require_head_office(by)
    office = Office.objects.select_for_update().get(pk=office.pk)
    changed = {}
    for key, value in changes.items():
        if key not in EDITABLE_FIELDS:
            raise ValueError(f"{key} cannot be changed here")
        if key == "icegate_id":
            value = value.upper()
        old = getattr(office, key)
        if old != value:
            changed[key] = [str(old), str(value)]
            setattr(office, key, value)
    if changed:
        office.full_clean()
        office.save()
        audit_record(
            actor=by,
            verb=Verb.OFFICE_UPDATED,
            target=office,
            office=office,
            payload={"changed": changed},
        )
    return office
