"""Entitlements API: scheme parameters, eligible items, EPCs and the ledger, scoped like the pages.

Views are thin: serializers check types (money as decimal strings, ISO dates), the services check
the rules and the selectors scope every read (member → own firm, staff → own office, head office →
everything). `validated()` and the `Person`/`Money` helpers are shared with the certificates API.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.accounts.roles import scope_for
from icportal.common.dates import financial_year
from icportal.common.identifiers import normalise_hs_code
from icportal.members import selectors as member_selectors

from . import selectors, services
from .models import (
    EligibleItem,
    EntitlementAccount,
    Epc,
    EpcStatus,
    LedgerEntry,
    SchemeRate,
    SchemeVersion,
    SegmentGroup,
)

TAG_SCHEME = "scheme"
TAG_EPC = "EPCs"
TAG_LEDGER = "entitlement"
MAX_ID = 2**31 - 1
FY_REGEX = r"^[0-9]{4}-[0-9]{2}$"


# ---------------------------------------------------------------- shared helpers


def _messages(value, prefix=""):
    """Flatten DRF's nested errors to strings: 'Line 2: value_inr: A valid number is required.'"""
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(key, int):  # a list's errors by index
                yield from _messages(inner, f"{prefix}Line {key + 1}: ")
            elif key in ("non_field_errors", "__all__"):
                yield from _messages(inner, prefix)
            else:
                yield from _messages(inner, f"{prefix}{key}: ")
    elif isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            for number, inner in enumerate(value, start=1):
                yield from _messages(inner, f"{prefix}Line {number}: ")
        else:
            for inner in value:
                yield from _messages(inner, prefix)
    else:
        yield f"{prefix}{value}"


def validated(serializer_class, data, **kwargs) -> dict:
    """Validate request data; errors come back as {field: [messages]} with nested ones flattened."""
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        errors = serializer.errors
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        raise serializers.ValidationError({k: list(_messages(v)) for k, v in errors.items()})
    return serializer.validated_data


def query_filters(serializer_class, request) -> dict:
    """Query parameters through a serializer (types, lengths, no NUL bytes); blanks dropped."""
    data = validated(serializer_class, request.query_params)
    return {k: v for k, v in data.items() if v not in ("", None)}


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=` with a ceiling: a huge limit would otherwise reach the database (500)."""

    max_limit = 200


def money(**kwargs):
    kwargs.setdefault("max_digits", 16)
    kwargs.setdefault("decimal_places", 2)
    return serializers.DecimalField(**kwargs)


def person(source):
    """A user's name (null when nobody)."""
    return serializers.CharField(source=f"{source}.full_name", default=None, read_only=True)


class IdField(serializers.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def firm_for(user, iec: str | None):
    """The firm an action is for: the member user's own, or (for staff) the IEC given, in scope."""
    if iec:
        try:
            return member_selectors.member_get(user=user, iec=iec)
        except Http404:
            raise serializers.ValidationError(
                {"member": ["No member with this IEC that you may act for"]}
            ) from None
    if scope_for(user).member_id is not None:
        return user.member
    raise serializers.ValidationError({"member": ["Give the IEC of the member you act for"]})


class SegmentGroupField(serializers.SlugRelatedField):
    """A segment group by code (GARMENTS, OTHERS); junk is refused before it reaches the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "GARMENTS or OTHERS")
        super().__init__(slug_field="code", queryset=SegmentGroup.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 10 or not data.isalnum():
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:20])
        return super().to_internal_value(data.upper())


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
            raise serializers.ValidationError("Give one percentage per segment group code")
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
                raise serializers.ValidationError({"segment_group": ["No such segment group"]})
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
                raise serializers.ValidationError(
                    'Give a JSON object of segment code → FOB value, like {"FW": "2500000.00"}'
                ) from None
        if not isinstance(data, dict) or not data or len(data) > 20:
            raise serializers.ValidationError(
                'Give a JSON object of segment code → FOB value, like {"FW": "2500000.00"}'
            )
        value_field = money()
        lines, errors = {}, []
        for code, raw in data.items():
            if not isinstance(code, str) or not code or len(code) > 10:
                errors.append("Segment codes are short codes like FW or LG")
                continue
            if isinstance(raw, bool) or not isinstance(raw, str | int | float):
                errors.append(f"{code}: the FOB value is a decimal string, like 2500000.00")
                continue
            try:
                lines[code.upper()] = value_field.run_validation(raw)
            except serializers.ValidationError as exc:
                errors.extend(f"{code}: {message}" for message in _messages(exc.detail))
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
