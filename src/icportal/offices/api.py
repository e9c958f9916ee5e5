from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from . import selectors
from .models import Office


class OfficeSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.short_code")
    icegate_id = serializers.CharField(
        help_text="The ICEGATE ID to quote when an IC uploaded by this office is used in a Bill of Entry."
    )

    class Meta:
        model = Office
        fields = [
            "code",
            "name",
            "region",
            "council",
            "icegate_id",
            "is_head_office",
            "address",
            "email",
            "phone",
        ]


@extend_schema(tags=["offices"], summary="Council offices and the ICEGATE ID to quote for each")
class OfficeList(generics.ListAPIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = OfficeSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.office_list()


@extend_schema(tags=["offices"], summary="One office by its three-letter code")
class OfficeDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = OfficeSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.office_list()

    def get_object(self):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(self.get_queryset(), code=self.kwargs["code"].upper())
