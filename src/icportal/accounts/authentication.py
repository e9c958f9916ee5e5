"""`Authorization: Token <key>` with personal, revocable, hashed tokens."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=ApiToken.hash_key(key))
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)


def axes_username(request, credentials=None) -> str | None:
    """The name django-axes counts failures under: sign-in ignores case, so the lock-out must too."""
    data = credentials or getattr(request, "data", None) or request.POST
    username = data.get("username")
    return str(username).strip().lower() if username else username
