from django.db.models import QuerySet

from .models import ApiToken, User
from .roles import scope_for


def api_token_list(*, user) -> QuerySet[ApiToken]:
    scope_for(user)
    return ApiToken.objects.filter(user=user)


def api_token_get(*, user, pk: int) -> ApiToken:
    return api_token_list(user=user).get(pk=pk)


def member_users(*, user, member) -> QuerySet[User]:
    """Users of a firm, for someone already allowed to see that firm (see members.selectors)."""
    scope_for(user)
    return User.objects.filter(member=member).order_by("full_name")
