"""API error shape: every 4xx is {"error": {"code", "message", "fields"}} and nothing answers 500."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from . import keyset

logger = logging.getLogger(__name__)


def _fields(detail):
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    return None


def _encode(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()  # full microseconds: a position must be exact
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


class Pagination(LimitOffsetPagination):
    """Any page of a list as fast as the first: by cursor (keyset) or by `?offset=` (ids first).

    Without `offset` the list pages by cursor: `next`, `previous` and `last` are links carrying an
    opaque `cursor` (the sort values of the row at the page's edge), and a page is read from the
    index starting at that position — page 10,000 costs what page 1 costs. `?offset=` keeps working
    for clients that count pages: the page's ids are read first (from an index, no joins, no
    columns), from whichever end of the list is nearer, then only those rows are fetched — but the
    database still steps over every row before the offset (at a million rows, 250–360 ms for the
    middle page on PostgreSQL, measured), so `offset` goes up to `API_MAX_OFFSET` (10,000) on a
    list that has a cursor: beyond it a 400 names the rule, and the offset page whose `next` or
    `last` would pass it links by cursor instead, so following links still reaches every row.
    `count` is exact on the first page and on offset pages, and null on a page reached by cursor.
    `limit` has a ceiling: a huge limit would otherwise reach the database (500). A list ordered by
    an expression pages by offset only, without that limit.
    """

    max_limit = 200
    cursor_query_param = "cursor"
    cursor_query_description = "Where the page starts: take it from `next`, `previous` or `last`."

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.fields = keyset.ordering(queryset) if isinstance(queryset, QuerySet) else None
        self.by_offset = self.fields is None or self.offset_query_param in request.query_params
        # A page reached by cursor does not count the list again (a million rows: 40–140 ms on
        # every page); the first page and offset pages do.
        deep = not self.by_offset and self.cursor_query_param in request.query_params
        self.offset = self.get_offset(request) if self.by_offset else 0
        self.page_rows = []
        if self.by_offset and self.fields is not None and self.offset > self.max_offset():
            raise exceptions.ValidationError(
                {
                    "offset": [
                        _(
                            "offset can be at most %(max)s: go further with the `next` or `last` "
                            "links of a page (a cursor), as fast as the first page."
                        )
                        % {"max": f"{self.max_offset():,}"}
                    ]
                }
            )
        self.count = None if deep else self.get_count(queryset)
        if self.by_offset:
            self.page_rows = self._by_offset(queryset)
            return self.page_rows
        return self._by_cursor(queryset, request)

    @staticmethod
    def max_offset() -> int:
        return settings.API_MAX_OFFSET

    def _past_offsets(self, offset: int) -> bool:
        """An offset link would pass API_MAX_OFFSET: link by cursor instead (a list that has one)."""
        return self.fields is not None and offset > self.max_offset()

    # -- ?offset=: ids first, from the nearer end -------------------------------------------------
    def _by_offset(self, queryset):
        count, offset, limit = self.count, self.offset, self.limit
        if offset >= count or not count:
            return []
        if self.fields is None:
            return list(queryset[offset : offset + limit])
        end = min(offset + limit, count)
        if offset > count - end:  # nearer the end: the reversed list's first rows
            backwards = keyset.order(queryset, keyset.reverse(self.fields))
            ids = list(backwards.values_list("pk", flat=True)[count - end : count - offset])
            ids.reverse()
        else:
            ids = list(queryset.values_list("pk", flat=True)[offset:end])
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    # -- ?cursor= ----------------------------------------------------------------------------------
    def _decode(self, token: str):
        """(position or None for "the end", backwards) from a cursor; 404 when it is not ours."""
        try:
            data = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
            backwards = bool(data.get("r"))
            values = data.get("p")
            if values is None:
                return None, True
            if len(values) != len(self.fields):
                raise ValueError("cursor of another ordering")
            model = self.queryset_model
            position = [
                None if v is None else keyset.final_field(model, lookup).to_python(v)
                for (lookup, _direction), v in zip(self.fields, values, strict=True)
            ]
            return position, backwards
        except (ValueError, TypeError, AttributeError, ValidationError, binascii.Error) as error:
            message = _("This cursor is not valid: start again from the first page.")
            raise exceptions.NotFound(message) from error

    def _position(self, row) -> list:
        """The row's values of the ordering, as a cursor carries them."""
        values = []
        for lookup, _direction in self.fields:
            *path, name = lookup.split("__")
            value = row
            for part in path:  # a related row's field: select_related has it at hand
                value = getattr(value, part)
                if value is None:
                    break
            else:
                value = getattr(value, value._meta.get_field(name).attname)
            values.append(_encode(value))
        return values

    def cursor_link(self, row, *, backwards: bool = False) -> str:
        """The link to the page after `row` (before it when `backwards`); needs `fields` and
        `request` set, as paginate_queryset sets them (bench/pages.py sets them itself)."""
        return self._cursor_link(self._position(row), backwards=backwards)

    def _by_cursor(self, queryset, request):
        self.queryset_model = queryset.model
        token = request.query_params.get(self.cursor_query_param)
        position, backwards = self._decode(token) if token else (None, False)
        fields = keyset.reverse(self.fields) if backwards else self.fields
        rows = keyset.order(queryset, fields)
        if position is not None:
            rows = keyset.after(rows, fields, position)
        rows = list(rows[: self.limit + 1])
        more = len(rows) > self.limit
        rows = rows[: self.limit]
        if backwards:
            rows.reverse()
            self.has_previous, self.has_next = more, token is not None and position is not None
        else:
            self.has_previous, self.has_next = position is not None, more
        self.page_rows = rows
        return rows

    def _cursor_link(self, values, backwards: bool) -> str:
        data = {"p": values, "r": 1} if backwards else {"p": values}
        token = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()
        url = remove_query_param(self.request.build_absolute_uri(), self.offset_query_param)
        return replace_query_param(url, self.cursor_query_param, token)

    # -- links -------------------------------------------------------------------------------------
    def get_next_link(self):
        if self.by_offset and self._past_offsets(self.offset + self.limit):
            if self.offset + self.limit >= self.count or not self.page_rows:
                return None
            return self.cursor_link(self.page_rows[-1])
        if self.by_offset:
            return super().get_next_link()
        if not self.has_next or not self.page_rows:
            return None
        return self.cursor_link(self.page_rows[-1])

    def get_previous_link(self):
        if self.by_offset:
            return super().get_previous_link()
        if not self.has_previous or not self.page_rows:
            return None
        return self.cursor_link(self.page_rows[0], backwards=True)

    def get_last_link(self):
        if self.by_offset:
            if self.offset + self.limit >= self.count:
                return None
            url = self.request.build_absolute_uri()
            url = replace_query_param(url, self.limit_query_param, self.limit)
            last = max(0, (self.count - 1) // self.limit * self.limit)
            if self._past_offsets(last):
                return self._cursor_link(None, backwards=True)
            return replace_query_param(url, self.offset_query_param, last)
        if not self.has_next:
            return None
        return self._cursor_link(None, backwards=True)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "last": self.get_last_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["count"].update(
            nullable=True,
            description="How many rows the list has: on the first page and offset pages; null on "
            "a page reached by cursor.",
        )
        link = {"type": "string", "nullable": True, "format": "uri"}
        body["properties"]["last"] = {
            **link,
            "example": "http://api.example.org/accounts/?cursor=eyJwIjpudWxsLCJyIjoxfQ==",
        }
        body["properties"]["next"]["description"] = (
            "The next page (a `cursor` link; an `offset` link when you paged by offset)."
        )
        body["properties"]["previous"]["description"] = "The page before."
        body["properties"]["last"]["description"] = "The last page."
        return body

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": self.cursor_query_description,
                "schema": {"type": "string"},
            },
        ]

    def get_html_context(self):
        if self.by_offset:
            return super().get_html_context()
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}


# DRF's own texts that reach people through our error shape. DRF ships no Hindi catalog, so our
# catalog (common) gives them, in the same English: the API's human text follows Accept-Language.
DRF_TEXTS = (
    gettext_noop("Not found."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Malformed request."),
    gettext_noop("Request was throttled."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("This field is required."),
    gettext_noop("This field may not be blank."),
    gettext_noop("This field may not be null."),
    gettext_noop("A valid integer is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Invalid cursor"),
    gettext_noop("Invalid page."),
)


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


class Conflict(exceptions.APIException):
    """409: the record changed since the client read it (a stale `version`)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Someone else changed this meanwhile: reload and try again.")
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
        exc = exceptions.ParseError(str(exc) or _("The request is malformed."))
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            {"error": {"code": "server_error", "message": _("Something went wrong on our side.")}},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "code": "invalid",
            "message": _("Some fields are not valid."),
            "fields": _fields(detail),
        }
    else:
        message = detail.get("detail", str(detail)) if isinstance(detail, dict) else str(detail)
        # The code given where it was raised (a permission's own), else the exception's default.
        code = getattr(message, "code", None) or getattr(exc, "default_code", "error")
        body = {"code": code, "message": str(message)}
    response.data = {"error": body}
    return response
