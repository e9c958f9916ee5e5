"""Import Certificate API: applications, scrutiny, issue, cancel/replace and the assessed BoE.

Applications and certificates are addressed by their reference slug (CLE-CHN-IC-2026-27-000001),
never by database id. Every read goes through the selectors, which scope by role, so another firm's
(or another office's) record answers 404; a member calling a staff action on its own record gets
403 from the service. A stale `version` answers 409 with code `conflict`.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.entitlements.api import (
    FY_REGEX,
    MAX_ID,
    IdField,
    Pagination,
    firm_for,
    money,
    person,
    query_filters,
    validated,
)
from icportal.entitlements.models import EntitlementAccount
from icportal.entitlements.selectors import epc_list
from icportal.members.models import RegistrationStatus

from . import selectors, services
from .models import (
    EDITABLE_STATUSES,
    Application,
    AppStatus,
    AssessedBoe,
    Attachment,
    AttachmentKind,
    CertStatus,
    Channel,
    DeliveryMode,
    ImportCertificate,
    Item,
    Query,
    UrgentRequest,
)
from .services.applications import submission_problems
from .services.reconciliation import boe_due_date

TAG_APP = "IC applications"
TAG_CERT = "import certificates"
ICEGATE_WARNING = (
    "The firm is not verified on ICEGATE, so an electronic IC cannot reach it. Register the "
    "firm's ICEGATE ID (PUT /api/v1/members/{iec}/icegate-registration/) and ask the office to "
    "verify it before the IC is issued."
)


# ---------------------------------------------------------------- serializers: applications


class ItemSerializer(serializers.ModelSerializer):
    eligible_item_name = serializers.CharField(source="eligible_item.name")

    class Meta:
        model = Item
        fields = [
            "line_no",
            "eligible_item",
            "eligible_item_name",
            "description",
            "hs_code",
            "quantity",
            "unit",
            "value_inr",
            "currency",
            "foreign_amount",
            "exchange_rate",
        ]


class ItemInputSerializer(serializers.Serializer):
    eligible_item = IdField(help_text="Id of an eligible item of the EPC's segment group")
    description = serializers.CharField(max_length=300)
    hs_code = serializers.CharField(max_length=12, help_text="8 digits, like 83089011")
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    unit = serializers.CharField(max_length=10, help_text="PCS, NOS, PRS, SET, DOZ, KGS, …")
    value_inr = money(help_text="Value in rupees, more than zero")
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    foreign_amount = money(required=False, allow_null=True, default=None)
    exchange_rate = serializers.DecimalField(
        max_digits=12, decimal_places=4, required=False, allow_null=True, default=None
    )


class HeaderSerializer(serializers.Serializer):
    """An application's details; a draft may leave any of them empty."""

    invoice_no = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    invoice_date = serializers.DateField(required=False, allow_null=True, default=None)
    supplier_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    supplier_address = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    country_of_origin = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="", help_text="ISO code, like CN"
    )
    port_code = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text="Like INMAA1"
    )
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default=Channel.ICES)
    boe_no = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    boe_date = serializers.DateField(required=False, allow_null=True, default=None)


class ApplicationWriteSerializer(HeaderSerializer):
    epc = IdField(required=False, allow_null=True, default=None)
    items = ItemInputSerializer(
        many=True,
        required=False,
        max_length=500,
        help_text="All the item lines (replacing the saved ones); leave out to keep them",
    )
    version = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, help_text="The version you read; a stale one answers 409"
    )


class ApplicationCreateSerializer(serializers.Serializer):
    epc = IdField(required=False, allow_null=True, default=None, help_text="An approved EPC")
    member = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="IEC; staff only"
    )


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = person("uploaded_by")

    class Meta:
        model = Attachment
        fields = ["id", "kind", "original_name", "size", "sha256", "uploaded_by", "uploaded_at"]


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField(max_length=200, help_text="PDF, size-limited")


class ApplicationQuerySerializer(serializers.ModelSerializer):
    asked_by = person("asked_by")
    replied_by = person("replied_by")

    class Meta:
        model = Query
        fields = ["question", "asked_by", "asked_at", "reply", "replied_by", "replied_at"]


class UrgentRequestSerializer(serializers.ModelSerializer):
    application = serializers.CharField(source="application.slug")
    requested_by = person("requested_by")
    decided_by = person("decided_by")

    class Meta:
        model = UrgentRequest
        fields = [
            "id",
            "application",
            "reason",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    slug = serializers.CharField()
    member_iec = serializers.CharField(source="member.iec")
    member_name = serializers.CharField(source="member.legal_name")
    office = serializers.CharField(source="office.code")
    epc = serializers.IntegerField(source="epc_id", allow_null=True)
    epc_number = serializers.CharField(source="epc.number", default=None)
    assigned_to = person("assigned_to")
    certificate_number = serializers.SerializerMethodField()
    sla_age_days = serializers.SerializerMethodField(
        help_text="Working days since submission (the council promises one)"
    )

    class Meta:
        model = Application
        fields = [
            "slug",
            "reference",
            "status",
            "member_iec",
            "member_name",
            "office",
            "epc",
            "epc_number",
            "channel",
            "invoice_no",
            "total_value",
            "service_charge",
            "created_at",
            "submitted_at",
            "sla_age_days",
            "assigned_to",
            "certificate_number",
            "version",
        ]

    def get_certificate_number(self, application) -> str | None:
        certificate = getattr(application, "certificate", None)
        return certificate.number if certificate else None

    def get_sla_age_days(self, application) -> int | None:
        return selectors.sla_age(application)


class ApplicationDetailSerializer(ApplicationSerializer):
    items = ItemSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    queries = ApplicationQuerySerializer(many=True)
    urgent_requests = UrgentRequestSerializer(many=True)
    entitlement_balance = serializers.SerializerMethodField()
    balance_after = serializers.SerializerMethodField(help_text="The balance once this IC issues")
    icegate_warning = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField(
        help_text="What still stops submission, by field (drafts and queries only)"
    )
    charge_receipt_no = serializers.CharField()
    decided_by = person("decided_by")
    created_by = person("created_by")
    cloned_from = serializers.CharField(source="cloned_from.slug", default=None)

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "invoice_date",
            "supplier_name",
            "supplier_address",
            "country_of_origin",
            "port_code",
            "boe_no",
            "boe_date",
            "items",
            "attachments",
            "queries",
            "urgent_requests",
            "entitlement_balance",
            "balance_after",
            "icegate_warning",
            "problems",
            "charge_receipt_no",
            "charge_paid_recorded_at",
            "reject_reason",
            "decided_by",
            "decided_at",
            "created_by",
            "cloned_from",
        ]

    def _balance(self, application):
        if not hasattr(application, "_api_balance"):
            account = None
            if application.epc is not None:
                account = EntitlementAccount.objects.filter(
                    member_id=application.member_id,
                    financial_year=application.epc.financial_year,
                    segment_group_id=application.epc.segment_group_id,
                ).first()
            application._api_balance = account.balance if account else None
        return application._api_balance

    @extend_schema_field(money(allow_null=True))
    def get_entitlement_balance(self, application):
        balance = self._balance(application)
        return None if balance is None else str(balance)

    @extend_schema_field(money(allow_null=True))
    def get_balance_after(self, application):
        balance = self._balance(application)
        return None if balance is None else str(balance - application.total_value)

    def get_icegate_warning(self, application) -> str | None:
        registration = getattr(application.member, "icegate_registration", None)
        verified = registration is not None and registration.status == RegistrationStatus.VERIFIED
        if application.channel == Channel.ICES and not verified:
            return ICEGATE_WARNING
        return None

    @extend_schema_field(
        serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    )
    def get_problems(self, application):
        if application.status not in EDITABLE_STATUSES:
            return {}
        return submission_problems(application)


# ---------------------------------------------------------------- serializers: actions


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, required=False, allow_null=True, default=None
    )


class ReplySerializer(VersionSerializer):
    reply = serializers.CharField(max_length=5000)


class QuestionSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=5000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ChargeSerializer(serializers.Serializer):
    receipt_no = serializers.CharField(max_length=40)


class ReplaceSerializer(HeaderSerializer):
    items = ItemInputSerializer(many=True, min_length=1, max_length=500)
    reason = serializers.CharField(max_length=2000, help_text="What changed: the member sees it")


class BoeReportSerializer(serializers.Serializer):
    boe_no = serializers.CharField(max_length=20)
    boe_date = serializers.DateField()
    port_code = serializers.CharField(max_length=20)
    assessed_value = money()
    assessed_copy = serializers.FileField(max_length=200, help_text="The assessed copy (PDF)")


class BoeReviewSerializer(serializers.Serializer):
    post_adjustment = serializers.BooleanField(
        default=False,
        help_text="Bring the entitlement in line with the assessed value (ledger adjustment)",
    )


# ---------------------------------------------------------------- serializers: certificates


class CertificateSerializer(serializers.ModelSerializer):
    slug = serializers.CharField()
    member_iec = serializers.CharField(source="member.iec")
    member_name = serializers.CharField(source="member.legal_name")
    office = serializers.CharField(source="office.code")
    application = serializers.CharField(source="application.slug")
    replaces = serializers.CharField(source="replaces.number", default=None)
    replaced_by = serializers.SerializerMethodField()

    class Meta:
        model = ImportCertificate
        fields = [
            "number",
            "slug",
            "status",
            "member_iec",
            "member_name",
            "office",
            "financial_year",
            "value",
            "balance_after",
            "delivery_mode",
            "issued_at",
            "application",
            "replaces",
            "replaced_by",
        ]

    def get_replaced_by(self, certificate) -> str | None:
        replacement = getattr(certificate, "replaced_by", None)
        return replacement.number if replacement else None


class AssessedBoeSerializer(serializers.ModelSerializer):
    certificate = serializers.CharField(source="certificate.number")
    certificate_slug = serializers.CharField(source="certificate.slug")
    ic_value = money(source="certificate.value")
    difference = money(help_text="Assessed value − IC value")
    adjustment = money(source="adjustment.amount", default=None, allow_null=True)
    reported_by = person("reported_by")
    reviewed_by = person("reviewed_by")

    class Meta:
        model = AssessedBoe
        fields = [
            "id",
            "certificate",
            "certificate_slug",
            "boe_no",
            "boe_date",
            "port_code",
            "assessed_value",
            "ic_value",
            "difference",
            "reported_by",
            "reported_at",
            "reviewed_by",
            "reviewed_at",
            "adjustment",
        ]


class CertificateDetailSerializer(CertificateSerializer):
    sequence = serializers.IntegerField()
    uploader_icegate_id = serializers.CharField(
        source="office.icegate_id",
        help_text="The ICEGATE ID to quote with the IRN: the issuing office's",
    )
    epc_number = serializers.CharField(source="epc.number")
    segment_group = serializers.CharField(source="account.segment_group.code")
    delivery_mode_label = serializers.CharField(source="get_delivery_mode_display")
    customs_discretion = serializers.SerializerMethodField(
        help_text="Urgent physical IC: acceptance is at the discretion of Customs"
    )
    issued_by = person("issued_by")
    second_approver = person("second_approver")
    cancelled_by = person("cancelled_by")
    replaces_slug = serializers.CharField(source="replaces.slug", default=None)
    replaced_by_slug = serializers.SerializerMethodField()
    items = ItemSerializer(source="application.items", many=True)
    invoice_no = serializers.CharField(source="application.invoice_no")
    invoice_date = serializers.DateField(source="application.invoice_date")
    supplier_name = serializers.CharField(source="application.supplier_name")
    country_of_origin = serializers.CharField(source="application.country_of_origin")
    port_code = serializers.CharField(source="application.port_code")
    channel = serializers.CharField(source="application.channel")
    boe_no = serializers.CharField(source="application.boe_no")
    boe_date = serializers.DateField(source="application.boe_date")
    boe_due_date = serializers.SerializerMethodField(
        help_text="Report the assessed Bill of Entry by this date"
    )
    assessed_boe = serializers.SerializerMethodField()

    class Meta(CertificateSerializer.Meta):
        fields = [
            *CertificateSerializer.Meta.fields,
            "sequence",
            "uploader_icegate_id",
            "document_type_code",
            "notification_number",
            "notification_serials",
            "epc_number",
            "segment_group",
            "delivery_mode_label",
            "customs_discretion",
            "issued_by",
            "second_approver",
            "urgent_reason",
            "replaces_slug",
            "replaced_by_slug",
            "replace_reason",
            "cancel_reason",
            "cancelled_by",
            "cancelled_at",
            "verification_code",
            "invoice_no",
            "invoice_date",
            "supplier_name",
            "country_of_origin",
            "port_code",
            "channel",
            "boe_no",
            "boe_date",
            "items",
            "boe_due_date",
            "assessed_boe",
        ]

    def get_customs_discretion(self, certificate) -> bool:
        return certificate.delivery_mode == DeliveryMode.URGENT_PHYSICAL

    def get_replaced_by_slug(self, certificate) -> str | None:
        replacement = getattr(certificate, "replaced_by", None)
        return replacement.slug if replacement else None

    @extend_schema_field(serializers.DateField())
    def get_boe_due_date(self, certificate):
        return boe_due_date(certificate).isoformat()

    @extend_schema_field(AssessedBoeSerializer(allow_null=True))
    def get_assessed_boe(self, certificate):
        report = AssessedBoe.objects.filter(certificate=certificate).first()
        return AssessedBoeSerializer(report).data if report else None


QueueCountsSerializer = type(
    "QueueCountsSerializer",
    (serializers.Serializer,),
    {value: serializers.IntegerField(help_text=label) for value, label in AppStatus.choices},
)


# ---------------------------------------------------------------- filters


class ApplicationFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=AppStatus.choices, required=False)
    open = serializers.BooleanField(
        required=False, default=False, help_text="Submitted or under query"
    )
    office = serializers.CharField(max_length=3, required=False, allow_blank=True)
    assigned = serializers.ChoiceField(choices=["me", "nobody"], required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Reference, member name, IEC, invoice, BoE or IC number",
    )
    sort = serializers.ChoiceField(choices=sorted(selectors.APPLICATION_SORTS), required=False)


class CertificateFilter(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="IC number, member name, IEC, invoice or BoE number",
    )
    status = serializers.ChoiceField(choices=CertStatus.choices, required=False)
    financial_year = serializers.RegexField(FY_REGEX, required=False, allow_blank=True)
    delivery_mode = serializers.ChoiceField(choices=DeliveryMode.choices, required=False)


class BoeFilter(serializers.Serializer):
    pending = serializers.BooleanField(
        required=False, default=False, help_text="Only reports not yet reviewed"
    )


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
        raise serializers.ValidationError({"epc": ["Choose one of the firm's approved EPCs"]})
    return epc


def _urgent(request, pk) -> UrgentRequest:
    visible = selectors.application_list(user=request.user).values("pk")
    urgent = (
        UrgentRequest.objects.select_related("application")
        .filter(pk=pk, application__in=visible)
        .first()
    )
    if urgent is None:
        raise Http404("No such urgent request")
    return urgent


# ---------------------------------------------------------------- application views


@extend_schema(tags=[TAG_APP])
class ApplicationListCreate(generics.ListAPIView):
    serializer_class = ApplicationSerializer
    filter_backends = []
    pagination_class = Pagination

    def get_queryset(self):
        filters = query_filters(ApplicationFilter, self.request)
        return selectors.application_list(user=self.request.user, filters=filters)

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
        summary="Attach the invoice or the draft Bill of Entry (PDF)",
    )
    def post(self, request, slug):
        application = _application(request, slug)
        data = validated(AttachmentUploadSerializer, request.data)
        attachment = services.attachment_add(
            by=request.user, application=application, kind=data["kind"], upload=data["file"]
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


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


@_action_schema("Withdraw the application")
class ApplicationWithdraw(_ApplicationAction):
    def act(self, request, application, data):
        services.application_withdraw(by=request.user, application=application)


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
class ApplicationClone(APIView):
    @extend_schema(
        request=None,
        responses={201: ApplicationDetailSerializer},
        summary="A new draft with the same supplier, port, channel and items",
    )
    def post(self, request, slug):
        copy = services.application_clone(by=request.user, application=_application(request, slug))
        return _application_response(request, copy.slug, status.HTTP_201_CREATED)


@extend_schema(tags=[TAG_APP])
class ApplicationIssue(APIView):
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


@extend_schema(tags=[TAG_APP])
class UrgentApprove(APIView):
    @extend_schema(
        request=None,
        responses={201: CertificateDetailSerializer},
        summary="Second officer: approve and issue the urgent physical IC",
    )
    def post(self, request, pk):
        certificate = services.urgent_approve(by=request.user, request=_urgent(request, pk))
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
        return selectors.certificate_list(user=self.request.user, filters=filters)

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

    @extend_schema(summary="Issued ICs whose assessed Bill of Entry is overdue (7 days)")
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
            raise Http404("No such report")
        data = validated(BoeReviewSerializer, request.data)
        services.boe_adjust(by=request.user, report=report, post_adjustment=data["post_adjustment"])
        return Response(AssessedBoeSerializer(_boe_queryset(request.user).get(pk=pk)).data)
