"""REST API for the customs house directory (staff read, head office write) and the office's
notices to customs. Thin: validate, call one selector or service, answer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.common.api import Pagination
from icportal.common.api_fields import query_filters, validated

from . import selectors, services
from .models import DIRECTORY_FIELDS, CustomsHouse, Notice, NoticeStatus

TAG = "Customs"


class CustomsHouseSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomsHouse
        fields = [*DIRECTORY_FIELDS, "updated_at"]


class CustomsHouseWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    officer_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    officer_email = serializers.EmailField(required=False, allow_blank=True)
    to_be_confirmed = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)


class CustomsHouseCreateSerializer(CustomsHouseWriteSerializer):
    port_code = serializers.CharField(max_length=10, help_text="Like INMAA1 (Chennai sea)")


class CustomsHouseUpdateSerializer(CustomsHouseWriteSerializer):
    name = serializers.CharField(max_length=120, required=False)


class HouseFilterSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=60, required=False, allow_blank=True)
    confirmed = serializers.ChoiceField(choices=["yes", "no"], required=False)
    active = serializers.ChoiceField(choices=["yes", "no"], required=False)
    sort = serializers.ChoiceField(choices=list(selectors.HOUSE_SORTS), required=False)


@extend_schema(tags=[TAG])
class CustomsHouseList(generics.ListAPIView):
    serializer_class = CustomsHouseSerializer
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        filters = query_filters(HouseFilterSerializer, self.request)
        return selectors.customs_house_list(user=self.request.user, filters=filters)

    @extend_schema(
        parameters=[HouseFilterSerializer],
        summary="Customs houses: who hears of a cancelled or replaced IC, per port (staff)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=CustomsHouseCreateSerializer,
        responses={201: CustomsHouseSerializer},
        summary="Head office: add a customs house",
    )
    def post(self, request):
        data = dict(validated(CustomsHouseCreateSerializer, request.data))
        house = services.customs_house_create(by=request.user, **data)
        return Response(CustomsHouseSerializer(house).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
class CustomsHouseDetail(APIView):
    @extend_schema(responses=CustomsHouseSerializer, summary="One customs house by port code")
    def get(self, request, port_code):
        house = selectors.customs_house_get(user=request.user, port_code=port_code)
        return Response(CustomsHouseSerializer(house).data)

    @extend_schema(
        request=CustomsHouseUpdateSerializer,
        responses=CustomsHouseSerializer,
        summary="Head office: change a customs house (the port code never changes)",
    )
    def patch(self, request, port_code):
        house = selectors.customs_house_get(user=request.user, port_code=port_code)
        data = dict(validated(CustomsHouseUpdateSerializer, request.data))
        house = services.customs_house_update(by=request.user, house=house, **data)
        return Response(CustomsHouseSerializer(house).data)


class NoticeSerializer(serializers.ModelSerializer):
    certificate = serializers.CharField(source="certificate.number")
    office = serializers.CharField(source="office.code")
    customs_house = serializers.CharField(source="customs_house.name", default=None)
    replacement = serializers.CharField(source="replacement.number", default=None)
    email_status = serializers.CharField(source="email.status", default=None)
    why = serializers.CharField(source="last_error", help_text="Why by hand, or the last error")

    class Meta:
        model = Notice
        fields = [
            "id",
            "certificate",
            "event",
            "office",
            "port_code",
            "customs_house",
            "status",
            "irn",
            "drn",
            "uploader_icegate_id",
            "replacement",
            "replacement_irn",
            "replacement_drn",
            "sent_to",
            "sent_at",
            "email_status",
            "hand_note",
            "why",
            "created_at",
        ]


class NoticeFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[("open", "To do: by hand or failing"), *NoticeStatus.choices], required=False
    )
    q = serializers.CharField(max_length=60, required=False, allow_blank=True)


class HandSentSerializer(serializers.Serializer):
    how = serializers.CharField(max_length=2000)


@extend_schema(tags=[TAG])
class NoticeList(generics.ListAPIView):
    serializer_class = NoticeSerializer
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        filters = query_filters(NoticeFilterSerializer, self.request)
        return selectors.notice_list(user=self.request.user, filters=filters)

    @extend_schema(
        parameters=[NoticeFilterSerializer],
        summary="Notices to customs of cancelled or replaced ICs (your office's)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[TAG])
class NoticeHandSent(APIView):
    @extend_schema(
        request=HandSentSerializer,
        responses=NoticeSerializer,
        summary="Office: mark a notice sent by hand (no customs house on file)",
    )
    def post(self, request, pk):
        notice = selectors.notice_get(user=request.user, pk=pk)
        data = validated(HandSentSerializer, request.data)
        services.notice_mark_sent_by_hand(by=request.user, notice=notice, **data)
        return Response(NoticeSerializer(selectors.notice_get(user=request.user, pk=pk)).data)


@extend_schema(tags=[TAG])
class NoticeSend(APIView):
    @extend_schema(
        request=None,
        responses=NoticeSerializer,
        summary="Office: send a notice again (or try a waiting one now)",
    )
    def post(self, request, pk):
        notice = selectors.notice_get(user=request.user, pk=pk)
        services.notice_send_again(by=request.user, notice=notice)
        return Response(NoticeSerializer(selectors.notice_get(user=request.user, pk=pk)).data)
