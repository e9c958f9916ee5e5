"""Writes for users and API tokens."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from icportal.audit.models import Verb
from icportal.audit.services import Ref, audit_record
from icportal.notifications.services import email_queue
from icportal.notifications.templates import (
    EmailTemplate,
    PasswordResetPayload,
    UserInvitePayload,
)

from . import scopes
from .models import ApiToken, Role, User
from .roles import require_head_office, require_staff, scope_for


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def user_invite(
    *, by, email: str, full_name: str, role: str, member=None, office=None, designation: str = ""
) -> User:
    """Create an account without a password and e-mail a one-time set-password link."""
    scope = require_staff(by)
    email = (email or "").strip().lower()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter an e-mail address, like name@firm.in")]
    if not (full_name or "").strip():
        errors["full_name"] = [_("Enter the person's full name")]
    if email and User.objects.filter(email__iexact=email).exists():
        errors["email"] = [f"{email} already has an account"]
    if errors:
        raise ValidationError(errors)
    if role == Role.MEMBER:
        if member is None:
            raise ValidationError({"member": [_("A member user belongs to a member firm")]})
        scopes.require_own_office(
            by,
            office_id=member.office_id,
            message=_("Staff invite users only for members of their own office"),
        )
        office = None
    elif role == Role.STAFF:
        if not scope.everything:
            raise PermissionDenied(_("Only head office invites office staff"))
        if office is None:
            raise ValidationError({"office": [_("Office staff belong to an office")]})
        member = None
    elif role == Role.HEAD_OFFICE:
        if not scope.everything:
            raise PermissionDenied(_("Only head office invites head-office admins"))
        member = None
    else:
        raise ValidationError({"role": [_("Unknown role")]})
    user = User.objects.create_user(
        email=email,
        full_name=full_name.strip(),
        role=role,
        member=member,
        office=office,
        designation=designation.strip(),
        invited_by=by,
    )
    where = member.legal_name if member else (office.name if office else "head office")
    email_queue(
        template=EmailTemplate.USER_INVITE,
        to=email,
        payload=UserInvitePayload(
            full_name=user.full_name,
            firm_or_office=where,
            invited_by=by.full_name,
            set_password_url=set_password_url(user),
        ),
        member=member,
        office=office or (member.office if member else None),
    )
    audit_record(
        actor=by,
        verb=Verb.USER_INVITED,
        target=user,
        member=member,
        office=office or (member.office if member else None),
        payload={"email": email, "role": Role(role).label},
    )
    return user


@transaction.atomic
def password_reset_request(*, email: str, ip: str | None = None) -> None:
    """Queue a reset mail when the address has an active account; say nothing either way (the
    audit row, which says which, is for staff and head office only: no member scope)."""
    email = (email or "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    audit_record(
        actor=None,
        actor_label="Someone not signed in",
        verb=Verb.PASSWORD_RESET_REQUESTED,
        target=user or Ref("accounts.user", "", email[:100]),
        office=(user.office or (user.member.office if user.member_id else None)) if user else None,
        payload={"email": email[:100], "ip": ip, "known": user is not None},
    )
    if user is None:
        return
    email_queue(
        template=EmailTemplate.PASSWORD_RESET,
        to=user.email,
        payload=PasswordResetPayload(full_name=user.full_name, reset_url=set_password_url(user)),
        language=user.language,
        member=user.member,
        office=user.office,
    )


@transaction.atomic
def api_token_create(*, user, name: str, second_factor: bool = False) -> tuple[ApiToken, str]:
    """A personal token; the key is shown once and only its hash is stored. `second_factor`: the
    request creating it was verified with a two-step code (see otp.request_verified)."""
    scope_for(user)
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": [_("Name the token after where it is used, like 'Broker software'")]}
        )
    if len(name) > 80:
        raise ValidationError({"name": [_("Token name must be at most 80 characters")]})
    if ApiToken.objects.active().filter(user=user).count() >= 10:
        raise ValidationError({"name": [_("You have 10 active tokens: revoke one first")]})
    key = ApiToken.generate_key()
    days = settings.API_TOKEN_SECOND_FACTOR_DAYS if second_factor else settings.API_TOKEN_DAYS
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[4:12],
        key_hash=ApiToken.hash_key(key),
        second_factor=second_factor,
        expires_at=timezone.now() + dt.timedelta(days=days) if days > 0 else None,
    )
    audit_record(
        actor=user,
        verb=Verb.TOKEN_CREATED,
        target=token,
        member=user.member,
        office=user.office,
        payload={
            "name": name,
            "prefix": token.prefix,
            "second_factor": second_factor,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        },
    )
    return token, key


@transaction.atomic
def api_tokens_revoke_all(*, by, user: User, reason: str) -> int:
    """Revoke every token of `user` (one audit row each) from now on."""
    User.objects.filter(pk=user.pk).update(credentials_changed_at=timezone.now())
    return _revoke_all(user=user, actor=by, reason=reason)


def _revoke_all(*, user: User, actor, reason: str) -> int:
    """Revoke every working token of `user`, one audit row each; call inside a transaction."""
    now = timezone.now()
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            verb=Verb.TOKEN_REVOKED,
            target=token,
            member=user.member,
            office=user.office,
            payload={"name": token.name, "prefix": token.prefix, "reason": reason},
        )
    return len(tokens)


@transaction.atomic
def password_set(*, user: User, password: str) -> User:
    """A new password (the e-mailed reset or invitation link, the admin site): the user's API
    tokens are revoked with it, since whoever knew the old password may have made them."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password", "credentials_changed_at"])
    audit_record(
        actor=user,
        verb=Verb.PASSWORD_SET,
        target=user,
        office=user.office,
        payload={"email": user.email},
    )
    _revoke_all(user=user, actor=user, reason="password changed")
    return user


@transaction.atomic
def two_factor_reset(*, by, user: User) -> int:
    """The user's authenticator is removed (lost phone): they set up a new one at the next
    signing action, and every API token they have is revoked. Returns the devices removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if by is not None and by.pk != user.pk:
        from .roles import require_head_office

        require_head_office(by)
    user = User.objects.select_for_update().get(pk=user.pk)
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    user.credentials_changed_at = timezone.now()
    user.save(update_fields=["credentials_changed_at"])
    audit_record(
        actor=by,
        actor_label="An operator (icportal two_factor_reset)" if by is None else "",
        verb=Verb.TWO_FACTOR_RESET,
        target=user,
        office=user.office,
        payload={"email": user.email, "devices": removed},
    )
    _revoke_all(user=user, actor=by, reason="authenticator reset")
    return removed


@transaction.atomic
def api_token_retire_stale(*, token: ApiToken) -> ApiToken:
    """A token made before its user's password or authenticator was last reset, found when it
    is used (the change came through a path that did not revoke it, e.g. `changepassword`)."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=None,
            verb=Verb.TOKEN_REVOKED,
            target=token,
            member=token.user.member,
            office=token.user.office,
            payload={
                "name": token.name,
                "prefix": token.prefix,
                "reason": "password or authenticator reset",
            },
        )
    return token


@transaction.atomic
def api_token_revoke(*, user, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise PermissionDenied(_("You can only revoke your own tokens"))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            verb=Verb.TOKEN_REVOKED,
            target=token,
            member=user.member,
            office=user.office,
            payload={"name": token.name, "prefix": token.prefix},
        )
    return token


@transaction.atomic
def user_deactivate(*, by, user: User) -> User:
    """Head office closes an account; its API tokens stop working with it."""
    from .roles import require_head_office

    require_head_office(by)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account"))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        revoked = _revoke_all(user=user, actor=by, reason="account deactivated")
        audit_record(
            actor=by,
            verb=Verb.USER_DEACTIVATED,
            target=user,
            member=user.member,
            office=user.office,
            payload={"email": user.email, "tokens_revoked": revoked},
        )
    return user


@transaction.atomic
def user_language_set(*, user: User, language: str, by: User | None = None) -> User:
    """The language a user reads the pages and their mails in (issue 18); "" follows the browser.
    `by`: head office setting it for someone else (their users page); None: the user themselves."""
    if by is not None and by.pk != user.pk:
        require_head_office(by)
    if language and language not in dict(settings.LANGUAGES):
        choices = ", ".join(dict(settings.LANGUAGES))
        raise ValidationError({"language": _("Choose one of: %(choices)s") % {"choices": choices}})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.language != language:
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            actor=by or user,
            verb=Verb.USER_LANGUAGE_SET,
            target=user,
            member=user.member,
            office=user.office,
            payload={"from": before, "to": language},
        )
    return user
