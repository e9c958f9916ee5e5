"""Keyset ("seek") paging on a queryset's own ordering: any page costs what page 1 costs.

A position is the tuple of the ordering's values for one row. `after(qs, values)` keeps the rows that
come after it in the queryset's order, written so the database can start its index scan at the
position instead of walking (and discarding) every row before it: the leading field also gets a
plain range bound (`created_at <= v AND (created_at < v OR (created_at = v AND id < w))`), which an
index on it, or on (office, it), turns into the scan's start.

NULLs: PostgreSQL sorts them as larger than every value, SQLite as smaller; both are honoured, so a
nullable sort key (a date not yet set) pages in the order the database shows it.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Q, QuerySet


def ordering(qs: QuerySet) -> list[tuple[str, bool]] | None:
    """[(lookup, descending)] ending with the primary key, or None when the order is an expression
    (keyset paging needs plain fields; such a list pages by offset)."""
    meta = qs.model._meta
    raw = list(qs.query.order_by or meta.ordering or [])
    fields: list[tuple[str, bool]] = []
    for item in raw:
        if not isinstance(item, str) or "?" in item:
            return None
        desc = item.startswith("-")
        name = item.lstrip("-+")
        name = meta.pk.name if name == "pk" else name
        try:
            final_field(qs.model, name)
        except (FieldDoesNotExist, AttributeError):  # an annotation, or a reverse relation
            return None
        fields.append((name, desc))
    if not fields or fields[-1][0] not in (meta.pk.name, meta.pk.attname):
        # The primary key makes the position unique; the same direction keeps one index scan.
        fields.append((meta.pk.name, fields[-1][1] if fields else False))
    return fields


def final_field(model, lookup: str):
    """The model field a lookup (`member__legal_name`) ends at."""
    meta, field = model._meta, None
    for part in lookup.split("__"):
        field = meta.get_field(part)
        if field.is_relation:
            meta = field.related_model._meta
    if field.is_relation and not field.concrete:
        raise FieldDoesNotExist(lookup)
    return field


def nullable(model, lookup: str) -> bool:
    """Whether the lookup's column can be NULL (itself, or through a nullable foreign key)."""
    meta = model._meta
    for part in lookup.split("__"):
        field = meta.get_field(part)
        if field.null:
            return True
        if field.is_relation:
            meta = field.related_model._meta
    return False


def _nulls_last(desc: bool) -> bool:
    """Whether NULLs come after every value in this direction on this database."""
    nulls_largest = connection.vendor == "postgresql"
    return nulls_largest != desc


def _beyond(lookup: str, desc: bool, value, can_be_null: bool) -> Q | None:
    """Rows strictly after `value` in this field's order (None: no row can be)."""
    if value is None:  # the position itself is NULL
        if _nulls_last(desc):
            return None
        return Q(**{f"{lookup}__isnull": False})
    q = Q(**{f"{lookup}__{'lt' if desc else 'gt'}": value})
    if can_be_null and _nulls_last(desc):
        q |= Q(**{f"{lookup}__isnull": True})
    return q


def _same(lookup: str, value) -> Q:
    return Q(**{f"{lookup}__isnull": True}) if value is None else Q(**{lookup: value})


def after(qs: QuerySet, fields: list[tuple[str, bool]], values: list) -> QuerySet:
    """The rows of `qs` that come after the position `values` in the order `fields`."""
    model = qs.model
    condition: Q | None = None
    prefix = Q()
    for (lookup, desc), value in zip(fields, values, strict=True):
        branch = _beyond(lookup, desc, value, nullable(model, lookup))
        if branch is not None:
            condition = prefix & branch if condition is None else condition | (prefix & branch)
        prefix &= _same(lookup, value)
    if condition is None:
        return qs.none()
    lead, desc = fields[0]
    value = values[0]
    if value is not None and not (nullable(model, lookup=lead) and _nulls_last(desc)):
        qs = qs.filter(**{f"{lead}__{'lte' if desc else 'gte'}": value})
    return qs.filter(condition)


def reverse(fields: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    return [(lookup, not desc) for lookup, desc in fields]


def order(qs: QuerySet, fields: list[tuple[str, bool]]) -> QuerySet:
    return qs.order_by(*(("-" if desc else "") + lookup for lookup, desc in fields))
