"""What the certificates API accepts: request bodies and query filters."""

from __future__ import annotations

from rest_framework import serializers

from icportal.common.api_fields import FY_REGEX, MAX_ID, IdField, money

from .. import selectors
from ..models import AppStatus, AttachmentKind, CertStatus, Channel, DeliveryMode

# ---------------------------------------------------------------- inputs: applications


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


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField(max_length=200, help_text="PDF, size-limited")
    eligible_item = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For an affidavit: the id of the eligible item (of this application) it is for",
    )


# ---------------------------------------------------------------- serializers: actions


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, required=False, allow_null=True, default=None
    )


class ReplySerializer(VersionSerializer):
    reply = serializers.CharField(max_length=5000)


class UrgentFlagSerializer(VersionSerializer):
    urgent = serializers.BooleanField(help_text="true marks it urgent, false takes the mark off")
    reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, help_text="Required to mark it urgent"
    )


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
