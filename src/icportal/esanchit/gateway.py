"""The one ICEGATE client (httpx) that icportal uses, speaking the sandbox contract.

Used by e-SANCHIT uploads (`upload`) and by complaint diagnosis (`boe_check`). Every call either
returns ICEGATE's answer or raises:

- `GatewayUnavailable` — ICEGATE did not give a usable answer: 5xx, timeout, connection error, or a
  body that is not the JSON we expect. The caller should wait and retry (with the same idempotency
  keys for uploads).
- `GatewayRefused` — ICEGATE answered with a 4xx error for the whole request (bad credentials,
  malformed request). Retrying the same request will not help; a person must look.

Per-file outcomes of an upload (ACCEPTED / REJECTED with codes) are results, not exceptions.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field

import httpx
from django.conf import settings

UPLOAD_PATH = "api/esanchit/uploads"
LOGIN_PATH = "api/auth/login"
BOE_CHECK_PATH = "api/customs/boe-check"
MAX_FILES_PER_UPLOAD = 10
ACCEPTED = "ACCEPTED"
REJECTED = "REJECTED"


class GatewayError(Exception):
    def __init__(self, message: str, *, code: str = "", status: int | None = None):
        super().__init__(message)
        self.code = code
        self.status = status


class GatewayUnavailable(GatewayError):
    """ICEGATE gave no usable answer (5xx, timeout, connection refused, garbage): retry later."""


class GatewayRefused(GatewayError):
    """ICEGATE refused the whole request with a 4xx error: retrying as is will not help."""


@dataclass(frozen=True)
class UploadFile:
    """One PDF to upload, with its manifest entry."""

    filename: str
    content: bytes
    beneficiary_code: str  # the member's IEC
    document_type_code: str
    idempotency_key: str


@dataclass(frozen=True)
class UploadResult:
    filename: str
    status: str  # ACCEPTED | REJECTED
    irn: str = ""
    drn: str = ""
    errors: list[dict] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.status == ACCEPTED


_tokens: dict[str, str] = {}
_tokens_lock = threading.Lock()
_client: httpx.Client | None = None
_client_pid = 0
_client_lock = threading.Lock()


def client() -> httpx.Client:
    """This process's one pooled client: a worker sends thousands of requests to the same host,
    and a new TCP connection per request cost more CPU than the request itself. Made on first
    use and again in a forked child (a socket is never shared across processes). Thread-safe.
    `retries=1` only repeats a failed connect, when nothing has been sent yet."""
    global _client, _client_pid
    with _client_lock:
        if _client is None or _client_pid != os.getpid():
            _client = httpx.Client(transport=httpx.HTTPTransport(retries=1))
            _client_pid = os.getpid()
        return _client


def client_close() -> None:
    """Close the pooled client and its kept connections (a worker shutting down; each test's end,
    so no kept connection holds a request thread of a test server into the next test)."""
    global _client
    with _client_lock:
        if _client is not None:
            _client.close()
            _client = None


def _url(path: str) -> str:
    base = settings.ICEGATE_BASE_URL
    return (base if base.endswith("/") else base + "/") + path


def _office_id(office) -> str:
    """The office's ICEGATE ID (an Office, or the ID itself as a string)."""
    icegate_id = office if isinstance(office, str) else office.icegate_id
    if not icegate_id:
        raise GatewayRefused(f"Office {office} has no ICEGATE ID.", code="NO_ICEGATE_ID")
    return icegate_id.upper()


def _password(icegate_id: str) -> str:
    credentials = {k.upper(): v for k, v in (settings.ICEGATE_CREDENTIALS or {}).items()}
    if icegate_id in credentials:
        return credentials[icegate_id]
    if settings.ICEGATE_DEMO_CREDENTIALS:  # development and tests: the sandbox's demo registrations
        return settings.ICEGATE_DEMO_PASSWORD
    raise GatewayRefused(
        f"No ICEGATE password configured for {icegate_id} (setting ICEGATE_CREDENTIALS).",
        code="NO_CREDENTIALS",
    )


def _post(path: str, **kwargs) -> httpx.Response:
    try:
        return client().post(_url(path), timeout=settings.ICEGATE_TIMEOUT, **kwargs)
    except httpx.TimeoutException as exc:
        raise GatewayUnavailable(
            f"ICEGATE did not answer in time ({exc}).", code="TIMEOUT"
        ) from exc
    except httpx.HTTPError as exc:
        raise GatewayUnavailable(
            f"ICEGATE could not be reached ({exc}).", code="CONNECTION"
        ) from exc


def _json(response: httpx.Response) -> dict:
    try:
        data = response.json()
    except (ValueError, UnicodeDecodeError) as exc:
        raise GatewayUnavailable(
            f"ICEGATE answered HTTP {response.status_code} with a body that is not JSON.",
            code="GARBAGE",
            status=response.status_code,
        ) from exc
    if not isinstance(data, dict):
        raise GatewayUnavailable(
            "ICEGATE answered with JSON that is not an object.", code="GARBAGE"
        )
    return data


def _error(response: httpx.Response, data: dict | None = None) -> GatewayError:
    status = response.status_code
    error = (data or {}).get("error") if isinstance(data, dict) else None
    code = str(error.get("code", "")) if isinstance(error, dict) else ""
    message = str(error.get("message", "")) if isinstance(error, dict) else ""
    fault = response.headers.get("X-Sandbox-Fault", "")
    text = f"ICEGATE answered HTTP {status}" + (f" {code}" if code else "")
    text += f": {message}" if message else "."
    if fault:
        text += f" (sandbox fault: {fault})"
    kind = GatewayUnavailable if status >= 500 or status == 429 else GatewayRefused
    return kind(text, code=code or f"HTTP_{status}", status=status)


def _checked(response: httpx.Response) -> dict:
    if response.status_code >= 500:
        try:
            data = response.json()
        except ValueError:
            data = None
        raise _error(response, data)
    data = _json(response)
    if response.status_code >= 400:
        raise _error(response, data)
    return data


def boe_check(payload: dict) -> dict:
    """Ask customs whether a Bill of Entry's supporting documents would pass (POST api/customs/boe-check).

    `payload` is `{port_code, boe_no, boe_date (ISO), iec, documents: [{irn, drn,
    document_type_code, uploader_icegate_id}]}`. Returns ICEGATE's answer as a dict: `{port_code,
    boe_no, boe_date, iec, status: "OK"|"REJECTED", documents: [{irn, status: "OK"|"REJECTED",
    reasons: [...]}]}` with reasons such as IRN_NOT_FOUND, DRN_MISMATCH, BENEFICIARY_MISMATCH,
    UPLOADER_MISMATCH, DOCUMENT_TYPE_MISMATCH.

    Raises `GatewayUnavailable` (5xx, timeout, unreachable, not JSON: try again later) or
    `GatewayRefused` (4xx: the payload is malformed, e.g. a 6-character port code is required;
    `.code` holds ICEGATE's error code such as INVALID_FIELD). No login is needed.
    """
    data = _checked(_post(BOE_CHECK_PATH, json=payload))
    if not isinstance(data.get("documents"), list):
        raise GatewayUnavailable(
            "ICEGATE's BoE check answer has no documents list.", code="GARBAGE"
        )
    return data


def login(office) -> str:
    """A bearer token for the office's uploader ICEGATE ID, cached until ICEGATE answers 401."""
    icegate_id = _office_id(office)
    with _tokens_lock:
        token = _tokens.get(icegate_id)
    if token:
        return token
    data = _checked(
        _post(LOGIN_PATH, json={"icegate_id": icegate_id, "password": _password(icegate_id)})
    )
    token = data.get("token")
    if not isinstance(token, str) or not token:
        raise GatewayUnavailable("ICEGATE's login answer has no token.", code="GARBAGE")
    with _tokens_lock:
        _tokens[icegate_id] = token
    return token


def logout(office) -> None:
    """Forget the cached token (ICEGATE said 401, or the password changed)."""
    with _tokens_lock:
        _tokens.pop(_office_id(office), None)


def _results(data: dict, files: list[UploadFile]) -> list[UploadResult]:
    raw = data.get("results")
    if not isinstance(raw, list) or len(raw) != len(files):
        raise GatewayUnavailable(
            "ICEGATE's upload answer does not have one result per file.", code="GARBAGE"
        )
    results = []
    for entry in raw:
        if not isinstance(entry, dict) or entry.get("status") not in (ACCEPTED, REJECTED):
            raise GatewayUnavailable("ICEGATE's upload answer has a bad result.", code="GARBAGE")
        errors = entry.get("errors") or []
        results.append(
            UploadResult(
                filename=str(entry.get("filename", "")),
                status=entry["status"],
                irn=str(entry.get("irn") or "").upper(),
                drn=str(entry.get("drn") or "").upper(),
                errors=[e for e in errors if isinstance(e, dict)]
                if isinstance(errors, list)
                else [],
            )
        )
    return results


def upload(office, files: list[UploadFile]) -> list[UploadResult]:
    """Upload up to 10 signed PDFs to e-SANCHIT as the office's PGA uploader ID.

    Returns one result per file, in the order given. ICEGATE answers a repeated idempotency key with
    the first result, so retrying after a lost answer never stores a document twice.
    """
    if not 1 <= len(files) <= MAX_FILES_PER_UPLOAD:
        raise ValueError(f"Upload 1 to {MAX_FILES_PER_UPLOAD} files per request.")
    manifest = [
        {
            "filename": f.filename,
            "beneficiary_type": "IEC",
            "beneficiary_code": f.beneficiary_code,
            "document_type_code": f.document_type_code,
            "idempotency_key": f.idempotency_key,
        }
        for f in files
    ]
    multipart = [("files", (f.filename, f.content, "application/pdf")) for f in files]
    for attempt in (1, 2):
        token = login(office)
        response = _post(
            UPLOAD_PATH,
            headers={"Authorization": f"Bearer {token}"},
            data={"manifest": json.dumps(manifest)},
            files=multipart,
        )
        if response.status_code == 401 and attempt == 1:
            logout(office)  # the token expired or was revoked: log in once more
            continue
        break
    if response.status_code >= 500:
        raise _error(response)
    data = _json(response)
    if response.status_code >= 400 and not isinstance(data.get("results"), list):
        raise _error(response, data)
    if response.status_code >= 400 and not data.get("results"):
        raise _error(response, data)
    return _results(data, files)
