"""The customs directory (head office): a customs house per port, with the officer to write to.
Its writes are re-exported by customs.services, which also reads it to address notices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from icportal.accounts.roles import require_head_office
from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common.identifiers import IdentifierError, normalise_port_code

from .models import CustomsHouse

HOUSE_FIELDS = ("name", "officer_name", "officer_email", "to_be_confirmed", "is_active")


def _port(value) -> str:
    try:
        return normalise_port_code(value)
    except IdentifierError as exc:
        raise ValidationError({"port_code": exc.messages}) from exc


@transaction.atomic
def customs_house_create(*, by, port_code: str, name: str, **fields) -> CustomsHouse:
    """Head office adds a customs house; notices for its port are mailed from now on."""
    require_head_office(by)
    port = _port(port_code)
    if CustomsHouse.objects.filter(port_code=port).exists():
        raise ValidationError(
            {"port_code": [_("%(port)s is already in the directory: edit it") % {"port": port}]}
        )
    house = CustomsHouse(port_code=port, name=(name or "").strip())
    for key in HOUSE_FIELDS[1:]:
        if key in fields:
            setattr(house, key, fields[key])
    house.full_clean()
    house.save()
    audit_record(
        actor=by,
        verb=Verb.CUSTOMS_HOUSE_CREATED,
        target=house,
        payload={"port_code": port, "email": house.officer_email},
    )
    return house


@transaction.atomic
def customs_house_update(*, by, house: CustomsHouse, **changes) -> CustomsHouse:
    """Change a customs house (the port code never changes: notices name it)."""
    require_head_office(by)
    house = CustomsHouse.objects.select_for_update().get(pk=house.pk)
    changed = {}
    for key, value in changes.items():
        if key not in HOUSE_FIELDS:
            raise ValueError(f"{key} cannot be changed here")
        old = getattr(house, key)
        if old != value:
            changed[key] = [str(old), str(value)]
            setattr(house, key, value)
    if changed:
        house.full_clean()
        house.save()
        audit_record(
            actor=by,
            verb=Verb.CUSTOMS_HOUSE_UPDATED,
            target=house,
            payload={"changed": changed},
        )
    return house


def house_for(port_code: str) -> CustomsHouse | None:
    return CustomsHouse.objects.filter(port_code=port_code, is_active=True).first()


def why_by_hand(house: CustomsHouse | None, port_code: str) -> str:
    """Why a notice cannot be mailed (empty when it can)."""
    if not port_code:
        return "the application names no port"
    if house is None:
        return f"no customs house for port {port_code} is on file"
    if not house.officer_email:
        return f"{house} has no e-mail address on file"
    if house.to_be_confirmed:
        return f"{house}'s e-mail address is still to be confirmed"
    return ""
