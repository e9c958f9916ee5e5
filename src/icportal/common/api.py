"""API error shape: every 4xx is {"error": {"code", "message", "fields"}} and nothing answers 500."""

from __future__ import annotations

import logging

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


def _fields(detail):
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    return None


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=` with a ceiling: a huge limit would otherwise reach the database (500)."""

    max_limit = 200


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    """409: the record changed since the client read it (a stale `version`)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this meanwhile: reload and try again."
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, ValidationError) and getattr(exc, "code", None) == "conflict":
        exc = Conflict(exc.messages[0])
    elif isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = TooLarge()
    elif isinstance(exc, SuspiciousOperation):
        # Raised while parsing a body with too many fields or files (DATA_UPLOAD_MAX_NUMBER_*):
        # Django answers 400 for its own views; DRF hands it here.
        exc = exceptions.ParseError(str(exc) or "The request is malformed.")
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            {"error": {"code": "server_error", "message": "Something went wrong on our side."}},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "code": "invalid",
            "message": "Some fields are not valid.",
            "fields": _fields(detail),
        }
    else:
        message = detail.get("detail", str(detail)) if isinstance(detail, dict) else str(detail)
        # The code given where it was raised (a permission's own), else the exception's default.
        code = getattr(message, "code", None) or getattr(exc, "default_code", "error")
        body = {"code": code, "message": str(message)}
    response.data = {"error": body}
    return response
