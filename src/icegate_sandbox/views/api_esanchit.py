"""e-SANCHIT API: the PGA upload (multipart + manifest), document search and fetch."""

from __future__ import annotations

import json
from collections import Counter as Tally
from datetime import date

from django.http import HttpResponse, JsonResponse

from icegate_sandbox import conf, selectors
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.services import counters
from icegate_sandbox.services.uploads import UploadItem, esanchit_upload
from icegate_sandbox.views.api import (
    api_endpoint,
    bearer_registration,
    check_keys,
    query,
    text,
)

MANIFEST_FIELDS = (
    "filename",
    "beneficiary_type",
    "beneficiary_code",
    "document_type_code",
    "idempotency_key",
)
MAX_MANIFEST_ENTRIES = 100


def _manifest(request) -> list[dict]:
    values = request.POST.getlist("manifest")
    if not values:
        raise SandboxError(
            "MANIFEST_MISSING", "Send a manifest field: a JSON list, one entry per file."
        )
    if len(values) > 1:
        raise SandboxError("MANIFEST_INVALID", "Send exactly one manifest field.")
    raw = values[0]
    if len(raw.encode()) > conf.MAX_MANIFEST_BYTES:
        raise SandboxError(
            "FIELD_TOO_LARGE",
            f"The manifest may be at most {conf.MAX_MANIFEST_BYTES:,} bytes.",
            status=413,
        )
    try:
        entries = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise SandboxError("MANIFEST_NOT_JSON", "The manifest must be JSON.") from exc
    if not isinstance(entries, list) or not entries:
        raise SandboxError("MANIFEST_INVALID", "The manifest must be a non-empty JSON list.")
    if len(entries) > MAX_MANIFEST_ENTRIES:
        raise SandboxError(
            "MANIFEST_INVALID", f"The manifest has over {MAX_MANIFEST_ENTRIES} entries."
        )
    parsed = []
    for number, entry in enumerate(entries, start=1):
        what = f"Manifest entry {number}"
        check_keys(entry, required=MANIFEST_FIELDS, what=what)
        try:
            item = {
                "filename": text(entry, "filename", max_length=255),
                "beneficiary_type": text(entry, "beneficiary_type", max_length=3),
                "beneficiary_code": text(entry, "beneficiary_code", max_length=32).upper(),
                "document_type_code": text(entry, "document_type_code", max_length=16).upper(),
                "idempotency_key": text(entry, "idempotency_key", max_length=100),
            }
        except SandboxError as error:
            raise SandboxError(error.code, f"{what}: {error.message}") from error
        if item["beneficiary_type"] != "IEC":
            raise SandboxError("INVALID_FIELD", f'{what}: beneficiary_type must be "IEC".')
        parsed.append(item)
    keys = Tally(item["idempotency_key"] for item in parsed)
    repeated = sorted(key for key, count in keys.items() if count > 1)
    if repeated:
        raise SandboxError(
            "DUPLICATE_IDEMPOTENCY_KEY",
            f"Each file needs its own idempotency_key; repeated: {', '.join(repeated)}.",
        )
    return parsed


def _pair(files, entries: list[dict]) -> list[UploadItem]:
    """Match files to manifest entries by file name (in order, when a name appears twice)."""
    by_name: dict[str, list[dict]] = {}
    for entry in entries:
        by_name.setdefault(entry["filename"], []).append(entry)
    file_names = Tally(f.name for f in files)
    entry_names = Tally(entry["filename"] for entry in entries)
    if file_names != entry_names:
        without_entry = sorted((file_names - entry_names).elements())
        without_file = sorted((entry_names - file_names).elements())
        parts = []
        if without_entry:
            parts.append("files without a manifest entry: " + ", ".join(without_entry))
        if without_file:
            parts.append("manifest entries without a file: " + ", ".join(without_file))
        raise SandboxError("MANIFEST_FILE_MISMATCH", "; ".join(parts) + ".")
    items = []
    for upload in files:
        entry = by_name[upload.name].pop(0)
        items.append(UploadItem(content=upload.read(), **entry))
    return items


@api_endpoint(methods=("POST",), operation="esanchit.upload")
def upload(request):
    counters.counter_add(name=counters.UPLOAD_REQUESTS)
    uploader = bearer_registration(request)
    if not request.content_type == "multipart/form-data":
        raise SandboxError(
            "NOT_MULTIPART", "Send multipart/form-data with files and a manifest.", status=415
        )
    length = request.META.get("CONTENT_LENGTH") or ""
    if not length.isdigit() or int(length) > conf.max_upload_request_bytes():
        raise SandboxError(
            "REQUEST_TOO_LARGE",
            f"An upload request may be at most {conf.max_upload_request_bytes():,} bytes.",
            status=413,
        )
    unknown = sorted((set(request.POST) - {"manifest"}) | (set(request.FILES) - {"files"}))
    if unknown:
        raise SandboxError(
            "UNKNOWN_FIELD",
            f"Unknown form fields: {', '.join(unknown)}; send 'files' and 'manifest' only.",
        )
    entries = _manifest(request)
    files = request.FILES.getlist("files")
    if not files:
        raise SandboxError("NO_FILES", "Attach at least one file in the 'files' field.")
    outcome = esanchit_upload(uploader=uploader, items=_pair(files, entries))
    results = [result.as_dict() for result in outcome.results]
    if outcome.request_error is not None:
        error = outcome.request_error
        return JsonResponse({**error.as_dict(), "results": results}, status=error.status)
    return JsonResponse({"results": results})


def _date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise SandboxError(
            "INVALID_PARAMETER", "uploaded_on must be a date like 2026-03-14."
        ) from exc


@api_endpoint(methods=("GET",), operation="esanchit.documents")
def documents(request):
    registration = bearer_registration(request)
    params = query(request, allowed=("irn", "drn", "beneficiary_code", "uploaded_on"))
    found = selectors.document_search(
        registration=registration,
        irn=params["irn"],
        drn=params["drn"],
        beneficiary_code=params["beneficiary_code"],
        uploaded_on=_date(params["uploaded_on"]),
    )
    return JsonResponse({"documents": [selectors.document_as_dict(d) for d in found]})


def _visible(request, irn: str, *, with_content: bool = False):
    registration = bearer_registration(request)
    query(request, allowed=())
    document = selectors.document_get(registration=registration, irn=irn, with_content=with_content)
    if document is None:
        raise SandboxError("DOCUMENT_NOT_FOUND", f"No document {irn} that you can see.", status=404)
    return document


@api_endpoint(methods=("GET",), operation="esanchit.documents")
def document(request, irn: str):
    return JsonResponse(selectors.document_as_dict(_visible(request, irn)))


@api_endpoint(methods=("GET",), operation="esanchit.documents")
def document_pdf(request, irn: str):
    found = _visible(request, irn, with_content=True)
    response = HttpResponse(bytes(found.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.irn}.pdf"'
    return response


@api_endpoint(methods=("GET",))
def document_types(request):
    query(request, allowed=())
    return JsonResponse(
        {
            "document_types": [
                {"code": code, "name": name} for code, name in conf.document_types().items()
            ]
        }
    )
