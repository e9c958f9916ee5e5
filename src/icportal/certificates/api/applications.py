"""Member-side application endpoints: list, start, save, attach, submit, reply, withdraw, clone."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.common.api import Pagination
from icportal.common.api_fields import query_filters, validated
from icportal.common.parsers import JSONParser, MultiPartParser
from icportal.members.api import firm_for

from .. import selectors, services
from .common import (
    TAG_APP,
    _action_schema,
    _application,
    _application_response,
    _ApplicationAction,
    _epc_for,
)
from .inputs import (
    ApplicationCreateSerializer,
    ApplicationFilter,
    ApplicationWriteSerializer,
    AttachmentUploadSerializer,
    ReplySerializer,
    UrgentFlagSerializer,
    VersionSerializer,
)
from .serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    AttachmentSerializer,
    QueueCountsSerializer,
)

# ---------------------------------------------------------------- application views


@extend_schema(tags=[TAG_APP])
class ApplicationListCreate(generics.ListAPIView):
    serializer_class = ApplicationSerializer
    filter_backends = []
    pagination_class = Pagination

    def get_queryset(self):
        filters = query_filters(ApplicationFilter, self.request)
        return selectors.application_list(user=self.request.user, filters=filters, counted=True)

    @extend_schema(parameters=[ApplicationFilter], summary="IC applications in your scope")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ApplicationCreateSerializer,
        responses={201: ApplicationDetailSerializer},
        summary="Start a draft for the firm (staff: for a member of their office)",
    )
    def post(self, request):
        data = validated(ApplicationCreateSerializer, request.data)
        member = firm_for(request.user, data.get("member"))
        epc = _epc_for(request, member, data.get("epc"))
        application = services.application_create(by=request.user, member=member, epc=epc)
        return _application_response(request, application.slug, status.HTTP_201_CREATED)


@extend_schema(tags=[TAG_APP])
class ApplicationCounts(APIView):
    @extend_schema(
        responses=QueueCountsSerializer,
        summary="Applications per status in your scope (the office queue's counts)",
    )
    def get(self, request):
        return Response(selectors.queue_counts(user=request.user))


@extend_schema(tags=[TAG_APP])
class ApplicationDetail(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        responses=ApplicationDetailSerializer,
        summary="One application with items, attachments, queries, balance and problems",
    )
    def get(self, request, slug):
        return _application_response(request, slug)

    @extend_schema(
        request=ApplicationWriteSerializer,
        responses={200: ApplicationDetailSerializer},
        summary="Save the draft (or the application under query): details, items and version",
        description="Details left out are saved empty; `items` left out keep the saved lines. "
        "A stale `version` answers 409 with code `conflict` and saves nothing.",
    )
    def put(self, request, slug):
        application = _application(request, slug)
        data = dict(validated(ApplicationWriteSerializer, request.data))
        epc = _epc_for(request, application.member, data.pop("epc"))
        items = data.pop("items", None)
        version = data.pop("version")
        services.application_save(
            by=request.user,
            application=application,
            header=data,
            items=None if items is None else [dict(row) for row in items],
            epc=epc,
            version=version,
        )
        return _application_response(request, slug)


@extend_schema(tags=[TAG_APP])
class ApplicationAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
        summary="Attach the invoice, the draft Bill of Entry or an item's affidavit (PDF)",
    )
    def post(self, request, slug):
        application = _application(request, slug)
        data = validated(AttachmentUploadSerializer, request.data)
        attachment = services.attachment_add(
            by=request.user,
            application=application,
            kind=data["kind"],
            upload=data["file"],
            eligible_item_id=data.get("eligible_item"),
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


@_action_schema("Send the draft to the office", VersionSerializer)
class ApplicationSubmit(_ApplicationAction):
    serializer_class = VersionSerializer

    def act(self, request, application, data):
        services.application_submit(
            by=request.user, application=application, version=data["version"]
        )


@_action_schema(
    "Answer the office's query; the application goes back to the queue", ReplySerializer
)
class ApplicationReply(_ApplicationAction):
    serializer_class = ReplySerializer

    def act(self, request, application, data):
        services.query_reply(
            by=request.user, application=application, reply=data["reply"], version=data["version"]
        )


@_action_schema(
    "Member: mark the application urgent with a reason (or take the mark off); the office's "
    "queue lists it first and the office decides",
    UrgentFlagSerializer,
)
class ApplicationUrgentFlag(_ApplicationAction):
    serializer_class = UrgentFlagSerializer

    def act(self, request, application, data):
        services.application_mark_urgent(
            by=request.user,
            application=application,
            urgent=data["urgent"],
            reason=data.get("reason", ""),
            version=data["version"],
        )


@_action_schema("Withdraw the application")
class ApplicationWithdraw(_ApplicationAction):
    def act(self, request, application, data):
        services.application_withdraw(by=request.user, application=application)


@extend_schema(tags=[TAG_APP])
class ApplicationClone(APIView):
    @extend_schema(
        request=None,
        responses={201: ApplicationDetailSerializer},
        summary="A new draft with the same supplier, port, channel and items",
    )
    def post(self, request, slug):
        copy = services.application_clone(by=request.user, application=_application(request, slug))
        return _application_response(request, copy.slug, status.HTTP_201_CREATED)
