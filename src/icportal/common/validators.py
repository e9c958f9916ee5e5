"""Model/form field validators built on `identifiers` (Django validators must not return values)."""

from django.utils.translation import gettext as _

from . import identifiers


def validate_gstin(value: str) -> None:
    identifiers.normalise_gstin(value)


def validate_iec(value: str) -> None:
    identifiers.normalise_iec(value)


def validate_icegate_id(value: str) -> None:
    identifiers.normalise_icegate_id(value)


def validate_mobile(value: str) -> None:
    identifiers.normalise_mobile(value)


def validate_office_code(value: str) -> None:
    if not (len(value) == 3 and value.isalpha() and value.isupper()):
        raise identifiers.IdentifierError(_("Office code must be three capital letters, like CHN"))
