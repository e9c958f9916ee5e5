"""Reads of scheme data, EPCs and entitlement balances, scoped by the acting user."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from icportal.accounts import scopes
from icportal.common.dates import financial_year_bounds, ist_today

from .models import EligibleItem, EntitlementAccount, Epc, LedgerEntry, SchemeVersion, SegmentGroup


def scheme_in_force(*, on: dt.date | None = None, with_rates: bool = True) -> SchemeVersion:
    """The version in force; `with_rates=False` skips reading its rates (issuing needs only the
    notification and document type: two queries fewer per IC)."""
    versions = SchemeVersion.objects.prefetch_related("rates__segment_group")
    version = (
        (versions if with_rates else SchemeVersion.objects)
        .filter(effective_from__lte=on or ist_today())
        .order_by("-effective_from", "-id")
        .first()
    )
    if version is None:
        raise SchemeVersion.DoesNotExist(_("No scheme parameters are in force on that date"))
    return version


def scheme_versions() -> QuerySet[SchemeVersion]:
    return SchemeVersion.objects.prefetch_related("rates__segment_group").select_related(
        "created_by"
    )


def rate_for(*, version: SchemeVersion, segment_group: SegmentGroup):
    for rate in version.rates.all():
        if rate.segment_group_id == segment_group.pk:
            return rate.percentage
    raise SchemeVersion.DoesNotExist(
        _("No percentage for %(group)s in %(version)s")
        % {"group": segment_group, "version": version}
    )


def rate_for_year(*, financial_year: str, segment_group: SegmentGroup):
    """The percentage in force on 1 April of the entitlement's year."""
    start, _end = financial_year_bounds(financial_year)
    version = scheme_in_force(on=start)
    return version, rate_for(version=version, segment_group=segment_group)


def eligible_items(*, segment_group=None, include_inactive=False) -> QuerySet[EligibleItem]:
    qs = EligibleItem.objects.select_related("segment_group")
    if segment_group is not None:
        qs = qs.filter(segment_group=segment_group)
    return qs if include_inactive else qs.filter(is_active=True)


def epc_list(*, user, filters: dict | None = None) -> QuerySet[Epc]:
    filters = filters or {}
    qs = scopes.member_rows(
        Epc.objects.select_related("member", "office", "segment_group", "submitted_by"), user
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("financial_year"):
        qs = qs.filter(financial_year=filters["financial_year"])
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(member__legal_name__icontains=q) | qs.filter(member__iec__iexact=q.upper())
    return qs.order_by("-created_at")


def epc_get(*, user, pk: int) -> Epc:
    epc = epc_list(user=user).prefetch_related("fob_lines__segment").filter(pk=pk).first()
    if epc is None:
        raise Http404("No such EPC")
    return epc


def accounts_for(*, user, member=None, financial_year: str | None = None):
    qs = scopes.member_rows(
        EntitlementAccount.objects.select_related("segment_group", "member"), user
    )
    if member is not None:
        qs = qs.filter(member=member)
    if financial_year:
        qs = qs.filter(financial_year=financial_year)
    return qs


def balance_for_application(*, application) -> Decimal | None:
    """The entitlement balance an IC application draws on (its EPC's firm, year and segment
    group), before this IC: None while no EPC is chosen, 0 when nothing was credited yet.

    The one place this figure is read: the member's totals, the office's panel, the API and the
    submission check all show the same number. The caller has already scoped the application."""
    epc = application.epc
    if epc is None:
        return None
    balance = (
        EntitlementAccount.objects.filter(
            member_id=application.member_id,
            financial_year=epc.financial_year,
            segment_group_id=epc.segment_group_id,
        )
        .values_list("balance", flat=True)
        .first()
    )
    return Decimal(0) if balance is None else balance


def ledger_entries(*, user, account: EntitlementAccount) -> QuerySet[LedgerEntry]:
    if not accounts_for(user=user).filter(pk=account.pk).exists():
        raise Http404("No such account")
    return account.entries.select_related("certificate", "epc", "created_by")
