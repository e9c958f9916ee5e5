"""What every sandbox API view shares: the error shape, strict JSON parsing, auth, faults.

Every error answer is {"error": {"code", "message"}} with a 4xx status (503 for injected faults);
a bad request never reaches a service and never causes a 500.
"""

from __future__ import annotations

import hmac
import json
import math
from functools import wraps

from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousMultipartForm,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt

from icegate_sandbox import conf
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.models import Registration
from icegate_sandbox.services import faults
from icegate_sandbox.services.accounts import registration_for_token

_REQUEST_ERRORS = (
    (RequestDataTooBig, 413, "BODY_TOO_LARGE", "The request is too large."),
    (TooManyFieldsSent, 400, "TOO_MANY_PARTS", "The request has too many fields."),
    (TooManyFilesSent, 400, "TOO_MANY_PARTS", "The request has too many file parts."),
    (SuspiciousMultipartForm, 400, "MALFORMED_MULTIPART", "The multipart body is malformed."),
    (MultiPartParserError, 400, "MALFORMED_MULTIPART", "The multipart body is malformed."),
    (UnreadablePostError, 400, "BODY_UNREADABLE", "The request body could not be read."),
)


def error_response(error: SandboxError, **extra) -> JsonResponse:
    return JsonResponse({**error.as_dict(), **extra}, status=error.status)


def _fault_response(decision: faults.FaultDecision) -> JsonResponse:
    response = error_response(decision.error())
    phase = "after-storage" if decision.after_storage else "before"
    response["X-Sandbox-Fault"] = f"{decision.kind}; {phase}; call {decision.call}"
    response["Retry-After"] = "1"
    return response


def _run_with_faults(operation, view, request, *args, **kwargs):
    decision = faults.fault_decide(operation=operation)
    faults.pause(decision.latency_ms / 1000)
    if decision.kind and not decision.after_storage:
        if decision.kind == faults.TIMEOUT:
            faults.pause(conf.hang_seconds())
        return _fault_response(decision)
    response = view(request, *args, **kwargs)
    if decision.kind:  # the work is done and committed; the answer is lost on the way back
        if decision.kind == faults.TIMEOUT:
            faults.pause(conf.hang_seconds())
        return _fault_response(decision)
    return response


def api_endpoint(*, methods: tuple[str, ...], operation: str | None = None):
    """A machine API view: CSRF-exempt (bearer token / admin key), JSON errors, injected faults."""

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                response = error_response(
                    SandboxError(
                        "METHOD_NOT_ALLOWED",
                        f"{request.method} is not allowed here; use {' or '.join(methods)}.",
                        status=405,
                    )
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                if operation:
                    return _run_with_faults(operation, view, request, *args, **kwargs)
                return view(request, *args, **kwargs)
            except SandboxError as error:
                return error_response(error)
            except tuple(e[0] for e in _REQUEST_ERRORS) as exc:
                for kind, status, code, message in _REQUEST_ERRORS:
                    if isinstance(exc, kind):
                        return error_response(SandboxError(code, message, status=status))
                raise  # pragma: no cover - every listed kind is answered above

        return wrapped

    return decorate


@api_endpoint(methods=("GET", "POST", "PUT", "PATCH", "DELETE"))
def not_found(request, path=""):
    raise SandboxError("NOT_FOUND", "There is no such sandbox API path.", status=404)


# Request parsing -----------------------------------------------------------------------------


def json_body(request, *, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    """The request's JSON object, with exactly the allowed keys (unknown ones are an error)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > conf.MAX_JSON_BODY_BYTES:
        raise SandboxError(
            "BODY_TOO_LARGE",
            f"The JSON body may be at most {conf.MAX_JSON_BODY_BYTES:,} bytes.",
            status=413,
        )
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SandboxError("NOT_JSON", "The body must be a JSON object.") from exc
    return check_keys(data, required=required, optional=optional, what="The body")


def check_keys(data, *, required, optional=(), what="The body") -> dict:
    if not isinstance(data, dict):
        raise SandboxError("NOT_AN_OBJECT", f"{what} must be a JSON object.")
    unknown = sorted(set(data) - set(required) - set(optional))
    if unknown:
        raise SandboxError(
            "UNKNOWN_FIELD", f"{what} has unknown fields: {', '.join(map(str, unknown))}."
        )
    missing = [key for key in required if key not in data]
    if missing:
        raise SandboxError("MISSING_FIELD", f"{what} lacks: {', '.join(missing)}.")
    return data


def text(
    data: dict, name: str, *, max_length: int, required: bool = True, strip: bool = True
) -> str:
    value = data.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise SandboxError("INVALID_FIELD", f"{name} must be a string.", field=name)
    if len(value) > max_length:
        raise SandboxError(
            "FIELD_TOO_LONG", f"{name} may be at most {max_length} characters.", field=name
        )
    if "\x00" in value:  # PostgreSQL cannot store or compare text holding NUL
        raise SandboxError("INVALID_FIELD", f"{name} must not contain NUL characters.", field=name)
    if required and not value.strip():
        raise SandboxError("MISSING_FIELD", f"{name} must not be empty.", field=name)
    return value.strip() if strip else value


def number(data: dict, name: str, *, low: float, high: float, integer: bool = False):
    value = data.get(name, 0)
    ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
    if (
        isinstance(value, bool)
        or not ok_type
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        kind = "a whole number" if integer else "a number"
        raise SandboxError("INVALID_FIELD", f"{name} must be {kind}.", field=name)
    if not low <= value <= high:
        raise SandboxError("INVALID_FIELD", f"{name} must be between {low} and {high}.", field=name)
    return value


def flag(data: dict, name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise SandboxError("INVALID_FIELD", f"{name} must be true or false.", field=name)
    return value


def query(request, *, allowed: tuple[str, ...]) -> dict[str, str]:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise SandboxError("UNKNOWN_PARAMETER", f"Unknown query parameters: {', '.join(unknown)}.")
    values = {}
    for name in allowed:
        value = request.GET.get(name, "")
        if len(value) > 254:
            raise SandboxError("FIELD_TOO_LONG", f"{name} may be at most 254 characters.")
        if "\x00" in value:
            raise SandboxError("INVALID_PARAMETER", f"{name} must not contain NUL characters.")
        values[name] = value.strip()
    return values


# Who is asking ---------------------------------------------------------------------------------


def require_admin(request) -> None:
    expected = conf.admin_key()
    given = request.headers.get("X-Sandbox-Admin-Key", "")
    if not given:
        raise SandboxError("ADMIN_KEY_REQUIRED", "Send the X-Sandbox-Admin-Key header.", status=401)
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise SandboxError("ADMIN_KEY_INVALID", "The sandbox admin key is wrong.", status=403)


def bearer_registration(request) -> Registration:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise SandboxError(
            "NOT_AUTHENTICATED",
            "Log in (api/auth/login) and send Authorization: Bearer <token>.",
            status=401,
        )
    registration = registration_for_token(token.strip())
    if registration is None:
        raise SandboxError("TOKEN_INVALID", "The bearer token is not valid.", status=401)
    return registration
