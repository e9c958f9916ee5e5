"""Urgent requests' decisions, issued certificates (cancel, replace) and the assessed BoEs."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.accounts import otp
from icportal.common.api import Pagination
from icportal.common.api_fields import query_filters, validated
from icportal.common.parsers import JSONParser, MultiPartParser

from .. import selectors, services
from ..models import UrgentRequest
from .common import SIGNING, TAG_APP, TAG_CERT, _certificate_response, _urgent
from .inputs import (
    BoeFilter,
    BoeReportSerializer,
    BoeReviewSerializer,
    CertificateFilter,
    OptionalReasonSerializer,
    ReasonSerializer,
    ReplaceSerializer,
)
from .serializers import (
    AssessedBoeSerializer,
    CertificateDetailSerializer,
    CertificateSerializer,
    UrgentRequestSerializer,
)

# ---------------------------------------------------------------- urgent requests


@extend_schema(tags=[TAG_APP])
class UrgentApprove(APIView):
    permission_classes = SIGNING

    @extend_schema(
        request=None,
        responses={201: CertificateDetailSerializer},
        summary="Second officer: approve and issue the urgent physical IC",
    )
    def post(self, request, pk):
        certificate = services.urgent_approve(
            by=request.user,
            request=_urgent(request, pk),
            second_factor=otp.request_verified(request),
        )
        return _certificate_response(request, certificate.slug, status.HTTP_201_CREATED)


@extend_schema(tags=[TAG_APP])
class UrgentDecline(APIView):
    @extend_schema(
        request=OptionalReasonSerializer,
        responses=UrgentRequestSerializer,
        summary="Second officer: decline the urgent physical IC",
    )
    def post(self, request, pk):
        urgent = _urgent(request, pk)
        data = validated(OptionalReasonSerializer, request.data)
        urgent = services.urgent_decline(by=request.user, request=urgent, reason=data["reason"])
        urgent = UrgentRequest.objects.select_related(
            "application", "requested_by", "decided_by"
        ).get(pk=urgent.pk)
        return Response(UrgentRequestSerializer(urgent).data)


# ---------------------------------------------------------------- certificate views


@extend_schema(tags=[TAG_CERT])
class CertificateList(generics.ListAPIView):
    serializer_class = CertificateSerializer
    filter_backends = []
    pagination_class = Pagination

    def get_queryset(self):
        filters = query_filters(CertificateFilter, self.request)
        return selectors.certificate_list(user=self.request.user, filters=filters, counted=True)

    @extend_schema(parameters=[CertificateFilter], summary="Issued ICs in your scope, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[TAG_CERT])
class CertificateDetail(APIView):
    @extend_schema(
        responses=CertificateDetailSerializer,
        summary="One IC: items, delivery mode, the ICEGATE ID to quote, notification, links",
    )
    def get(self, request, slug):
        return _certificate_response(request, slug)


@extend_schema(tags=[TAG_CERT])
class CertificateCancel(APIView):
    permission_classes = SIGNING

    @extend_schema(
        request=ReasonSerializer,
        responses=CertificateDetailSerializer,
        summary="Staff: cancel the IC (the debit is reversed; the member is told)",
    )
    def post(self, request, slug):
        certificate = selectors.certificate_get(user=request.user, slug=slug)
        data = validated(ReasonSerializer, request.data)
        services.certificate_cancel(by=request.user, certificate=certificate, reason=data["reason"])
        return _certificate_response(request, slug)


@extend_schema(tags=[TAG_CERT])
class CertificateReplace(APIView):
    parser_classes = [JSONParser]
    permission_classes = SIGNING

    @extend_schema(
        request=ReplaceSerializer,
        responses={201: CertificateDetailSerializer},
        summary="Staff: replace the IC with corrected details (new number; original superseded)",
    )
    def post(self, request, slug):
        certificate = selectors.certificate_get(user=request.user, slug=slug)
        data = dict(validated(ReplaceSerializer, request.data))
        items = [dict(row) for row in data.pop("items")]
        reason = data.pop("reason")
        replacement = services.certificate_replace(
            by=request.user, certificate=certificate, header=data, items=items, reason=reason
        )
        return _certificate_response(request, replacement.slug, status.HTTP_201_CREATED)


@extend_schema(tags=[TAG_CERT])
class CertificateBoeReport(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": BoeReportSerializer},
        responses={201: AssessedBoeSerializer},
        summary="Report the assessed Bill of Entry with the assessed copy (within 7 days)",
    )
    def post(self, request, slug):
        certificate = selectors.certificate_get(user=request.user, slug=slug)
        data = validated(BoeReportSerializer, request.data)
        report = services.boe_report(by=request.user, certificate=certificate, **data)
        report = selectors.boe_reports(user=request.user).get(pk=report.pk)
        return Response(AssessedBoeSerializer(report).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- assessed Bills of Entry


def _boe_queryset(user):
    return selectors.boe_reports(user=user).select_related(
        "certificate__application", "reviewed_by", "adjustment"
    )


@extend_schema(tags=[TAG_CERT])
class AssessedBoeList(generics.ListAPIView):
    serializer_class = AssessedBoeSerializer
    filter_backends = []
    pagination_class = Pagination

    def get_queryset(self):
        filters = query_filters(BoeFilter, self.request)
        qs = _boe_queryset(self.request.user)
        if filters.get("pending"):
            qs = qs.filter(reviewed_at__isnull=True)
        return qs.order_by("-reported_at", "-pk")

    @extend_schema(parameters=[BoeFilter], summary="Assessed Bills of Entry reported, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[TAG_CERT])
class AssessedBoeOverdue(generics.ListAPIView):
    serializer_class = CertificateSerializer
    filter_backends = []
    pagination_class = Pagination

    def get_queryset(self):
        return selectors.boe_overdue(user=self.request.user)

    @extend_schema(
        summary="Issued ICs whose assessed Bill of Entry report is overdue, earliest due first"
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[TAG_CERT])
class AssessedBoeReview(APIView):
    @extend_schema(
        request=BoeReviewSerializer,
        responses=AssessedBoeSerializer,
        summary="Staff: review the report, optionally posting a ledger adjustment",
    )
    def post(self, request, pk):
        report = _boe_queryset(request.user).filter(pk=pk).first()
        if report is None:
            raise Http404(_("No such report"))
        data = validated(BoeReviewSerializer, request.data)
        services.boe_adjust(by=request.user, report=report, post_adjustment=data["post_adjustment"])
        return Response(AssessedBoeSerializer(_boe_queryset(request.user).get(pk=pk)).data)
