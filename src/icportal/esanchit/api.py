"""API: uploads (scoped list, retry) and manual batches (list, build, record IRN/DRN, ZIP)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.accounts.roles import require_staff
from icportal.audit.services import audit_download
from icportal.common.api_fields import validated
from icportal.common.numbers import IdField

from . import batches, selectors, services
from .models import Upload


class UploadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    certificate_number = serializers.CharField(source="certificate.number")
    iec = serializers.CharField(source="certificate.member.iec")
    office = serializers.CharField(source="office.code")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    mode = serializers.CharField()
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()
    rejection_codes = serializers.ListField(child=serializers.DictField())
    irn = serializers.CharField()
    drn = serializers.CharField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    batch = serializers.IntegerField(source="batch_id", allow_null=True)
    created_at = serializers.DateTimeField()


class BatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    office = serializers.CharField(source="office.code")
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    uploads = UploadSerializer(many=True)


_FILTERS = [
    OpenApiParameter(name, str, description=text)
    for name, text in (
        ("status", "waiting, uploading, accepted, rejected or failed_retrying"),
        ("mode", "gateway or manual"),
        ("q", "IC number, IRN, DRN or IEC"),
        ("sort", ", ".join(selectors.UPLOAD_SORTS)),
    )
]


@extend_schema(parameters=_FILTERS, summary="e-SANCHIT uploads you may see")
class UploadListView(generics.ListAPIView):
    serializer_class = UploadSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Upload.objects.none()
        filters = {k: self.request.query_params.get(k, "") for k in ("status", "mode", "q", "sort")}
        return selectors.upload_list(user=self.request.user, filters=filters)


class UploadRetryView(APIView):
    @extend_schema(request=None, responses=UploadSerializer, summary="Upload again now (staff)")
    def post(self, request, pk: int):
        upload = selectors.upload_get(user=request.user, pk=pk)
        return Response(
            UploadSerializer(services.upload_retry(by=request.user, upload=upload)).data
        )


class BatchCreateSerializer(serializers.Serializer):
    uploads = serializers.ListField(
        child=IdField(), min_length=1, max_length=batches.MAX_BATCH, help_text="Upload ids"
    )


class BatchRecordSerializer(serializers.Serializer):
    table = serializers.CharField(
        trim_whitespace=False,
        help_text=f"At most {batches.TABLE_MAX_LINES} lines: file name or IC number, IRN, DRN",
    )


class BatchListView(APIView):
    @extend_schema(responses=BatchSerializer(many=True), summary="Manual upload batches (staff)")
    def get(self, request):
        uploads = Upload.objects.select_related("certificate__member", "office")
        found = selectors.batch_list(user=request.user).prefetch_related(
            Prefetch("uploads", queryset=uploads)
        )[:100]
        return Response(BatchSerializer(found, many=True).data)

    @extend_schema(
        request=BatchCreateSerializer,
        responses={201: BatchSerializer},
        summary="Build a manual upload batch of up to 10 waiting ICs",
    )
    def post(self, request):
        require_staff(request.user)
        ids = validated(BatchCreateSerializer, request.data)["uploads"]
        chosen = list(selectors.batch_candidates(user=request.user).filter(pk__in=ids))
        if len(chosen) != len(set(ids)):
            raise serializers.ValidationError({"uploads": [_("Some uploads cannot be batched")]})
        batch = batches.batch_create(by=request.user, uploads=chosen)
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class BatchRecordView(APIView):
    @extend_schema(
        request=BatchRecordSerializer,
        responses=inline_serializer("BatchRecorded", {
            "recorded": UploadSerializer(many=True),
            "errors": serializers.ListField(child=serializers.CharField()),
            "complete": serializers.BooleanField()}),
        summary="Record IRN and DRN per file: lines of file name or IC number, IRN, DRN",
    )  # fmt: skip
    def post(self, request, pk: int):
        batch = selectors.batch_get(user=request.user, pk=pk)
        table = validated(BatchRecordSerializer, request.data)["table"]
        lines, errors = batches.table_parse(table)
        recorded, line_errors = batches.batch_record(by=request.user, batch=batch, entries=lines)
        data = {
            "recorded": UploadSerializer(recorded, many=True).data,
            "errors": errors + line_errors,
            "complete": batch.complete,
        }
        return Response(data, status=status.HTTP_200_OK)


class BatchZipView(APIView):
    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY}, summary="Batch ZIP")
    def get(self, request, pk: int):
        batch = selectors.batch_get(user=request.user, pk=pk)
        audit_download(
            request=request,
            target=batch,
            what=f"the ZIP of signed PDFs of manual upload batch {batch.pk}",
            name=f"esanchit-batch-{batch.pk}.zip",
            office=batch.office,
        )
        response = HttpResponse(batches.batch_zip(batch=batch), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="esanchit-batch-{batch.pk}.zip"'
        return response
