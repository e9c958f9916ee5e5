"""What every app's API uses to read a request: validation with flat messages, query filters, and
fields for money, people and ids. Domain-free: helpers that need a member firm or a segment group
live with those apps (`members.api.firm_for`, `entitlements.api.common.SegmentGroupField`)."""

from __future__ import annotations

from rest_framework import serializers

from icportal.common import numbers as common_numbers

MAX_ID = common_numbers.DB_INT32_MAX  # versions and ids read into 32-bit columns
FY_REGEX = r"^[0-9]{4}-[0-9]{2}$"


def flat_messages(value, prefix=""):
    """Flatten DRF's nested errors to strings: 'Line 2: value_inr: A valid number is required.'"""
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(key, int):  # a list's errors by index
                yield from flat_messages(inner, f"{prefix}Line {key + 1}: ")
            elif key in ("non_field_errors", "__all__"):
                yield from flat_messages(inner, prefix)
            else:
                yield from flat_messages(inner, f"{prefix}{key}: ")
    elif isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            for number, inner in enumerate(value, start=1):
                yield from flat_messages(inner, f"{prefix}Line {number}: ")
        else:
            for inner in value:
                yield from flat_messages(inner, prefix)
    else:
        yield f"{prefix}{value}"


def validated(serializer_class, data, **kwargs) -> dict:
    """Validate request data; errors come back as {field: [messages]} with nested ones flattened."""
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        errors = serializer.errors
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        raise serializers.ValidationError({k: list(flat_messages(v)) for k, v in errors.items()})
    return serializer.validated_data


def query_filters(serializer_class, request) -> dict:
    """Query parameters through a serializer (types, lengths, no NUL bytes); blanks dropped."""
    data = validated(serializer_class, request.query_params)
    return {k: v for k, v in data.items() if v not in ("", None)}


def money(**kwargs):
    kwargs.setdefault("max_digits", 16)
    kwargs.setdefault("decimal_places", 2)
    return serializers.DecimalField(**kwargs)


def person(source):
    """A user's name (null when nobody)."""
    return serializers.CharField(source=f"{source}.full_name", default=None, read_only=True)


class IdField(common_numbers.IdField):
    """An id in an API body, at most MAX_ID unless the caller says otherwise."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
