"""Staff actions on an application: assign, query, reject, charge, issue and ask for urgency."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.common.api_fields import validated

from .. import services
from .common import (
    SIGNING,
    TAG_APP,
    _action_schema,
    _application,
    _ApplicationAction,
    _certificate_response,
)
from .inputs import ChargeSerializer, QuestionSerializer, ReasonSerializer, VersionSerializer
from .serializers import CertificateDetailSerializer, UrgentRequestSerializer

# ---------------------------------------------------------------- staff actions


@_action_schema("Staff: assign the application to me")
class ApplicationAssign(_ApplicationAction):
    def act(self, request, application, data):
        services.application_assign(by=request.user, application=application)


@_action_schema("Staff: raise a query to the member (who is e-mailed)", QuestionSerializer)
class ApplicationQueryRaise(_ApplicationAction):
    serializer_class = QuestionSerializer

    def act(self, request, application, data):
        services.query_raise(by=request.user, application=application, question=data["question"])


@_action_schema("Staff: reject with a reason (the member sees it)", ReasonSerializer)
class ApplicationReject(_ApplicationAction):
    serializer_class = ReasonSerializer

    def act(self, request, application, data):
        services.application_reject(by=request.user, application=application, reason=data["reason"])


@_action_schema("Staff: record the service charge as paid, with the receipt", ChargeSerializer)
class ApplicationCharge(_ApplicationAction):
    serializer_class = ChargeSerializer

    def act(self, request, application, data):
        services.charge_record(
            by=request.user, application=application, receipt_no=data["receipt_no"]
        )


@extend_schema(tags=[TAG_APP])
class ApplicationIssue(APIView):
    permission_classes = SIGNING

    @extend_schema(
        request=VersionSerializer,
        responses={201: CertificateDetailSerializer},
        summary="Staff: approve and issue (number, ledger debit and delivery mode in one go)",
    )
    def post(self, request, slug):
        application = _application(request, slug)
        data = validated(VersionSerializer, request.data)
        certificate = services.certificate_issue(
            by=request.user, application=application, version=data["version"]
        )
        return _certificate_response(request, certificate.slug, status.HTTP_201_CREATED)


@extend_schema(tags=[TAG_APP])
class ApplicationUrgent(APIView):
    @extend_schema(
        request=ReasonSerializer,
        responses={201: UrgentRequestSerializer},
        summary="Staff: ask for an urgent physical IC (a second officer approves)",
    )
    def post(self, request, slug):
        application = _application(request, slug)
        data = validated(ReasonSerializer, request.data)
        urgent = services.urgent_request(
            by=request.user, application=application, reason=data["reason"]
        )
        return Response(UrgentRequestSerializer(urgent).data, status=status.HTTP_201_CREATED)
