"""API: check a PDF, or look a certificate up by its verification code, IRN or IC number. Open to
anyone, under the anonymous rate (the /verify/ page counts against the same one).

The answer joins the IC, its signed file (documents) and its numbered paper copies (dispatch's
register), so it is served from here: documents sits below dispatch and cannot read the register.
The HTML page keeps its home in documents and shows the copies through dispatch's template tag."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from icportal.common.dates import IST
from icportal.common.parsers import MultiPartParser
from icportal.documents.models import DocStatus
from icportal.documents.verification import (
    MAX_UPLOAD,
    certificate_by_code,
    pdf_check,
    signature_summary,
)

from .selectors import copies_for_verification
from .verification import NOT_FOUND, certificate_lookup, public_facts


class SignatureSerializer(serializers.Serializer):
    """The signature judged across time: valid when made while the certificate was valid."""

    valid = serializers.BooleanField()
    code = serializers.ChoiceField(
        choices=[
            "valid",
            "revoked_later",
            "signed_after_revocation",
            "untrusted",
            "broken",
            "unchecked",
        ]
    )
    lines = serializers.ListField(child=serializers.CharField())
    signed_at = serializers.DateTimeField(allow_null=True, required=False)
    tsa = serializers.CharField(allow_blank=True, required=False)
    revoked_at = serializers.DateTimeField(allow_null=True, required=False)
    level = serializers.CharField(allow_blank=True, required=False)


class CertificateStatusSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    issued_on = serializers.DateField()
    office = serializers.CharField()
    member_name = serializers.CharField()
    iec = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    superseded_by = serializers.CharField(allow_null=True)
    sha256 = serializers.CharField(allow_null=True)
    signature = SignatureSerializer(allow_null=True)
    physical_copies = serializers.ListField(child=serializers.DictField())


def _status(certificate) -> dict:
    document = getattr(certificate, "document", None)
    replaced_by = getattr(certificate, "replaced_by", None)
    return {
        "number": certificate.number,
        "status": certificate.status,
        "status_label": certificate.get_status_display(),
        "issued_on": certificate.issued_at.astimezone(IST).date(),
        "office": certificate.office.name,
        "member_name": certificate.member.legal_name,
        "iec": certificate.member.iec,
        "value": certificate.value,
        "superseded_by": replaced_by.number if replaced_by else None,
        "sha256": document.sha256 if document and document.status == DocStatus.SIGNED else None,
        "signature": signature_summary(document),
        "physical_copies": copies_for_verification(certificate),
    }


class VerifyCodeView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(responses=CertificateStatusSerializer, summary="A certificate by its code")
    def get(self, request, code: str):
        return Response(CertificateStatusSerializer(_status(certificate_by_code(code))).data)


class PublicFactsSerializer(serializers.Serializer):
    number = serializers.CharField()
    standing = serializers.ChoiceField(choices=["in_force", "cancelled", "replaced"])
    standing_label = serializers.CharField()
    replaced_by = serializers.CharField(allow_null=True)
    issued_on = serializers.DateField()
    office = serializers.CharField()
    firm = serializers.CharField()
    iec = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    uploader_icegate_id = serializers.CharField(allow_null=True)
    signature = SignatureSerializer(allow_null=True)


class VerifyUploadView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AnonRateThrottle]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="An IC by its IRN or IC number: in force, cancelled or replaced",
        operation_id="verify_search",
        parameters=[
            OpenApiParameter("q", str, required=True, description="The IRN or the IC number")
        ],
        responses={200: PublicFactsSerializer},
    )
    def get(self, request):
        """What /verify/?q= shows, for software; an unknown reference is one neutral 404."""
        query = (request.query_params.get("q") or "").strip()[:80]
        if not query:
            return _refuse("invalid", _("Send ?q=<IRN or IC number>."), 400)
        certificate = certificate_lookup(query=query)
        if certificate is None:
            return _refuse("not_found", _(NOT_FOUND), 404)
        return Response(PublicFactsSerializer(public_facts(certificate)).data)

    @extend_schema(
        summary="Is this PDF a genuine, unaltered certificate of the council?",
        request={
            "multipart/form-data": inline_serializer(
                "VerifyUpload", {"file": serializers.FileField()}
            )
        },
        responses=inline_serializer(
            "VerifyResult",
            {
                "genuine": serializers.BooleanField(),
                "verdict": serializers.CharField(),
                "message": serializers.CharField(),
                "signature": SignatureSerializer(allow_null=True),
                "version": serializers.IntegerField(allow_null=True),
                "certificate": CertificateStatusSerializer(allow_null=True),
            },
        ),
    )
    def post(self, request):
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD + 64 * 1024:
            return _refuse("too_large", _("The file is larger than 5 MB."), 413)
        upload = request.FILES.get("file")
        if upload is None:
            return _refuse("invalid", _("Send the PDF as the multipart field `file`."), 400)
        if upload.size > MAX_UPLOAD:
            return _refuse("too_large", _("The file is larger than 5 MB."), 413)
        verdict = pdf_check(upload.read())
        if verdict.code in ("not_pdf", "too_large"):
            return _refuse(verdict.code, verdict.message, 400 if verdict.code == "not_pdf" else 413)
        document = verdict.document
        return Response(
            {
                "genuine": verdict.genuine,
                "verdict": verdict.code,
                "message": verdict.message,
                "signature": verdict.details.get("signing"),
                "version": verdict.details.get("version"),
                "certificate": (
                    CertificateStatusSerializer(_status(document.certificate)).data
                    if document
                    else None
                ),
            }
        )


def _refuse(code: str, message: str, status: int) -> Response:
    return Response({"error": {"code": code, "message": message}}, status=status)
