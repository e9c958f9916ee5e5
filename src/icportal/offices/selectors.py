"""Offices are public reference data: anyone may list them."""

from django.db.models import QuerySet

from .models import Office


def office_list(*, include_inactive: bool = False) -> QuerySet[Office]:
    qs = Office.objects.select_related("council")
    return qs if include_inactive else qs.filter(is_active=True)


def office_get(*, code: str) -> Office:
    return Office.objects.select_related("council").get(code=code.upper())
