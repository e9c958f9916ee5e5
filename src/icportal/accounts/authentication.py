"""`Authorization: Token <key>` with personal, revocable, hashed tokens."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from . import services
from .models import ApiToken


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M} IST"


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        changed = token.user.credentials_changed_at
        if token.revoked_at is None and changed and token.created_at < changed:
            token = services.api_token_retire_stale(token=token)
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _(
                    "This API token was revoked on %(day)s: create a new one on the API tokens "
                    "page (tokens are revoked when your password or authenticator is reset)."
                )
                % {"day": _day(token.revoked_at)}
            )
        if token.expired:
            raise exceptions.AuthenticationFailed(
                _("This API token expired on %(day)s: create a new one on the API tokens page.")
                % {"day": _day(token.expires_at)}
            )
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)


def axes_username(request, credentials=None) -> str | None:
    """The name django-axes counts failures under: sign-in ignores case, so the lock-out must too."""
    data = credentials or getattr(request, "data", None) or request.POST
    username = data.get("username")
    return str(username).strip().lower() if username else username
