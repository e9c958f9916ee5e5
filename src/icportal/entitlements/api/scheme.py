"""Scheme parameters (versions and rates) and the eligible items."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.accounts.roles import scope_for
from icportal.common.api import Pagination
from icportal.common.api_fields import money, person, query_filters, validated
from icportal.common.identifiers import normalise_hs_code
from icportal.common.parsers import JSONParser

from .. import selectors, services
from ..models import EligibleItem, SchemeRate, SchemeVersion, SegmentGroup
from .common import SegmentGroupField

TAG_SCHEME = "scheme"


# ---------------------------------------------------------------- scheme


class SchemeRateSerializer(serializers.ModelSerializer):
    segment_group = serializers.CharField(source="segment_group.code")
    segment_group_name = serializers.CharField(source="segment_group.name")
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        model = SchemeRate
        fields = ["segment_group", "segment_group_name", "percentage"]


class SchemeVersionSerializer(serializers.ModelSerializer):
    rates = SchemeRateSerializer(many=True)
    epc_service_charge_with_gst = serializers.SerializerMethodField()
    ic_service_charge_with_gst = serializers.SerializerMethodField()
    created_by = person("created_by")

    class Meta:
        model = SchemeVersion
        fields = [
            "id",
            "effective_from",
            "notification_number",
            "notification_serials",
            "ic_document_type_code",
            "charges_enabled",
            "epc_service_charge",
            "ic_service_charge",
            "service_charge_gst_percent",
            "epc_service_charge_with_gst",
            "ic_service_charge_with_gst",
            "rates",
            "note",
            "created_by",
            "created_at",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_epc_service_charge_with_gst(self, version) -> str:
        return str(version.charge_with_gst(version.epc_service_charge))

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_ic_service_charge_with_gst(self, version) -> str:
        return str(version.charge_with_gst(version.ic_service_charge))


class SchemeVersionWriteSerializer(serializers.Serializer):
    effective_from = serializers.DateField()
    notification_number = serializers.CharField(max_length=80)
    notification_serials = serializers.CharField(max_length=120, allow_blank=True, default="")
    ic_document_type_code = serializers.CharField(max_length=6)
    rates = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2),
        help_text='Percentage per segment group code, e.g. {"GARMENTS": "3.00", "OTHERS": "5.00"}',
    )
    charges_enabled = serializers.BooleanField(default=False)
    epc_service_charge = money(max_digits=12, min_value=Decimal(0), default=Decimal(0))
    ic_service_charge = money(max_digits=12, min_value=Decimal(0), default=Decimal(0))
    service_charge_gst_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        default=Decimal("18.00"),
    )
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")

    def validate_rates(self, rates):
        if len(rates) > 20 or any(len(key) > 10 for key in rates):
            raise serializers.ValidationError(_("Give one percentage per segment group code"))
        return rates


@extend_schema(tags=[TAG_SCHEME])
class SchemeCurrent(APIView):
    @extend_schema(
        responses={200: SchemeVersionSerializer, 404: OpenApiResponse(description="None yet")},
        summary="The scheme parameters and rates in force today",
    )
    def get(self, request):
        scope_for(request.user)
        try:
            version = selectors.scheme_in_force()
        except SchemeVersion.DoesNotExist:
            raise Http404("No scheme parameters are in force") from None
        return Response(SchemeVersionSerializer(version).data)


@extend_schema(tags=[TAG_SCHEME])
class SchemeVersionListCreate(generics.ListAPIView):
    serializer_class = SchemeVersionSerializer
    filter_backends = []
    pagination_class = Pagination
    parser_classes = [JSONParser]

    def get_queryset(self):
        scope_for(self.request.user)
        return selectors.scheme_versions()

    @extend_schema(summary="Every version of the scheme parameters, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=SchemeVersionWriteSerializer,
        responses={201: SchemeVersionSerializer},
        summary="Head office: new parameters from a date (earlier versions stay as they were)",
    )
    def post(self, request):
        data = validated(SchemeVersionWriteSerializer, request.data)
        version = services.scheme_version_create(by=request.user, **data)
        version = selectors.scheme_versions().get(pk=version.pk)
        return Response(SchemeVersionSerializer(version).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- eligible items


class EligibleItemSerializer(serializers.ModelSerializer):
    segment_group = serializers.CharField(source="segment_group.code")

    class Meta:
        model = EligibleItem
        fields = ["id", "segment_group", "name", "hs_code", "needs_affidavit", "note", "is_active"]


class EligibleItemWriteSerializer(serializers.Serializer):
    segment_group = SegmentGroupField()
    name = serializers.CharField(max_length=200)
    hs_code = serializers.CharField(max_length=12, allow_blank=True, default="")
    needs_affidavit = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=200, allow_blank=True, default="")
    is_active = serializers.BooleanField(default=True)

    def validate_hs_code(self, value):
        if not value.strip():
            return ""
        try:
            return normalise_hs_code(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class EligibleItemFilter(serializers.Serializer):
    segment_group = serializers.CharField(max_length=10, required=False, allow_blank=True)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)
    include_inactive = serializers.BooleanField(
        required=False, default=False, help_text="Staff only: list withdrawn items too"
    )


def _item_save(request, item=None):
    data = validated(EligibleItemWriteSerializer, request.data)
    try:
        item = services.eligible_item_save(by=request.user, item=item, **data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "__all__" in exc.error_dict:
            raise ValidationError({"name": exc.message_dict["__all__"]}) from None
        raise
    return item


@extend_schema(tags=[TAG_SCHEME])
class EligibleItemListCreate(generics.ListAPIView):
    serializer_class = EligibleItemSerializer
    filter_backends = []
    pagination_class = Pagination
    parser_classes = [JSONParser]

    def get_queryset(self):
        scope = scope_for(self.request.user)
        filters = query_filters(EligibleItemFilter, self.request)
        group = None
        if filters.get("segment_group"):
            group = SegmentGroup.objects.filter(code=filters["segment_group"].upper()).first()
            if group is None:
                raise serializers.ValidationError({"segment_group": [_("No such segment group")]})
        qs = selectors.eligible_items(
            segment_group=group,
            include_inactive=bool(filters.get("include_inactive")) and scope.member_id is None,
        )
        if filters.get("q"):
            qs = qs.filter(Q(name__icontains=filters["q"]) | Q(hs_code__startswith=filters["q"]))
        return qs.order_by("segment_group__position", "name", "pk")

    @extend_schema(
        parameters=[EligibleItemFilter],
        summary="Items that may be imported duty free, per segment group",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=EligibleItemWriteSerializer,
        responses={201: EligibleItemSerializer},
        summary="Head office: add an eligible item",
    )
    def post(self, request):
        item = _item_save(request)
        return Response(EligibleItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG_SCHEME])
class EligibleItemDetail(APIView):
    parser_classes = [JSONParser]

    def _get(self, request, pk):
        scope = scope_for(request.user)
        item = (
            selectors.eligible_items(include_inactive=scope.member_id is None).filter(pk=pk).first()
        )
        if item is None:
            raise Http404("No such item")
        return item

    @extend_schema(responses=EligibleItemSerializer, summary="One eligible item")
    def get(self, request, pk):
        return Response(EligibleItemSerializer(self._get(request, pk)).data)

    @extend_schema(
        request=EligibleItemWriteSerializer,
        responses=EligibleItemSerializer,
        summary="Head office: change or withdraw an eligible item",
    )
    def put(self, request, pk):
        item = _item_save(request, self._get(request, pk))
        return Response(EligibleItemSerializer(item).data)
