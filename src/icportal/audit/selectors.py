"""Timelines, scoped by the acting user."""

from __future__ import annotations

from django.db.models import QuerySet

from icportal.accounts.roles import scope_for

from .models import AuditEvent


def audit_timeline(
    *, user, member=None, office=None, target_type: str | None = None, limit: int = 50
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor")
    scope = scope_for(user)
    if scope.member_id is not None:
        qs = qs.filter(member_id=scope.member_id)
    elif scope.office_id is not None:
        qs = qs.filter(office_id=scope.office_id)
    if member is not None:
        qs = qs.filter(member=member)
    if office is not None:
        qs = qs.filter(office=office)
    if target_type is not None:
        qs = qs.filter(target_type=target_type)
    return qs[:limit]
