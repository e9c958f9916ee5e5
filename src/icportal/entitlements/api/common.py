"""Shared by the entitlements and certificates APIs: fields, validation and the acting firm."""

from __future__ import annotations

from django.http import Http404
from rest_framework import serializers

from icportal.accounts.roles import scope_for
from icportal.common import numbers as common_numbers
from icportal.members import selectors as member_selectors

from ..models import SegmentGroup

MAX_ID = 2**31 - 1
FY_REGEX = r"^[0-9]{4}-[0-9]{2}$"


def _messages(value, prefix=""):
    """Flatten DRF's nested errors to strings: 'Line 2: value_inr: A valid number is required.'"""
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(key, int):  # a list's errors by index
                yield from _messages(inner, f"{prefix}Line {key + 1}: ")
            elif key in ("non_field_errors", "__all__"):
                yield from _messages(inner, prefix)
            else:
                yield from _messages(inner, f"{prefix}{key}: ")
    elif isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            for number, inner in enumerate(value, start=1):
                yield from _messages(inner, f"{prefix}Line {number}: ")
        else:
            for inner in value:
                yield from _messages(inner, prefix)
    else:
        yield f"{prefix}{value}"


def validated(serializer_class, data, **kwargs) -> dict:
    """Validate request data; errors come back as {field: [messages]} with nested ones flattened."""
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        errors = serializer.errors
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        raise serializers.ValidationError({k: list(_messages(v)) for k, v in errors.items()})
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
    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def firm_for(user, iec: str | None):
    """The firm an action is for: the member user's own, or (for staff) the IEC given, in scope."""
    if iec:
        try:
            return member_selectors.member_get(user=user, iec=iec)
        except Http404:
            raise serializers.ValidationError(
                {"member": ["No member with this IEC that you may act for"]}
            ) from None
    if scope_for(user).member_id is not None:
        return user.member
    raise serializers.ValidationError({"member": ["Give the IEC of the member you act for"]})


class SegmentGroupField(serializers.SlugRelatedField):
    """A segment group by code (GARMENTS, OTHERS); junk is refused before it reaches the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "GARMENTS or OTHERS")
        super().__init__(slug_field="code", queryset=SegmentGroup.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 10 or not data.isalnum():
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:20])
        return super().to_internal_value(data.upper())
