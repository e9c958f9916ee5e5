"""Users and their roles: member user (one firm), office staff (one office), head-office admin."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member user")
    STAFF = "staff", _("Office staff")
    HEAD_OFFICE = "head_office", _("Head-office admin")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Addresses are stored lower-case (create_user); people type them as they like.
        return self.get(email=str(username).strip().lower())

    def create_user(self, email, password=None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("role", Role.HEAD_OFFICE)
        extra.setdefault("full_name", "Administrator")
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=120)
    designation = models.CharField(max_length=120, blank=True)
    mobile = models.CharField(max_length=13, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    office = models.ForeignKey(
        "offices.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the Django admin site.")
    date_joined = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the password was last set or the authenticator reset: API tokens made before then stop
    # working, whatever path changed it (reset link, admin site, `icportal changepassword`).
    credentials_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The language of the pages (once signed in) and of every mail the user receives; blank follows
    # the browser (Accept-Language, or the switcher's cookie) and mails go in English.
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="member_user_has_member",
                condition=~Q(role="member") | Q(member__isnull=False, office__isnull=True),
            ),
            models.CheckConstraint(
                name="staff_user_has_office",
                condition=~Q(role="staff") | Q(office__isnull=False, member__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def set_password(self, raw_password):
        # A login that only re-hashes a stored password saves `password` alone, so the stamp
        # moves only when someone chose a new password.
        super().set_password(raw_password)
        self.credentials_changed_at = timezone.now()

    @property
    def is_member_user(self) -> bool:
        return self.role == Role.MEMBER

    @property
    def is_office_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def is_head_office(self) -> bool:
        return self.role == Role.HEAD_OFFICE


def _hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A personal API token (e.g. for a customs broker's software). Only the hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Made from a session verified with a two-step code: only such a token of a staff member may
    # issue, replace or cancel an IC (the actions that need the code on the website).
    second_factor = models.BooleanField(default=False)
    # Set at creation from API_TOKEN_DAYS / API_TOKEN_SECOND_FACTOR_DAYS; null never expires.
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at:
            return TokenStatus.REVOKED
        return TokenStatus.EXPIRED if self.expired else TokenStatus.ACTIVE

    @staticmethod
    def generate_key() -> str:
        return "icp_" + secrets.token_urlsafe(30)

    @staticmethod
    def hash_key(key: str) -> str:
        return _hash_token(key)
