"""Shared by the certificates API views: tags, scoped look-ups and the action base view."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.accounts.otp import SecondFactorForSigning
from icportal.common.api_fields import validated
from icportal.common.permissions import BodyReadable
from icportal.entitlements.selectors import epc_list

from .. import selectors
from ..models import Application, UrgentRequest
from .serializers import ApplicationDetailSerializer, CertificateDetailSerializer

TAG_APP = "IC applications"
TAG_CERT = "import certificates"
# Issue, replace, cancel: the actions that need the two-step code on the website need it here too.
SIGNING = [IsAuthenticated, BodyReadable, SecondFactorForSigning]


# ---------------------------------------------------------------- helpers


def _application(request, slug) -> Application:
    return selectors.application_get(user=request.user, slug=slug)


def _application_response(request, slug, code=status.HTTP_200_OK) -> Response:
    application = selectors.application_get(user=request.user, slug=slug)
    return Response(ApplicationDetailSerializer(application).data, status=code)


def _certificate_response(request, slug, code=status.HTTP_200_OK) -> Response:
    certificate = selectors.certificate_get(user=request.user, slug=slug)
    return Response(CertificateDetailSerializer(certificate).data, status=code)


def _epc_for(request, member, epc_id):
    if epc_id is None:
        return None
    epc = epc_list(user=request.user).filter(pk=epc_id, member=member).first()
    if epc is None:
        raise serializers.ValidationError({"epc": [_("Choose one of the firm's approved EPCs")]})
    return epc


def _urgent(request, pk) -> UrgentRequest:
    visible = selectors.application_list(user=request.user).values("pk")
    urgent = (
        UrgentRequest.objects.select_related("application")
        .filter(pk=pk, application__in=visible)
        .first()
    )
    if urgent is None:
        raise Http404(_("No such urgent request"))
    return urgent


# ---------------------------------------------------------------- action views


class _ApplicationAction(APIView):
    """POST {…} → service(by, application, **fields) → the application again."""

    serializer_class: type[serializers.Serializer] | None = None
    result_status = status.HTTP_200_OK

    def act(self, request, application, data):
        raise NotImplementedError

    def post(self, request, slug):
        application = _application(request, slug)
        data = validated(self.serializer_class, request.data) if self.serializer_class else {}
        self.act(request, application, data)
        return _application_response(request, slug)


def _action_schema(summary, request=None, responses=ApplicationDetailSerializer):
    return extend_schema(tags=[TAG_APP], summary=summary, request=request, responses=responses)
