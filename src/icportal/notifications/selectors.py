from django.db.models import QuerySet

from icportal.accounts.roles import scope_for

from .models import Email


def email_list(*, user, member=None, filters: dict | None = None) -> QuerySet[Email]:
    scope = scope_for(user)
    qs = Email.objects.select_related("member")
    if scope.member_id is not None:
        qs = qs.filter(member_id=scope.member_id)
    elif scope.office_id is not None:
        qs = qs.filter(office_id=scope.office_id)
    if member is not None:
        qs = qs.filter(member=member)
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        qs = qs.filter(to__icontains=filters["q"].strip())
    return qs


def email_get(*, user, pk: int) -> Email:
    return email_list(user=user).get(pk=pk)
