"""A numbered certified copy as a download: rendered afresh (the signed file is never touched),
recorded in the audit as taken by whoever downloads it. Used by the documents and dispatch pages."""

from __future__ import annotations

from django.http import HttpResponse

from icportal.audit.services import audit_download

from .services import certified_copy_render


def certified_copy_response(
    request,
    *,
    target,
    certificate,
    copy_number: int,
    name: str,
    references: dict | None = None,
    withdrawn: str = "",
):
    pdf = certified_copy_render(
        certificate=certificate,
        copy_number=copy_number,
        references=references,
        withdrawn=withdrawn,
    )
    audit_download(
        request=request,
        target=target,
        what=f"certified copy {copy_number} of IC {certificate.number}",
        name=name,
        scope=certificate,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
