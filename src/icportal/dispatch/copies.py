"""A numbered certified copy as printed paper: only from the copy register, quoting the IC's
e-SANCHIT references, and marked across the page when the IC is no longer in force."""

from __future__ import annotations

from icportal.certificates.models import CertStatus
from icportal.common.dates import IST
from icportal.documents.downloads import certified_copy_response
from icportal.esanchit.models import Upload, UploadStatus

from .models import PhysicalCopy


def copy_in_register(*, certificate, copy_number: int) -> PhysicalCopy | None:
    """The copy the register gave this number to (callers have checked they may see the IC)."""
    return (
        PhysicalCopy.objects.select_related("request", "certificate")
        .filter(certificate=certificate, copy_number=copy_number)
        .first()
    )


def copy_references(certificate) -> dict:
    """IRN, DRN and uploader ICEGATE ID of the IC's accepted upload; none for a paper IC."""
    upload = (
        Upload.objects.select_related("office")
        .filter(certificate=certificate, status=UploadStatus.ACCEPTED)
        .first()
    )
    if upload is None:
        return {}
    return {
        "IRN": upload.irn,
        "DRN": upload.drn,
        "Uploader ICEGATE ID": (upload.office or certificate.office).icegate_id,
    }


def withdrawn_notice(certificate) -> str:
    """What a copy of a cancelled or replaced IC says across its page ("" while in force)."""
    if certificate.status == CertStatus.CANCELLED:
        when = (
            f" on {certificate.cancelled_at.astimezone(IST):%d/%m/%Y}"
            if certificate.cancelled_at
            else ""
        )
        return f"CANCELLED{when}: this IC is not valid. Do not accept this copy."
    if certificate.status == CertStatus.SUPERSEDED:
        replaced_by = getattr(certificate, "replaced_by", None)
        by = f" by IC {replaced_by.number}" if replaced_by else ""
        return f"REPLACED{by}: this IC is not valid. Do not accept this copy."
    return ""


def copy_pdf_response(request, *, copy: PhysicalCopy, target):
    certificate = copy.certificate
    return certified_copy_response(
        request,
        target=target,
        certificate=certificate,
        copy_number=copy.copy_number,
        name=f"{certificate.slug}_COPY-{copy.copy_number}.pdf",
        references=copy_references(certificate),
        withdrawn=withdrawn_notice(certificate),
    )
