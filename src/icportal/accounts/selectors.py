"""Reads of users, API tokens and the audit timelines they may see, scoped by the acting user."""

from django.db.models import Q, QuerySet
from django.http import Http404

from icportal.audit.models import AuditEvent

from . import scopes
from .models import ApiToken, User
from .roles import require_head_office, scope_for


def api_token_list(*, user) -> QuerySet[ApiToken]:
    scope_for(user)
    return ApiToken.objects.filter(user=user)


def api_token_get(*, user, pk: int) -> ApiToken:
    """One of the user's own tokens, or 404 (someone else's token does not exist for them)."""
    token = api_token_list(user=user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token")
    return token


def member_users(*, user, member) -> QuerySet[User]:
    """Users of a firm, for someone already allowed to see that firm (see members.selectors)."""
    scope_for(user)
    return User.objects.filter(member=member).order_by("full_name")


def user_list(*, user, filters: dict | None = None) -> QuerySet[User]:
    """Head office: every account, searchable by name or e-mail, filterable by role and office."""
    require_head_office(user)
    filters = filters or {}
    qs = User.objects.select_related("office", "member").order_by("role", "full_name")
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if filters.get("role"):
        qs = qs.filter(role=filters["role"])
    if filters.get("office"):
        qs = qs.filter(office__code=filters["office"].upper())
    return qs


def user_get(*, user, pk: int) -> User:
    found = user_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such user")
    return found


def audit_timeline(
    *, user, member=None, office=None, target_type: str | None = None, limit: int = 50
) -> QuerySet[AuditEvent]:
    """Audit events the user may see (here, not in audit/, which knows no roles)."""
    qs = scopes.audit_events(AuditEvent.objects.select_related("actor"), user)
    if member is not None:
        qs = qs.filter(member=member)
    if office is not None:
        qs = qs.filter(office=office)
    if target_type is not None:
        qs = qs.filter(target_type=target_type)
    return qs[:limit]
