"""Writes of head office running the users: role and office, a lost authenticator, backup codes.

Deactivating and inviting stay in services.py. Each function is one transaction with its audit
row; the acting admin's own code (when STAFF_2FA_REQUIRED) is checked first, in its own
transaction, so a wrong code is counted even though nothing else happens.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from icportal.audit.models import Verb
from icportal.audit.services import audit_record

from . import otp, services
from .models import Role, User
from .roles import require_head_office, require_staff

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "Backup codes"


def _office_code(office) -> str:
    return office.code if office else ""


@transaction.atomic
def user_update(*, by, user: User, role: str, office=None) -> User:
    """Head office moves a staff account between offices or between staff and head office.
    Member users belong to their firm: they are not made staff here (invite the person instead)."""
    require_head_office(by)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == by.pk:
        raise ValidationError(
            {"role": [_("Another head-office admin must change your own account")]}
        )
    if user.role == Role.MEMBER or role == Role.MEMBER:
        raise ValidationError(
            {"role": [_("Member users belong to their firm: invite the person as staff instead")]}
        )
    if role not in (Role.STAFF, Role.HEAD_OFFICE):
        raise ValidationError({"role": [_("Choose office staff or head-office admin")]})
    if role == Role.STAFF and office is None:
        raise ValidationError({"office": [_("Office staff belong to an office: choose one")]})
    if role == Role.STAFF and not office.is_active:
        raise ValidationError(
            {"office": [_("%(office)s is closed: choose an open office") % {"office": office.name}]}
        )
    new_office = office  # head office may keep a desk in an office; staff must have one
    changed = {}
    if user.role != role:
        changed["role"] = [Role(user.role).label, Role(role).label]
    if user.office_id != (new_office.pk if new_office else None):
        changed["office"] = [_office_code(user.office), _office_code(new_office)]
    if changed:
        user.role, user.office = role, new_office
        user.save(update_fields=["role", "office"])
        audit_record(
            actor=by,
            verb=Verb.USER_UPDATED,
            target=user,
            office=new_office,
            payload={"email": user.email, "changed": changed},
        )
    return user


def _admin_code_check(*, by, code: str) -> None:
    """The acting admin proves it is them with their own current code (STAFF_2FA_REQUIRED)."""
    if not otp.needs_second_factor(by):
        return
    device = otp.confirmed_device(by)
    if device is None:
        raise ValidationError(
            {"code": [_("Set up your own two-step verification first (Account → Two-step)")]}
        )
    otp.check_code(user=by, device=device, code=code)


def two_factor_reset_by_admin(*, by, user: User, code: str = "") -> int:
    """A lost phone: head office removes the user's authenticator after entering its own code."""
    require_head_office(by)
    _admin_code_check(by=by, code=code)
    return services.two_factor_reset(by=by, user=user)


@transaction.atomic
def backup_codes_make(*, user: User) -> list[str]:
    """Ten new one-time backup codes for a staff member (shown once); older ones stop working."""
    require_staff(user)
    if otp.confirmed_device(user) is None:
        raise PermissionDenied(_("Set up two-step verification before making backup codes"))
    device, _created = StaticDevice.objects.select_for_update().get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    device.throttle_reset()  # new codes start with a clean count of wrong ones
    codes = [StaticToken.random_token() for _n in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    audit_record(
        actor=user,
        verb=Verb.BACKUP_CODES_MADE,
        target=user,
        office=user.office,
        payload={"email": user.email, "count": len(codes)},
    )
    return [otp.backup_code_grouped(c) for c in codes]
