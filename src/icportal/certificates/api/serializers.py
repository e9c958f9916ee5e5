"""What the certificates API answers with: applications, certificates and assessed BoEs."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from icportal.common.api_fields import money, person
from icportal.entitlements.selectors import balance_for_application
from icportal.members.models import RegistrationStatus

from .. import selectors
from ..models import (
    EDITABLE_STATUSES,
    Application,
    AppStatus,
    AssessedBoe,
    Attachment,
    Channel,
    DeliveryMode,
    ImportCertificate,
    Item,
    Query,
    UrgentRequest,
)
from ..services.applications import submission_problems
from ..services.reconciliation import boe_due_date

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


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = person("uploaded_by")

    class Meta:
        model = Attachment
        fields = [
            "id",
            "kind",
            "eligible_item",
            "original_name",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
        ]


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
            "urgent",
            "urgent_reason",
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
        if not hasattr(application, "_api_balance"):  # both fields below read it once
            application._api_balance = balance_for_application(application=application)
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
