"""Every read of members, scoped by the acting user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from icportal.accounts import scopes
from icportal.accounts.roles import scope_for

from .models import Member, MemberGstin, MemberImport

SORTS = {
    "name": "legal_name",
    "-name": "-legal_name",
    "iec": "iec",
    "-iec": "-iec",
    "office": "office__code",
    "-office": "-office__code",
    "created": "created_at",
    "-created": "-created_at",
    "rcmc": "rcmc_valid_to",
    "-rcmc": "-rcmc_valid_to",
}


def member_list(*, user, filters: dict | None = None) -> QuerySet[Member]:
    filters = filters or {}
    qs = (
        scopes.members(Member.objects.all(), user)
        .select_related("office", "icegate_registration__verified_by")
        .prefetch_related("segments", Prefetch("gstins", queryset=MemberGstin.objects.all()))
    )
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(legal_name__icontains=q)
            | Q(iec__iexact=q.upper())
            | Q(gstins__gstin__iexact=q.upper())
            | Q(icegate_registration__icegate_id__iexact=q.upper())
            | Q(rcmc_number__iexact=q)
        ).distinct()
    if filters.get("office"):
        qs = qs.filter(office__code=filters["office"].upper())
    if filters.get("segment"):
        qs = qs.filter(segments__code=filters["segment"].upper())
    if filters.get("icegate_status"):
        qs = qs.filter(icegate_registration__status=filters["icegate_status"])
    if filters.get("active") in ("yes", "no"):
        qs = qs.filter(is_active=filters["active"] == "yes")
    return qs.order_by(SORTS.get(filters.get("sort") or "", "legal_name"), "pk")


def member_get(*, user, iec: str) -> Member:
    """One member by IEC, or 404 when it does not exist *or* is outside the user's scope."""
    member = (
        scopes.members(Member.objects.all(), user)
        .select_related("office", "office__council", "icegate_registration")
        .prefetch_related("segments", "gstins")
        .filter(iec=str(iec).upper())
        .first()
    )
    if member is None:
        raise Http404("No such member")
    return member


def member_of_user(*, user) -> Member:
    scope = scope_for(user)
    if scope.member_id is None:
        raise PermissionDenied("Only member users have a firm")
    return member_get(
        user=user, iec=Member.objects.values_list("iec", flat=True).get(pk=scope.member_id)
    )


def member_import_get(*, user, pk: int) -> MemberImport:
    scope = scope_for(user)
    if not scope.everything:
        raise PermissionDenied("Only head office imports members")
    member_import = MemberImport.objects.filter(pk=pk, uploaded_by=user).first()
    if member_import is None:
        raise Http404("No such import")
    return member_import
