"""Roles: who the user is (`scope_for`) and the role checks; which rows they see is `scopes.py`."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Role


@dataclass(frozen=True)
class Scope:
    role: str
    member_id: int | None = None  # member users: only this firm
    office_id: int | None = None  # office staff: only this office
    everything: bool = False  # head office


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in first"))
    if user.role == Role.HEAD_OFFICE:
        return Scope(role=user.role, everything=True)
    if user.role == Role.STAFF:
        return Scope(role=user.role, office_id=user.office_id)
    if user.role == Role.MEMBER:
        return Scope(role=user.role, member_id=user.member_id)
    raise PermissionDenied(_("This account has no role"))


def require_staff(user) -> Scope:
    scope = scope_for(user)
    if scope.role not in (Role.STAFF, Role.HEAD_OFFICE):
        raise PermissionDenied(_("Only council staff can do this"))
    return scope


def require_head_office(user) -> Scope:
    scope = scope_for(user)
    if not scope.everything:
        raise PermissionDenied(_("Only head office can do this"))
    return scope
