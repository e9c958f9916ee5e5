"""Helpers shared by the registration services."""

from __future__ import annotations

import hashlib
import hmac

from icegate_sandbox import identifiers
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.identifiers import InvalidIdentifier
from icegate_sandbox.models import Registration


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same(secret: str, expected: str) -> bool:
    return hmac.compare_digest(digest(secret), expected)


def valid(normalise, value, *, code: str, field: str, label: str):
    try:
        return normalise(value)
    except InvalidIdentifier as exc:
        raise SandboxError(code, f"{label}: {exc}", field=field) from exc


def check_new_password(password: str, *, field: str = "password") -> None:
    problems = identifiers.password_problems(password)
    if problems:
        raise SandboxError(
            "PASSWORD_TOO_WEAK", "The password needs " + ", ".join(problems) + ".", field=field
        )


def new_icegate_id(value: str, *, field: str = "icegate_id") -> str:
    icegate_id = valid(
        identifiers.normalise_icegate_id,
        value,
        code="ICEGATE_ID_INVALID",
        field=field,
        label="ICEGATE ID",
    )
    if Registration.objects.filter(icegate_id=icegate_id).exists():
        raise SandboxError(
            "ICEGATE_ID_TAKEN",
            f"ICEGATE ID {icegate_id} is already taken; choose another.",
            status=409,
            field=field,
        )
    return icegate_id
