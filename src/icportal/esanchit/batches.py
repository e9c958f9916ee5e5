"""Manual mode: build a batch of up to 10 ICs, download it as a ZIP, record IRN/DRN per file."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.accounts import scopes
from icportal.accounts.roles import require_staff
from icportal.audit.models import Verb

from . import services
from .models import Batch, Upload, UploadMode, UploadStatus

MAX_BATCH = 10
# A batch holds at most 10 ICs, so a real table has about 10 lines (plus a header, blank lines, a
# second paste). 500 is generous; a 200,000-line paste is refused before anything is looked up.
TABLE_MAX_LINES = 500
COVER_HEADER = ("File name", "IC number", "Beneficiary IEC", "Document type code")


@transaction.atomic
def batch_create(*, by, uploads: list[Upload]) -> Batch:
    """Put up to 10 of the office's waiting ICs into one manual upload batch."""
    require_staff(by)  # before reading any row; the office is checked once it is known
    if not 1 <= len(uploads) <= MAX_BATCH:
        raise ValidationError(
            {"uploads": [_("Choose 1 to %(max)s ICs for one batch") % {"max": MAX_BATCH}]}
        )
    now = timezone.now()
    rows = list(
        Upload.objects.select_for_update()
        .filter(pk__in=[u.pk for u in uploads])
        .select_related("certificate__member", "document")
        .order_by("pk")
    )
    offices = {r.office_id for r in rows}
    if len(rows) != len(uploads) or len(offices) != 1:
        raise ValidationError({"uploads": [_("Choose ICs of one office only")]})
    office_id = offices.pop()
    scopes.require_own_office(
        by, office_id=office_id, message="Staff batch only their own office's ICs"
    )
    for row in rows:
        busy = row.locked_until and row.locked_until > now
        if (
            row.batch_id
            or busy
            or row.status
            not in (
                UploadStatus.WAITING,
                UploadStatus.FAILED_RETRYING,
            )
        ):
            raise ValidationError(
                {
                    "uploads": [
                        _("IC %(number)s is not waiting for upload")
                        % {"number": row.certificate.number}
                    ]
                }
            )
    names = [r.document.file_name.lower() for r in rows]
    if len(set(names)) != len(names):
        raise ValidationError({"uploads": [_("Two ICs have the same file name")]})
    batch = Batch.objects.create(office_id=office_id, created_by=by)
    for row in rows:
        row.batch = batch
        row.mode = UploadMode.MANUAL
        row.status = UploadStatus.WAITING
        row.next_attempt_at = None
        row.save(update_fields=["batch", "mode", "status", "next_attempt_at", "updated_at"])
        services._audit(row, Verb.UPLOAD_BATCHED, by=by, batch=batch.pk, count=len(rows))
    return batch


def cover_rows(batch: Batch) -> list[tuple[str, str, str, str]]:
    return [
        (
            u.document.file_name,
            u.certificate.number,
            u.certificate.member.iec,
            u.certificate.document_type_code,
        )
        for u in batch.uploads.select_related("document", "certificate__member").order_by("pk")
    ]


def batch_zip(*, batch: Batch) -> bytes:
    """The signed PDFs, plus a cover sheet as CSV and as printable HTML."""
    rows = cover_rows(batch)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for upload in batch.uploads.select_related("document").order_by("pk"):
            with upload.document.file.open("rb") as handle:
                archive.writestr(upload.document.file_name, handle.read())
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(COVER_HEADER)
        writer.writerows(rows)
        archive.writestr("cover-sheet.csv", text.getvalue())
        html = render_to_string(
            "esanchit/cover_sheet.html",
            {"batch": batch, "rows": rows, "header": COVER_HEADER},
        )
        archive.writestr("cover-sheet.html", html)
    return buffer.getvalue()


@dataclass(frozen=True)
class TableLine:
    number: int
    ref: str
    irn: str
    drn: str


def table_parse(text: str) -> tuple[list[TableLine], list[str]]:
    """Lines of "file name or IC number, IRN, DRN" split by tabs, commas, semicolons or spaces.

    ValidationError when the table has more than TABLE_MAX_LINES lines (nothing is recorded)."""
    rows = text.splitlines()
    if len(rows) > TABLE_MAX_LINES:
        raise ValidationError(
            {
                "table": [
                    _(
                        "The table has %(lines)s lines; give at most %(max_lines)s (one line per "
                        "file of the batch, which holds at most %(max_batch)s)"
                    )
                    % {
                        "lines": f"{len(rows):,}",
                        "max_lines": TABLE_MAX_LINES,
                        "max_batch": MAX_BATCH,
                    }
                ]
            }
        )
    lines, errors = [], []
    for number, raw in enumerate(rows, start=1):
        raw = raw.strip()
        if not raw:
            continue
        if re.search(r"[\t,;|]", raw):
            parts = [p.strip() for p in re.split(r"[\t,;|]", raw) if p.strip()]
        else:
            parts = raw.rsplit(None, 2)  # a file name may hold spaces; IRN and DRN never do
        if len(parts) != 3:
            errors.append(
                _("Line %(number)s: give the file name or IC number, the IRN and the DRN")
                % {"number": number}
            )
            continue
        if parts[0].lower() in ("file name", "filename", "ic number", "file"):
            continue  # a pasted header row
        lines.append(TableLine(number, parts[0], parts[1], parts[2]))
    return lines, errors


def _by_ref(batch: Batch) -> dict[str, Upload]:
    """The batch's uploads (at most 10) by every name a line may give them: one query."""
    found = {}
    for upload in batch.uploads.select_related("document", "certificate"):
        for ref in (upload.document.file_name, upload.certificate.number, upload.certificate.slug):
            found.setdefault(ref.strip().lower(), upload)
    return found


@transaction.atomic
def batch_record(*, by, batch: Batch, entries: list[TableLine]) -> tuple[list[Upload], list[str]]:
    """Record IRN/DRN per file; good lines are kept even when others are wrong (finish later).

    The batch's uploads are read once, so lines that match none or repeat one cost no query: the
    queries grow with the batch (at most 10 ICs), not with the table."""
    scopes.require_own_office(
        by, office_id=batch.office_id, message="Staff record only their own office's batches"
    )
    uploads = _by_ref(batch)
    recorded, errors, seen_refs, seen_irns = [], [], set(), set()
    for line in entries:
        upload = uploads.get(line.ref.strip().lower())
        if upload is None:
            errors.append(
                _("Line %(number)s: %(ref)s is not a file or IC of this batch")
                % {"number": line.number, "ref": line.ref}
            )
            continue
        if upload.pk in seen_refs:
            errors.append(
                _("Line %(number)s: %(ref)s appears twice; give one IRN per file")
                % {"number": line.number, "ref": line.ref}
            )
            continue
        seen_refs.add(upload.pk)
        try:
            irn, drn = services.irn_clean(irn=line.irn, drn=line.drn)
            if irn in seen_irns:
                raise ValidationError(
                    {"irn": [_("IRN %(irn)s is given for two files") % {"irn": irn}]}
                )
            seen_irns.add(irn)
            # irn_record checks IRN/DRN against other ICs under the row lock (a savepoint each).
            recorded.append(services.irn_record(upload=upload, irn=irn, drn=drn, by=by))
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms]
            errors.append(
                _("Line %(number)s (%(ref)s): %(problems)s")
                % {"number": line.number, "ref": line.ref, "problems": "; ".join(messages)}
            )
    batch_complete_check(batch=batch)
    return recorded, errors


def batch_complete_check(*, batch: Batch) -> bool:
    pending = batch.uploads.filter(~Q(status=UploadStatus.ACCEPTED)).exists()
    if not pending and batch.completed_at is None:
        Batch.objects.filter(pk=batch.pk, completed_at__isnull=True).update(
            completed_at=timezone.now()
        )
        batch.refresh_from_db()
    return not pending
