"""Integers from requests, bounded to what the database stores (64-bit signed).

An id of 10**30 in `pk__in=[…]` raises OverflowError on SQLite and "out of range" on PostgreSQL:
a 500. Django bounds a single `pk=` lookup itself, not lists and not values written to a row, so
every id list and numeric filter read from a request goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework import serializers

DB_INT_MAX = 2**63 - 1
DB_INT32_MAX = 2**31 - 1


def db_int(value, *, minimum: int = 1, maximum: int = DB_INT_MAX) -> int | None:
    """`value` (a form or query string, or an int) as an int the database can hold, else None.
    `maximum`: a narrower column's (2**31 - 1 for a PositiveIntegerField on PostgreSQL).

    Only ASCII digits: str.isdigit() also accepts '²' and '٣', which int() refuses or reads."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def db_ids(values: Iterable) -> list[int]:
    """The ids among `values` that can be ids; the rest are dropped (they match nothing anyway)."""
    return [n for n in (db_int(v) for v in values) if n is not None]


class IdField(serializers.IntegerField):
    """A row id in an API body: 1 … 2**63 − 1, anything else a 400 naming the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", DB_INT_MAX)
        super().__init__(**kwargs)
