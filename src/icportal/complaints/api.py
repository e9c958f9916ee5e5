"""REST API for DRN/IRN complaints: thin views over the selectors and services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import APIView

from icportal.certificates.selectors import certificate_get
from icportal.common.api import Pagination
from icportal.common.api_fields import validated
from icportal.common.parsers import JSONParser, MultiPartParser

from . import diagnosis, selectors, services
from .models import Cause, Complaint, EscalationSide, Status

TAG = "Complaints"


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    sentence = serializers.SerializerMethodField(help_text="In the language of Accept-Language")
    problem = serializers.BooleanField()

    def get_sentence(self, finding) -> str:
        return diagnosis.sentence_of(finding)


class ComplaintSerializer(serializers.ModelSerializer):
    certificate = serializers.CharField(source="certificate.number")
    office = serializers.CharField(source="office.code")
    findings = FindingSerializer(many=True)
    assigned_to = serializers.EmailField(source="assigned_to.email", allow_null=True)
    escalation_customs_house = serializers.CharField(
        source="escalation_customs_house.port_code",
        default=None,
        help_text="Port code of the customs house it was escalated to (customs side only)",
    )

    class Meta:
        model = Complaint
        fields = [
            "reference",
            "certificate",
            "office",
            "status",
            *services.QUOTED_FIELDS,
            "findings",
            "icegate_check",
            "diagnosed_at",
            "assigned_to",
            "escalated_at",
            "escalated_to",
            "escalation_customs_house",
            "escalation_why",
            "cause",
            "resolution",
            "resolved_at",
            "created_at",
        ]


class MessageSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    author = serializers.CharField(source="author.full_name")
    kind = serializers.SerializerMethodField(
        help_text="internal (office only), update, question (a reply is awaited) or member"
    )
    text = serializers.CharField()

    def get_kind(self, note) -> str:
        if note.from_member:
            return "member"
        if note.asks_reply:
            return "question"
        return "update" if note.member_visible else "internal"


class ComplaintDetailSerializer(ComplaintSerializer):
    messages = MessageSerializer(many=True, source="visible_notes")

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "messages"]


class FileSerializer(serializers.Serializer):
    certificate = serializers.CharField(max_length=40, help_text="IC number the complaint is about")
    company_name = serializers.CharField(max_length=200)
    iec = serializers.CharField(max_length=20)
    boe_no = serializers.CharField(max_length=20)
    boe_date = serializers.DateField()
    port_code = serializers.CharField(max_length=10)
    ic_number = serializers.CharField(max_length=40)
    drn = serializers.CharField(max_length=40)
    irn = serializers.CharField(max_length=40)
    uploader_icegate_id = serializers.CharField(max_length=30)
    official_name = serializers.CharField(max_length=120)
    official_designation = serializers.CharField(max_length=120)
    official_mobile = serializers.CharField(max_length=20)
    officer_said = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    screenshot = serializers.FileField(required=False, help_text="PNG or JPEG, up to 2 MB")


class FilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(selectors.OFFICE_MOVE, _("Open, not waiting for the member")), *Status.choices],
        required=False,
    )
    q = serializers.CharField(max_length=60, required=False, allow_blank=True)


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    member_visible = serializers.BooleanField(default=False)


class ResolveSerializer(serializers.Serializer):
    cause = serializers.ChoiceField(choices=Cause.choices)
    resolution = serializers.CharField(max_length=4000)


def _detail(request, slug, code=status.HTTP_200_OK):
    complaint = selectors.complaint_get(user=request.user, slug=slug)
    complaint.visible_notes = selectors.notes_for(user=request.user, complaint=complaint)
    return Response(ComplaintDetailSerializer(complaint).data, status=code)


@extend_schema(tags=[TAG])
class ComplaintListCreate(generics.ListAPIView):
    serializer_class = ComplaintSerializer
    pagination_class = Pagination
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        data = validated(FilterSerializer, self.request.query_params)
        filters = {k: v for k, v in data.items() if v}
        return selectors.complaint_list(user=self.request.user, filters=filters)

    @extend_schema(parameters=[FilterSerializer], summary="Complaints in your scope")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"application/json": FileSerializer, "multipart/form-data": FileSerializer},
        responses={201: ComplaintDetailSerializer},
        summary="File a 'customs cannot use the DRN/IRN' complaint (diagnosed at once)",
    )
    def post(self, request):
        data = dict(validated(FileSerializer, request.data))
        screenshot = data.pop("screenshot", None)
        certificate = certificate_get(
            user=request.user, slug=data.pop("certificate").replace("/", "-")
        )
        complaint = services.complaint_file(
            by=request.user, certificate=certificate, data=data, screenshot=screenshot
        )
        return _detail(request, complaint.slug, status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
class ComplaintDetail(APIView):
    @extend_schema(
        responses=ComplaintDetailSerializer,
        summary="One complaint with its findings and the messages you may read",
    )
    def get(self, request, slug):
        return _detail(request, slug)


def _action(summary, body=None):
    def post(self, request, slug):
        complaint = selectors.complaint_get(user=request.user, slug=slug)
        data = validated(body, request.data) if body else {}
        self.act(request.user, complaint, data)
        return _detail(request, slug)

    return extend_schema(request=body, responses=ComplaintDetailSerializer, summary=summary)(post)


@extend_schema(tags=[TAG])
class ComplaintDiagnose(APIView):
    post = _action("Run the diagnosis again")

    def act(self, by, complaint, data):
        services.complaint_diagnose(by=by, complaint=complaint)


@extend_schema(tags=[TAG])
class ComplaintAssign(APIView):
    post = _action("Office: take the complaint")

    def act(self, by, complaint, data):
        services.complaint_assign(by=by, complaint=complaint)


@extend_schema(tags=[TAG])
class ComplaintNote(APIView):
    post = _action("Office: internal note or member-visible update (mailed)", NoteSerializer)

    def act(self, by, complaint, data):
        services.complaint_note_add(by=by, complaint=complaint, **data)


@extend_schema_serializer(component_name="ComplaintQuestion")  # certificates has one too
class QuestionSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=4000)


class WriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


@extend_schema(tags=[TAG])
class ComplaintAsk(APIView):
    post = _action(
        "Office: ask the member (mailed); the complaint waits for the reply", QuestionSerializer
    )

    def act(self, by, complaint, data):
        services.complaint_ask_member(by=by, complaint=complaint, **data)


@extend_schema(tags=[TAG])
class ComplaintWrite(APIView):
    post = _action(
        "Member: reply to the office's question, or add information (a reply returns the "
        "complaint to the office)",
        WriteSerializer,
    )

    def act(self, by, complaint, data):
        services.complaint_member_write(by=by, complaint=complaint, **data)


class EscalateSerializer(serializers.Serializer):
    side = serializers.ChoiceField(
        choices=EscalationSide.choices,
        required=False,
        help_text="Leave out for the suggested side (customs house when the diagnosis points to "
        "customs, else the ICEGATE helpdesk)",
    )


@extend_schema(tags=[TAG])
class ComplaintEscalate(APIView):
    post = _action(
        "Office: escalate to the ICEGATE helpdesk or the port's customs house (mail recorded in "
        "the outbox)",
        EscalateSerializer,
    )

    def act(self, by, complaint, data):
        services.complaint_escalate(by=by, complaint=complaint, side=data.get("side"))


@extend_schema(tags=[TAG])
class ComplaintResolve(APIView):
    post = _action("Office: resolve with a cause (member mailed)", ResolveSerializer)

    def act(self, by, complaint, data):
        services.complaint_resolve(by=by, complaint=complaint, **data)
