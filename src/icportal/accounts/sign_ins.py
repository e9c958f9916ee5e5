"""Sign-ins and failed sign-ins in the audit trail, with the client's address.

Django announces both (`user_logged_in`, `user_login_failed`) from every way in — our sign-in page,
the admin's, a test client — and django-axes counts failures from the same signal, so the audit
listens there too rather than in one view; the rows are written by the services below.

Neither row is scoped to a member firm: a firm's timeline must not show its users' addresses.
They carry the office, for the staff and head office who look into sign-in trouble.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from icportal.audit.models import Verb
from icportal.audit.services import Ref, audit_record
from icportal.common.net import client_ip

from .models import User

USERNAME_KEPT = 100  # an attempted name is kept to this length (it may be anything at all)
NOBODY = "Someone not signed in"


def _office(user: User):
    return user.office or (user.member.office if user.member_id else None)


@transaction.atomic
def sign_in_record(*, user: User, ip: str | None) -> None:
    audit_record(
        actor=user,
        verb=Verb.SIGNED_IN,
        target=user,
        office=_office(user),
        payload={"ip": ip},
    )


@transaction.atomic
def sign_in_failure_record(*, username: str, ip: str | None, locked_out: bool = False) -> None:
    """A failed attempt: there is no actor (nobody proved who they are); the account tried, when
    it exists, is the target, else the name typed (cut short)."""
    username = (username or "").strip()[:USERNAME_KEPT]
    user = (
        User.objects.select_related("member").filter(email__iexact=username).first()
        if username
        else None
    )
    if locked_out:
        why = "locked out after too many failed attempts"
    elif user is None:
        why = "no account with this e-mail address"
    elif not user.is_active:
        why = "the account is deactivated"
    else:
        why = "wrong password"
    audit_record(
        actor=None,
        actor_label=NOBODY,
        verb=Verb.SIGN_IN_FAILED,
        target=user or Ref("accounts.user", "", username or "(no name given)"),
        office=_office(user) if user else None,
        payload={"username": username, "ip": ip, "why": why},
    )


@receiver(user_logged_in, dispatch_uid="audit-sign-in")
def _signed_in(sender, request, user, **kwargs):
    sign_in_record(user=user, ip=client_ip(request))


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    sign_in_failure_record(
        username=str(credentials.get("username") or credentials.get("email") or ""),
        ip=client_ip(request),
        locked_out=bool(getattr(request, "axes_locked_out", False)),
    )
