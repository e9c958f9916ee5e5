"""Upload checks: type by content (not by name), size limits."""

from __future__ import annotations

import io

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF_MAX_BYTES_DEFAULT = 5 * 1024 * 1024


def check_pdf_upload(upload, *, field: str, label: str, max_bytes: int | None = None) -> None:
    """A PDF that a PDF parser opens (not just "%PDF-" near the start), with at least one page, at
    most `max_bytes` (settings.ATTACHMENT_MAX_BYTES by default). Customs and the office open these
    files later: a renamed or broken file is refused now, with the field's name in the message."""
    limit = max_bytes or getattr(settings, "ATTACHMENT_MAX_BYTES", PDF_MAX_BYTES_DEFAULT)
    if upload is None:
        raise ValidationError({field: [_("Attach the %(label)s as a PDF") % {"label": label}]})
    if upload.size > limit:
        raise ValidationError(
            {
                field: [
                    _("The %(label)s is %(size)s MB: the limit is %(limit)d MB")
                    % {
                        "label": label,
                        "size": f"{upload.size / 1048576:.1f}",
                        "limit": limit // 1048576,
                    }
                ]
            }
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError({field: [_("The %(label)s must be a PDF file") % {"label": label}]})
    problem = _pdf_problem(upload)
    upload.seek(0)
    if problem:
        raise ValidationError({field: [problem % {"label": label}]})


def _pdf_problem(upload) -> str:
    """Why the parser cannot use the file (a sentence with %(label)s), or "". Cheap: qpdf reads the cross-reference table and
    the page tree, not the page contents."""
    try:
        source = upload.temporary_file_path()  # a large upload Django already put on disk
    except AttributeError:
        upload.seek(0)
        source = io.BytesIO(upload.read())
    try:
        with pikepdf.open(source) as pdf:
            pages = len(pdf.pages)
    except pikepdf.PasswordError:
        return _(
            "The %(label)s is password-protected: save it without a password and attach it again"
        )
    except (pikepdf.PdfError, ValueError, RuntimeError):
        return _(
            "The %(label)s is damaged or not really a PDF (a PDF reader cannot open it): save it "
            "again as PDF"
        )
    return "" if pages else _("The %(label)s has no pages")
