"""Shared guards for the certificate services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from icportal.accounts.roles import require_staff, scope_for

from ..models import Application


def check_member_side(by, application: Application) -> None:
    """The member's own users, or staff of its office (who may act for the member)."""
    scope = scope_for(by)
    if scope.member_id is not None and scope.member_id != application.member_id:
        raise PermissionDenied("This application belongs to another firm")
    if scope.office_id is not None and scope.office_id != application.office_id:
        raise PermissionDenied("This application belongs to another office")


def check_office_side(by, office_id: int):
    scope = require_staff(by)
    if not scope.everything and scope.office_id != office_id:
        raise PermissionDenied("Staff act only on their own office's applications")
    return scope


def lock_application(
    application: Application, *, version: int | None = None, related: tuple[str, ...] = ()
) -> Application:
    """The application's row, locked; `related` rows come with it in the same query (read, not
    locked: only the application's row is)."""
    rows = Application.objects.select_for_update()
    if related:
        rows = Application.objects.select_for_update(of=("self",)).select_related(*related)
    locked = rows.get(pk=application.pk)
    if version is not None and locked.version != version:
        raise ValidationError(
            "Someone else saved this application after you opened it. "
            "Reload to see their changes; yours were not saved.",
            code="conflict",
        )
    return locked


def require_status(application: Application, allowed, action: str) -> None:
    if application.status not in allowed:
        raise ValidationError(
            {
                "status": [
                    f"You cannot {action} an application that is {application.get_status_display().lower()}"
                ]
            }
        )
