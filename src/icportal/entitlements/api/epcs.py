"""Export Performance Certificates: the member applies with last year's FOB, staff decide."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.common.api import Pagination
from icportal.common.api_fields import (
    FY_REGEX,
    flat_messages,
    money,
    person,
    query_filters,
    validated,
)
from icportal.common.dates import financial_year
from icportal.common.parsers import MultiPartParser
from icportal.members.api import firm_for

from .. import selectors, services
from ..models import Epc, EpcStatus
from .common import SegmentGroupField

TAG_EPC = "EPCs"
# Said by two refusals below: marked once here, read in the request's language where raised.
FOB_LINES_SHAPE = gettext_noop(
    'Give a JSON object of segment code → FOB value, like {"FW": "2500000.00"}'
)


# ---------------------------------------------------------------- EPCs


class EpcFobLineSerializer(serializers.Serializer):
    segment = serializers.CharField(source="segment.code")
    segment_name = serializers.CharField(source="segment.name")
    fob_value = money()


class EpcSerializer(serializers.ModelSerializer):
    member_iec = serializers.CharField(source="member.iec")
    member_name = serializers.CharField(source="member.legal_name")
    office = serializers.CharField(source="office.code")
    segment_group = serializers.CharField(source="segment_group.code")
    submitted_by = person("submitted_by")
    submitted_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Epc
        fields = [
            "id",
            "number",
            "status",
            "member_iec",
            "member_name",
            "office",
            "financial_year",
            "segment_group",
            "fob_total",
            "percentage",
            "entitlement",
            "submitted_by",
            "submitted_at",
            "decided_at",
            "return_reason",
        ]


class EpcDetailSerializer(EpcSerializer):
    fob_lines = EpcFobLineSerializer(many=True)
    decided_by = person("decided_by")
    ca_certificate_name = serializers.SerializerMethodField()

    class Meta(EpcSerializer.Meta):
        fields = [*EpcSerializer.Meta.fields, "fob_lines", "decided_by", "ca_certificate_name"]

    def get_ca_certificate_name(self, epc) -> str:
        return epc.ca_certificate.name.rsplit("/", 1)[-1] if epc.ca_certificate else ""


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "format": "decimal"},
        "example": {"FW": "2500000.00"},
        "description": "Last year's FOB value of own manufactured exports per segment code "
        "(in a multipart request: the object as a JSON string)",
    }
)
class FobLinesField(serializers.Field):
    def to_internal_value(self, data):
        if isinstance(data, str | bytes):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError(_(FOB_LINES_SHAPE)) from None
        if not isinstance(data, dict) or not data or len(data) > 20:
            raise serializers.ValidationError(_(FOB_LINES_SHAPE))
        value_field = money()
        lines, errors = {}, []
        for code, raw in data.items():
            if not isinstance(code, str) or not code or len(code) > 10:
                errors.append(_("Segment codes are short codes like FW or LG"))
                continue
            if isinstance(raw, bool) or not isinstance(raw, str | int | float):
                errors.append(
                    _("%(code)s: the FOB value is a decimal string, like 2500000.00")
                    % {"code": code}
                )
                continue
            try:
                lines[code.upper()] = value_field.run_validation(raw)
            except serializers.ValidationError as exc:
                errors.extend(f"{code}: {message}" for message in flat_messages(exc.detail))
        if errors:
            raise serializers.ValidationError(errors)
        return lines

    def to_representation(self, value):
        return {k: str(v) for k, v in value.items()}


class EpcCreateSerializer(serializers.Serializer):
    member = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="IEC; staff only"
    )
    financial_year = serializers.RegexField(
        FY_REGEX, required=False, help_text="Year of the entitlement, like 2026-27 (default: this)"
    )
    segment_group = SegmentGroupField()
    fob_lines = FobLinesField()
    ca_certificate = serializers.FileField(max_length=200, help_text="The CA's certificate (PDF)")


class EpcReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class EpcFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=EpcStatus.choices, required=False)
    financial_year = serializers.RegexField(FY_REGEX, required=False, allow_blank=True)
    q = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="Member name or IEC"
    )


def _epc_payload(request, epc) -> dict:
    return EpcDetailSerializer(selectors.epc_get(user=request.user, pk=epc.pk)).data


@extend_schema(tags=[TAG_EPC])
class EpcListCreate(generics.ListAPIView):
    serializer_class = EpcSerializer
    filter_backends = []
    pagination_class = Pagination
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.epc_list(
            user=self.request.user, filters=query_filters(EpcFilter, self.request)
        ).order_by("-created_at", "-pk")

    @extend_schema(parameters=[EpcFilter], summary="EPCs in your scope, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": EpcCreateSerializer},
        responses={201: EpcDetailSerializer},
        summary="Apply for the year's EPC with last year's FOB per segment and the CA certificate",
    )
    def post(self, request):
        data = validated(EpcCreateSerializer, request.data)
        member = firm_for(request.user, data.get("member"))
        epc = services.epc_submit(
            by=request.user,
            member=member,
            financial_year_of_entitlement=data.get("financial_year") or financial_year(),
            segment_group=data["segment_group"],
            fob_lines=data["fob_lines"],
            ca_certificate=data["ca_certificate"],
        )
        return Response(_epc_payload(request, epc), status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG_EPC])
class EpcDetail(APIView):
    @extend_schema(responses=EpcDetailSerializer, summary="One EPC with its FOB lines")
    def get(self, request, pk):
        return Response(EpcDetailSerializer(selectors.epc_get(user=request.user, pk=pk)).data)


@extend_schema(tags=[TAG_EPC])
class EpcApprove(APIView):
    @extend_schema(
        request=None,
        responses=EpcDetailSerializer,
        summary="Staff: approve; numbers the EPC and credits percentage × FOB to the ledger",
    )
    def post(self, request, pk):
        epc = services.epc_approve(by=request.user, epc=selectors.epc_get(user=request.user, pk=pk))
        return Response(_epc_payload(request, epc))


@extend_schema(tags=[TAG_EPC])
class EpcReturn(APIView):
    @extend_schema(
        request=EpcReturnSerializer,
        responses=EpcDetailSerializer,
        summary="Staff: return the EPC to the member with what to correct",
    )
    def post(self, request, pk):
        epc = selectors.epc_get(user=request.user, pk=pk)
        data = validated(EpcReturnSerializer, request.data)
        epc = services.epc_return(by=request.user, epc=epc, reason=data["reason"])
        return Response(_epc_payload(request, epc))
