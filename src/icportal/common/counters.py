"""Human reference numbers from a per-office, per-year counter taken under a row lock.

Inside the caller's transaction: if it rolls back, so does the counter — IC numbers stay gap-free.
Domain-free (an office, a financial year and a kind of record), so every app that numbers what it
makes (certificates, entitlements, dispatch, complaints) takes it from here without importing another.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from icportal.common.models import Counter


def next_value(*, office, financial_year: str, kind: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Numbers are taken inside the issuing transaction")
    counter = (
        Counter.objects.select_for_update()
        .filter(office=office, financial_year=financial_year, kind=kind)
        .first()
    )
    if counter is None:
        try:
            with transaction.atomic():
                Counter.objects.create(office=office, financial_year=financial_year, kind=kind)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs below
        counter = Counter.objects.select_for_update().get(
            office=office, financial_year=financial_year, kind=kind
        )
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def format_number(*, office, financial_year: str, kind: str, value: int) -> str:
    """CLE/CHN/IC/2026-27/000123 (certificates.selectors reads numbers back in this shape)"""
    return f"{settings.COUNCIL_CODE}/{office.code}/{kind}/{financial_year}/{value:06d}"


def next_number(*, office, financial_year: str, kind: str) -> tuple[str, int]:
    value = next_value(office=office, financial_year=financial_year, kind=kind)
    return format_number(
        office=office, financial_year=financial_year, kind=kind, value=value
    ), value


_NUMBER_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-")


def may_be_in_a_number(q: str) -> bool:
    """Whether `q` can be part of a reference number at all (`format_number`:
    COUNCIL/OFF/KIND/2026-27/000123). When it cannot — an IEC, a firm's name, an invoice number
    with letters after digits — a list's `icontains` on numbers, which reads every row, is skipped."""
    text = q.upper()
    if not set(text) <= _NUMBER_CHARACTERS:
        return False
    if "/" in text or not any(c.isalpha() for c in text):
        return True  # it may span parts, or lie in the year or the serial
    council = settings.COUNCIL_CODE.upper()
    if not council.isalpha():
        return True
    return text.isalpha() and len(text) <= max(len(council), 4)  # within COUNCIL, OFF or KIND
