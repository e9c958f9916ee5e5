from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import otp, selectors, services
from .models import ApiToken, TokenStatus


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    member_iec = serializers.CharField(source="member.iec", default=None)
    office_code = serializers.CharField(source="office.code", default=None)


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
            "expires_at",
            "status",
            "second_factor",
        ]
        extra_kwargs = {
            "expires_at": {"help_text": "After this the token answers 401; null: never."},
        }

    status = serializers.ChoiceField(choices=TokenStatus.choices, read_only=True)


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)


class TokenCreatedSerializer(TokenSerializer):
    key = serializers.CharField(help_text="Shown once: store it now.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]


@extend_schema(tags=["account"], responses=MeSerializer, summary="Who am I")
class MeView(APIView):
    def get(self, request):
        return Response(MeSerializer(request.user).data)


@extend_schema(tags=["account"])
class TokenListCreate(APIView):
    @extend_schema(responses=TokenSerializer(many=True))
    def get(self, request):
        return Response(
            TokenSerializer(selectors.api_token_list(user=request.user), many=True).data
        )

    @extend_schema(request=TokenCreateSerializer, responses={201: TokenCreatedSerializer})
    def post(self, request):
        serializer = TokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.api_token_create(
            user=request.user,
            name=serializer.validated_data["name"],
            second_factor=otp.request_verified(request),
        )
        token.key = key
        return Response(TokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["account"])
class TokenRevoke(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        token = selectors.api_token_get(user=request.user, pk=pk)
        services.api_token_revoke(user=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
