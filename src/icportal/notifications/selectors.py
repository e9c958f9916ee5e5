"""Reads of the outbox, scoped to the acting user by `accounts.scopes.mails` (the outbox imports
no domain app: a member user sees their firm's mails, office staff their office's, head office all,
and nobody a colleague's account mails)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from icportal.accounts import scopes

from .models import Email


def email_list(*, user, member=None, filters: dict | None = None) -> QuerySet[Email]:
    qs = scopes.mails(Email.objects.select_related("member"), user)
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
