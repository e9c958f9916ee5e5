"""The entitlement ledger: append-only entries and a balance that always equals their sum.

Every posting locks the account row first (`SELECT … FOR UPDATE`), so concurrent issues against one
entitlement are serialised and the balance can never go below zero (also a database constraint).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from icportal.common.money import format_inr, rupees

from .models import EntitlementAccount, EntryKind, LedgerEntry


def account_lock(*, member, financial_year: str, segment_group) -> EntitlementAccount:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Lock the account inside the service's transaction")
    lookup = {"member": member, "financial_year": financial_year, "segment_group": segment_group}
    account = EntitlementAccount.objects.select_for_update().filter(**lookup).first()
    if account is None:
        try:
            with transaction.atomic():
                EntitlementAccount.objects.create(**lookup)
        except IntegrityError:
            pass
        account = EntitlementAccount.objects.select_for_update().get(**lookup)
    return account


def ledger_post(
    *,
    account: EntitlementAccount,
    kind: EntryKind,
    amount: Decimal,
    by,
    epc=None,
    certificate=None,
    note: str = "",
) -> LedgerEntry:
    """Post one entry to an account the caller has locked.

    Credits, debits and reversals take a positive amount (the kind gives the direction);
    adjustments take a signed amount (negative takes more entitlement, positive gives some back).
    """
    amount = rupees(amount)
    if amount == 0 or (amount < 0 and kind != EntryKind.ADJUSTMENT):
        raise ValueError("Ledger amounts are positive (adjustments: non-zero, signed)")
    signed = -amount if kind == EntryKind.DEBIT else amount
    new_balance = account.balance + signed
    if new_balance < 0:
        raise ValidationError(
            {
                "total_value": [
                    _("The entitlement balance is %(balance)s: this needs %(needed)s")
                    % {"balance": format_inr(account.balance), "needed": format_inr(-signed)}
                ]
            }
        )
    account.balance = new_balance
    if kind == EntryKind.CREDIT:
        account.credited += amount
    account.save(update_fields=["balance", "credited"])
    return LedgerEntry.objects.create(
        account=account,
        kind=kind,
        amount=signed,
        balance_after=new_balance,
        epc=epc,
        certificate=certificate,
        note=note[:300],
        created_by=by if getattr(by, "pk", None) else None,
    )
