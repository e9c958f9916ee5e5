"""Members API: scoped by role exactly like the pages (selectors do the scoping). `firm_for` tells
the entitlements and certificates APIs which firm a request acts for."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.accounts.roles import scope_for

from . import selectors, services
from .icegate_routes import registration_advice
from .models import IcegateRegistration, Member, RegistrationMethod, VerificationMethod
from .validation import member_data_clean, reference_data


class IcegateRegistrationSerializer(serializers.ModelSerializer):
    verified_by = serializers.CharField(source="verified_by.full_name", default=None)
    advice = serializers.SerializerMethodField(
        help_text="Null when ICEGATE's simplified registration is open to the firm; for a legacy "
        "numeric IEC: why not, and the steps of the digital-signature route"
    )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_advice(self, registration) -> dict | None:
        return registration_advice(registration.member)

    class Meta:
        model = IcegateRegistration
        fields = [
            "status",
            "icegate_id",
            "method",
            "email",
            "claimed_at",
            "verified_at",
            "verified_by",
            "verification_method",
            "note",
            "version",
            "advice",
        ]


class MemberSerializer(serializers.ModelSerializer):
    gstins = serializers.SerializerMethodField()
    segments = serializers.SerializerMethodField()
    office_code = serializers.CharField(source="office.code")
    uploader_icegate_id = serializers.CharField(
        source="office.icegate_id",
        help_text="The ICEGATE ID to quote for ICs uploaded by this member's office.",
    )
    icegate_registration = IcegateRegistrationSerializer()

    class Meta:
        model = Member
        fields = [
            "legal_name",
            "iec",
            "iec_is_legacy",
            "pan",
            "gstins",
            "segments",
            "office_code",
            "uploader_icegate_id",
            "rcmc_number",
            "rcmc_valid_from",
            "rcmc_valid_to",
            "address",
            "city",
            "state",
            "pincode",
            "gstn_email",
            "gstn_mobile",
            "icegate_registration",
        ]

    def get_gstins(self, member) -> list[str]:
        return [g.gstin for g in member.gstins.all()]

    def get_segments(self, member) -> list[str]:
        return [s.code for s in member.segments.all()]


class MemberWriteSerializer(serializers.Serializer):
    legal_name = serializers.CharField(max_length=200)
    iec = serializers.CharField(max_length=20)
    gstins = serializers.ListField(child=serializers.CharField(max_length=20), max_length=40)
    segments = serializers.ListField(child=serializers.CharField(max_length=40), max_length=6)
    office_code = serializers.CharField(max_length=3)
    gstn_email = serializers.CharField(max_length=254)
    gstn_mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    rcmc_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    rcmc_valid_from = serializers.DateField(required=False, allow_null=True)
    rcmc_valid_to = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    city = serializers.CharField(max_length=80, required=False, allow_blank=True)
    state = serializers.CharField(max_length=60, required=False, allow_blank=True)
    pincode = serializers.CharField(max_length=6, required=False, allow_blank=True)

    def validate(self, attrs):
        data, errors = member_data_clean(attrs, **reference_data())
        if errors:
            raise serializers.ValidationError(errors)
        attrs["member_data"] = data
        return attrs


def _member_payload(member):
    member = (
        Member.objects.prefetch_related("gstins", "segments")
        .select_related("office", "icegate_registration")
        .get(pk=member.pk)
    )
    return MemberSerializer(member).data


@extend_schema(
    tags=["members"],
    parameters=[
        OpenApiParameter("q", str, description="Name, IEC, GSTIN, ICEGATE ID or RCMC number"),
        OpenApiParameter("office", str),
        OpenApiParameter("segment", str),
        OpenApiParameter("icegate_status", str, enum=["not_registered", "claimed", "verified"]),
    ],
)
class MemberListCreate(generics.ListCreateAPIView):
    serializer_class = MemberSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.member_list(
            user=self.request.user, filters=self.request.query_params.dict()
        )

    @extend_schema(request=MemberWriteSerializer, responses={201: MemberSerializer})
    def post(self, request):
        serializer = MemberWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.member_create(
            by=request.user, data=serializer.validated_data["member_data"]
        )
        return Response(_member_payload(member), status=status.HTTP_201_CREATED)


@extend_schema(tags=["members"])
class MemberDetail(APIView):
    @extend_schema(responses=MemberSerializer)
    def get(self, request, iec):
        return Response(MemberSerializer(selectors.member_get(user=request.user, iec=iec)).data)

    @extend_schema(request=MemberWriteSerializer, responses=MemberSerializer)
    def put(self, request, iec):
        member = selectors.member_get(user=request.user, iec=iec)
        serializer = MemberWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.member_update(
            by=request.user, member=member, data=serializer.validated_data["member_data"]
        )
        return Response(_member_payload(member))


class ClaimSerializer(serializers.Serializer):
    icegate_id = serializers.CharField(max_length=40)
    method = serializers.ChoiceField(choices=RegistrationMethod.choices)
    email = serializers.EmailField()
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text="The version you read; a stale one is refused."
    )


class VerifySerializer(serializers.Serializer):
    how = serializers.ChoiceField(choices=VerificationMethod.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


def _run(serializer_class, request, action):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        registration = action(**serializer.validated_data)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "conflict":
            raise  # 409, as a stale version anywhere else in the API
        raise serializers.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc
    return Response(IcegateRegistrationSerializer(registration).data)


@extend_schema(tags=["ICEGATE registration"])
class IcegateRegistrationView(APIView):
    @extend_schema(responses=IcegateRegistrationSerializer)
    def get(self, request, iec):
        member = selectors.member_get(user=request.user, iec=iec)
        return Response(IcegateRegistrationSerializer(member.icegate_registration).data)

    @extend_schema(
        request=ClaimSerializer,
        responses=IcegateRegistrationSerializer,
        summary="Give (or change) the firm's ICEGATE ID for the office to verify",
    )
    def put(self, request, iec):
        member = selectors.member_get(user=request.user, iec=iec)
        return _run(
            ClaimSerializer,
            request,
            lambda **kw: services.icegate_registration_claim(by=request.user, member=member, **kw),
        )


@extend_schema(
    tags=["ICEGATE registration"],
    request=VerifySerializer,
    responses=IcegateRegistrationSerializer,
    summary="Office staff verify a claimed ID",
)
class IcegateVerifyView(APIView):
    def post(self, request, iec):
        member = selectors.member_get(user=request.user, iec=iec)
        return _run(
            VerifySerializer,
            request,
            lambda **kw: services.icegate_registration_verify(by=request.user, member=member, **kw),
        )


@extend_schema(
    tags=["ICEGATE registration"],
    request=RejectSerializer,
    responses=IcegateRegistrationSerializer,
    summary="Return a claimed ID as not confirmed",
)
class IcegateRejectView(APIView):
    def post(self, request, iec):
        member = selectors.member_get(user=request.user, iec=iec)
        return _run(
            RejectSerializer,
            request,
            lambda **kw: services.icegate_registration_reject(by=request.user, member=member, **kw),
        )


def firm_for(user, iec: str | None) -> Member:
    """The firm an API action is for (EPCs, IC applications): the member user's own, or (for staff)
    the IEC given, in scope. Errors are 400s naming the `member` field."""
    if iec:
        try:
            return selectors.member_get(user=user, iec=iec)
        except Http404:
            raise serializers.ValidationError(
                {"member": [_("No member with this IEC that you may act for")]}
            ) from None
    if scope_for(user).member_id is not None:
        return user.member
    raise serializers.ValidationError({"member": [_("Give the IEC of the member you act for")]})
