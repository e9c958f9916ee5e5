"""REST API for physical-copy requests: thin views over the selectors and services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.certificates.selectors import certificate_get
from icportal.common.api import Pagination
from icportal.common.api_fields import validated

from . import selectors, services
from .forms import ADDRESS_FIELDS
from .models import MEMBER_REASONS, CopyRequest, DeliverTo, Method, Status

TAG = "Physical copies"


class CopyRequestSerializer(serializers.ModelSerializer):
    certificate = serializers.CharField(source="certificate.number")
    office = serializers.CharField(source="office.code")
    member_iec = serializers.CharField(source="member.iec")
    copy_number = serializers.SerializerMethodField()
    customs_discretion = serializers.BooleanField(read_only=True)

    class Meta:
        model = CopyRequest
        fields = [
            "reference",
            "certificate",
            "office",
            "member_iec",
            "kind",
            "reason",
            "reason_text",
            "status",
            "decline_reason",
            "copy_number",
            "method",
            "courier_name",
            "docket_no",
            "dispatch_date",
            "receiver_name",
            "receiver_id",
            "customs_discretion",
            "deliver_to",
            "address_name",
            "address",
            "address_city",
            "address_state",
            "address_pincode",
            "created_at",
            "decided_at",
            "dispatched_at",
            "acknowledged_at",
        ]

    def get_copy_number(self, obj) -> int | None:
        copy = getattr(obj, "copy", None)
        return copy.copy_number if copy else None


class CreateSerializer(serializers.Serializer):
    certificate = serializers.CharField(max_length=40, help_text="IC number, e.g. CLE/CHN/IC/…")
    reason = serializers.ChoiceField(choices=[(r.value, r.label) for r in MEMBER_REASONS])
    reason_text = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    deliver_to = serializers.ChoiceField(
        choices=DeliverTo.choices,
        default=DeliverTo.REGISTERED,
        help_text="The firm's registered address, another address in India, or collection.",
    )
    address_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    address_city = serializers.CharField(max_length=80, required=False, allow_blank=True)
    address_state = serializers.CharField(
        max_length=60, required=False, allow_blank=True, help_text="e.g. Tamil Nadu"
    )
    address_pincode = serializers.CharField(
        max_length=7, required=False, allow_blank=True, help_text="6 digits, e.g. 600032"
    )


class FilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    q = serializers.CharField(max_length=60, required=False, allow_blank=True)


@extend_schema_serializer(component_name="CopyDeclineReason")  # certificates has one too
class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class DispatchSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=Method.choices)
    courier_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    docket_no = serializers.CharField(max_length=40, required=False, allow_blank=True)
    dispatch_date = serializers.DateField(required=False, allow_null=True)
    receiver_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    receiver_id = serializers.CharField(max_length=80, required=False, allow_blank=True)


def _detail(request, slug, code=status.HTTP_200_OK):
    obj = selectors.copy_request_get(user=request.user, slug=slug)
    return Response(CopyRequestSerializer(obj).data, status=code)


@extend_schema(tags=[TAG])
class CopyRequestListCreate(generics.ListAPIView):
    serializer_class = CopyRequestSerializer
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        filters = {
            k: v for k, v in validated(FilterSerializer, self.request.query_params).items() if v
        }
        return selectors.copy_request_list(user=self.request.user, filters=filters)

    @extend_schema(parameters=[FilterSerializer], summary="Copy requests in your scope")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=CreateSerializer,
        responses={201: CopyRequestSerializer},
        summary="Member: ask for a physical copy of an IC",
    )
    def post(self, request):
        data = validated(CreateSerializer, request.data)
        slug = data["certificate"].replace("/", "-")
        certificate = certificate_get(user=request.user, slug=slug)
        obj = services.copy_request_create(
            by=request.user,
            certificate=certificate,
            reason=data["reason"],
            reason_text=data.get("reason_text", ""),
            deliver_to=data["deliver_to"],
            address={key: data.get(key, "") for key in ADDRESS_FIELDS},
        )
        return _detail(request, obj.slug, status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
class CopyRequestDetail(APIView):
    @extend_schema(responses=CopyRequestSerializer, summary="One copy request")
    def get(self, request, slug):
        return _detail(request, slug)


def _action(summary, body=None):
    def post(self, request, slug):
        obj = selectors.copy_request_get(user=request.user, slug=slug)
        data = validated(body, request.data) if body else {}
        self.act(request.user, obj, data)
        return _detail(request, slug)

    return extend_schema(request=body, responses=CopyRequestSerializer, summary=summary)(post)


@extend_schema(tags=[TAG])
class CopyRequestApprove(APIView):
    post = _action("Office: approve the request")

    def act(self, by, obj, data):
        services.copy_request_approve(by=by, request=obj)


@extend_schema(tags=[TAG])
class CopyRequestDecline(APIView):
    post = _action("Office: decline the request with a reason", ReasonSerializer)

    def act(self, by, obj, data):
        services.copy_request_decline(by=by, request=obj, reason=data["reason"])


@extend_schema(tags=[TAG])
class CopyRequestPrint(APIView):
    post = _action("Office: take the next copy number (print)")

    def act(self, by, obj, data):
        services.copy_print(by=by, request=obj)


@extend_schema(tags=[TAG])
class CopyRequestDispatch(APIView):
    post = _action("Office: record the courier or hand-over (once)", DispatchSerializer)

    def act(self, by, obj, data):
        services.copy_dispatch(by=by, request=obj, data=data)


@extend_schema(tags=[TAG])
class CopyRequestAcknowledge(APIView):
    post = _action("Member: acknowledge receipt (after dispatch)")

    def act(self, by, obj, data):
        services.copy_acknowledge(by=by, request=obj)
