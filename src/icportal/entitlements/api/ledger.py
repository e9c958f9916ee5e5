"""Entitlement accounts (credited, used, balance) and their append-only ledger."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from icportal.common.api import Pagination
from icportal.common.api_fields import FY_REGEX, money, person, query_filters

from .. import selectors
from ..models import EntitlementAccount, LedgerEntry

TAG_LEDGER = "entitlement"


# ---------------------------------------------------------------- entitlement and ledger


class EntitlementAccountSerializer(serializers.ModelSerializer):
    member_iec = serializers.CharField(source="member.iec")
    member_name = serializers.CharField(source="member.legal_name")
    segment_group = serializers.CharField(source="segment_group.code")
    segment_group_name = serializers.CharField(source="segment_group.name")
    used = money(help_text="credited − balance")

    class Meta:
        model = EntitlementAccount
        fields = [
            "id",
            "member_iec",
            "member_name",
            "financial_year",
            "segment_group",
            "segment_group_name",
            "credited",
            "used",
            "balance",
        ]


class LedgerEntrySerializer(serializers.ModelSerializer):
    amount = money(help_text="Signed: credits and reversals positive, debits negative")
    epc_number = serializers.CharField(source="epc.number", default=None)
    certificate_number = serializers.CharField(source="certificate.number", default=None)
    certificate_slug = serializers.CharField(source="certificate.slug", default=None)
    created_by = person("created_by")

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "kind",
            "amount",
            "balance_after",
            "epc_number",
            "certificate_number",
            "certificate_slug",
            "note",
            "created_by",
            "created_at",
        ]


class EntitlementFilter(serializers.Serializer):
    financial_year = serializers.RegexField(FY_REGEX, required=False, allow_blank=True)
    member = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="IEC (staff)"
    )


@extend_schema(tags=[TAG_LEDGER])
class EntitlementList(generics.ListAPIView):
    serializer_class = EntitlementAccountSerializer
    filter_backends = []
    pagination_class = Pagination

    def get_queryset(self):
        filters = query_filters(EntitlementFilter, self.request)
        qs = selectors.accounts_for(
            user=self.request.user, financial_year=filters.get("financial_year")
        )
        if filters.get("member"):
            qs = qs.filter(member__iec=filters["member"].upper())
        return qs.order_by("-financial_year", "member__legal_name", "segment_group__position", "pk")

    @extend_schema(
        parameters=[EntitlementFilter],
        summary="Entitlement accounts in your scope: credited, used and balance",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[TAG_LEDGER])
class LedgerList(generics.ListAPIView):
    serializer_class = LedgerEntrySerializer
    filter_backends = []
    pagination_class = Pagination

    def get_queryset(self):
        account = (
            selectors.accounts_for(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        )
        if account is None:
            raise Http404("No such account")
        return selectors.ledger_entries(user=self.request.user, account=account).order_by(
            "created_at", "id"
        )

    @extend_schema(summary="The account's ledger entries, oldest first (append-only)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
