"""Reads of the outbox, scoped to the acting user by field paths (the outbox imports no domain
app: a member user sees their firm's mails, office staff their office's, head office all)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from icportal.accounts.models import Role, User
from icportal.accounts.roles import scope_for

from .models import Email


def email_list(*, user, member=None, filters: dict | None = None) -> QuerySet[Email]:
    scope = scope_for(user)
    qs = Email.objects.select_related("member")
    # Mails to another account may hold its set-password link: a colleague must not read them.
    # Staff still see their members' users' mails (to resend an invitation).
    others = User.objects.exclude(pk=user.pk)
    if scope.member_id is not None:
        qs = qs.filter(member_id=scope.member_id).exclude(to__in=others.values("email"))
    elif scope.office_id is not None:
        qs = qs.filter(office_id=scope.office_id).exclude(
            to__in=others.exclude(role=Role.MEMBER).values("email")
        )
    if member is not None:
        qs = qs.filter(member=member)
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        qs = qs.filter(to__icontains=filters["q"].strip())
    return qs


def email_get(*, user, pk: int) -> Email:
    email = email_list(user=user).filter(pk=pk).first()
    if email is None:
        raise Http404("No such e-mail")
    return email
