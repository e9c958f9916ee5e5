"""Log records that carry the request id, as JSON lines (production) or plain text (development).

`RequestIdMiddleware` puts the id in a context variable for the duration of the request; the
`RequestIdFilter` on the console handler copies it onto every record, whichever logger wrote it
(Django's, ours, a library's). Outside a request (the worker, commands) the id is "-".
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id: ContextVar[str] = ContextVar("request_id", default="-")

# Honour the proxy's id only when it looks like one: letters, digits and - _ . : up to 128
# characters. Anything else (spaces, quotes, newlines) could forge log lines or headers.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
HEADER = "X-Request-ID"


def request_id_for(incoming: str | None) -> str:
    if incoming and _WELL_FORMED.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        rid = request_id.get()
        if rid == "-":
            # Django logs 4xx/5xx answers ("Not Found: …") after the middleware chain has
            # returned, with the request attached to the record.
            rid = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = rid
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time (ISO 8601, UTC offset), level, logger, message, request_id,
    plus any `extra=` fields and the traceback."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        # Django attaches the request object to its records: its id is enough, the rest is noise.
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        super().__init__(*args, **kwargs)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def use_log_format(logging_config: dict, log_format: str) -> dict:
    """Give the console handler of a LOGGING dict the request id and the chosen format."""
    if log_format not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    logging_config.setdefault("filters", {})["request_id"] = {
        "()": "icportal.common.logs.RequestIdFilter"
    }
    logging_config.setdefault("formatters", {}).update(
        {"json": {"()": "icportal.common.logs.JsonFormatter"}, "text": {"format": TEXT_FORMAT}}
    )
    console = logging_config["handlers"]["console"]
    console["formatter"] = log_format
    console["filters"] = ["request_id"]
    return logging_config


class RequestIdMiddleware:
    """First in the chain: every log record of the request, and the response, carry the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id_for(request.headers.get(HEADER))
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = rid
        return response
