"""Customs: check a Bill of Entry's supporting documents (what the officer's screen decides)."""

from __future__ import annotations

import re
from datetime import date

from django.http import JsonResponse

from icegate_sandbox.errors import SandboxError
from icegate_sandbox.services.customs import QuotedDocument, boe_check
from icegate_sandbox.views.api import api_endpoint, check_keys, json_body, text

DOCUMENT_FIELDS = ("irn", "drn", "document_type_code", "uploader_icegate_id")
MAX_DOCUMENTS = 100


@api_endpoint(methods=("POST",), operation="customs.boe_check")
def boe_check_view(request):
    data = json_body(request, required=("port_code", "boe_no", "boe_date", "iec", "documents"))
    port_code = text(data, "port_code", max_length=6).upper()
    if not re.fullmatch(r"IN[A-Z]{3}[0-9A-Z]", port_code):
        raise SandboxError("INVALID_FIELD", "port_code is 6 characters like INMAA1.")
    boe_no = text(data, "boe_no", max_length=7)
    if not re.fullmatch(r"[0-9]{6,7}", boe_no):
        raise SandboxError("INVALID_FIELD", "boe_no is the 7-digit Bill of Entry number.")
    try:
        boe_date = date.fromisoformat(text(data, "boe_date", max_length=10))
    except ValueError as exc:
        raise SandboxError("INVALID_FIELD", "boe_date is a date like 2026-03-14.") from exc
    iec = text(data, "iec", max_length=10).upper()
    quoted = data["documents"]
    if not isinstance(quoted, list) or not 1 <= len(quoted) <= MAX_DOCUMENTS:
        raise SandboxError(
            "INVALID_FIELD", f"documents is a list of 1 to {MAX_DOCUMENTS} supporting documents."
        )
    documents = []
    for number, entry in enumerate(quoted, start=1):
        what = f"Document {number}"
        check_keys(entry, required=DOCUMENT_FIELDS, what=what)
        try:
            documents.append(
                QuotedDocument(**{key: text(entry, key, max_length=32) for key in DOCUMENT_FIELDS})
            )
        except SandboxError as error:
            raise SandboxError(error.code, f"{what}: {error.message}") from error
    results = boe_check(iec=iec, documents=documents)
    return JsonResponse(
        {
            "port_code": port_code,
            "boe_no": boe_no,
            "boe_date": boe_date.isoformat(),
            "iec": iec,
            "status": "OK" if all(r["status"] == "OK" for r in results) else "REJECTED",
            "documents": results,
        }
    )
