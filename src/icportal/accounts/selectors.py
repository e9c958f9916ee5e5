"""Reads of users, API tokens and the audit timelines they may see, scoped by the acting user."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

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
        raise Http404(_("No such token"))
    return token


def member_users(*, user, member) -> QuerySet[User]:
    """Users of a firm, for someone already allowed to see that firm (see members.selectors)."""
    scope_for(user)
    return User.objects.filter(member=member).order_by("full_name")


USER_SORTS = {
    "name": ("full_name", "pk"),
    "-name": ("-full_name", "-pk"),
    "role": ("role", "full_name", "pk"),
    "office": ("office__code", "full_name", "pk"),
    "last_sign_in": (F("last_login").asc(nulls_first=True), "pk"),
    "-last_sign_in": (F("last_login").desc(nulls_last=True), "-pk"),
}


def user_list(*, user, filters: dict | None = None) -> QuerySet[User]:
    """Head office: every account, searchable by name or e-mail, filterable by role, office and
    active, sortable (USER_SORTS); each with `two_factor` (a confirmed authenticator) and
    `backup_codes` (unused backup codes) for the users page."""
    require_head_office(user)
    filters = filters or {}
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    codes = (
        StaticToken.objects.filter(device__user=OuterRef("pk"))
        .order_by()
        .values("device__user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = User.objects.select_related("office", "member").annotate(
        two_factor=Exists(devices), backup_codes=Coalesce(Subquery(codes), 0)
    )
    qs = qs.order_by(*USER_SORTS.get(filters.get("sort") or "", ("role", "full_name", "pk")))
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if filters.get("role"):
        qs = qs.filter(role=filters["role"])
    if filters.get("office"):
        qs = qs.filter(office__code=filters["office"].upper())
    if filters.get("active") in ("yes", "no"):
        qs = qs.filter(is_active=filters["active"] == "yes")
    if filters.get("two_factor") in ("yes", "no"):
        qs = qs.filter(two_factor=filters["two_factor"] == "yes")
    return qs


def user_get(*, user, pk: int) -> User:
    found = user_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such user"))
    return found


def audit_timeline(
    *,
    user,
    member=None,
    office=None,
    target_type: str | None = None,
    target_id: str | None = None,
    limit: int = 50,
) -> QuerySet[AuditEvent]:
    """Audit events the user may see (here, not in audit/, which knows no roles)."""
    qs = scopes.audit_events(AuditEvent.objects.select_related("actor"), user)
    if member is not None:
        qs = qs.filter(member=member)
    if office is not None:
        qs = qs.filter(office=office)
    if target_type is not None:
        qs = qs.filter(target_type=target_type)
    if target_id is not None:
        qs = qs.filter(target_id=target_id)
    return qs[:limit]
