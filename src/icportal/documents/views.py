"""Public verification pages, and scoped downloads / retry for signed-in users."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_staff
from icportal.audit.services import audit_download
from icportal.certificates.selectors import certificate_get
from icportal.common.redirects import redirect_next

from . import services
from .models import CertificateDocument, DocStatus
from .verification import MAX_UPLOAD, certificate_by_code, pdf_check, signature_summary


def verify(request, code: str):
    """What the QR code opens: the certificate's status and key facts, for anyone."""
    certificate = certificate_by_code(code)
    document = getattr(certificate, "document", None)
    signed = document if document and document.status == DocStatus.SIGNED else None
    return render(
        request,
        "documents/verify.html",
        {
            "certificate": certificate,
            "document": signed,
            "versions": list(signed.versions.order_by("n")) if signed else [],
            "signing": signature_summary(signed),
            "replaced_by": getattr(certificate, "replaced_by", None),
        },
    )


def check(request):
    """Anyone drops a PDF and learns whether it is a genuine, unaltered IC of the council."""
    verdict = None
    status = 200
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        upload = None if length > MAX_UPLOAD + 64 * 1024 else request.FILES.get("file")
        if length > MAX_UPLOAD + 64 * 1024:
            verdict = {"code": "too_large", "message": _("The file is larger than 5 MB.")}
            status = 413
        elif upload is None:
            verdict = {"code": "missing", "message": _("Choose a PDF file to check.")}
            status = 400
        elif upload.size > MAX_UPLOAD:
            verdict = {"code": "too_large", "message": _("The file is larger than 5 MB.")}
            status = 413
        else:
            verdict = pdf_check(upload.read())
    return render(request, "documents/check.html", {"verdict": verdict}, status=status)


def _document(request, slug: str) -> CertificateDocument:
    certificate = certificate_get(user=request.user, slug=slug)
    document = CertificateDocument.objects.filter(certificate=certificate).first()
    if document is None:
        raise Http404("No document for this certificate")
    return document


@login_required
def download(request, slug: str):
    """The signed PDF, for the member who owns the IC and the staff of its office."""
    document = _document(request, slug)
    if document.status != DocStatus.SIGNED:
        raise Http404("The signed document is not ready yet")
    certificate = document.certificate
    audit_download(
        request=request,
        target=document,
        what=f"the signed PDF of IC {certificate.number}",
        name=document.file_name,
        scope=certificate,
    )
    # The current version: the file signed at issue plus any archive timestamps (B-LTA).
    version = document.versions.filter(current=True).first()
    return FileResponse(
        (version.file if version else document.file).open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type="application/pdf",
    )


@login_required
@require_POST
def retry(request, slug: str):
    require_staff(request.user)
    document = _document(request, slug)
    try:
        services.document_retry(by=request.user, document=document)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, getattr(exc, "messages", [str(exc)])[0])
    else:
        messages.success(request, _("Signing the document again: reload the page in a moment."))
    return redirect_next(request, request.POST.get("next"), "web:home")
