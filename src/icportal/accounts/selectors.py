from django.db.models import QuerySet
from django.http import Http404

from .models import ApiToken, User
from .roles import scope_for


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
    from django.db.models import Q

    from .roles import require_head_office

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
    from django.http import Http404

    found = user_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such user")
    return found
