"""e-SANCHIT upload by a PGA user: every rule of the contract, reported per file.

Idempotency: a file whose (uploader, idempotency_key) already produced a document gets that first
result back and nothing new is stored. The unique constraint on (uploader, idempotency_key) is the
real guard: two concurrent retries both pass the quick look-up, one insert wins, the other catches
the IntegrityError and answers with the winner's result (on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import hashlib
from collections import Counter as Tally
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from icegate_sandbox import conf
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.formats import new_drn, new_irn
from icegate_sandbox.models import Document, Registration, Role
from icegate_sandbox.services import counters
from icegate_sandbox.services.inspection import pdf_inspect
from icegate_sandbox.services.mailbox import IrnMail, message_send

# The contract's table order; a file's errors are listed in this order.
RULES = (
    "BATCH_TOO_LARGE",
    "NOT_PDF",
    "TOO_LARGE",
    "NOT_PDFA",
    "DUPLICATE_FILENAME",
    "SIGNATURE_MISSING",
    "SIGNATURE_INVALID",
    "SIGNER_NOT_REGISTERED",
    "BENEFICIARY_NOT_REGISTERED",
    "UNKNOWN_DOCUMENT_TYPE",
    "NOT_AUTHORISED",
)
ACCEPTED = "ACCEPTED"
REJECTED = "REJECTED"


@dataclass(frozen=True)
class UploadItem:
    filename: str
    content: bytes
    beneficiary_type: str
    beneficiary_code: str
    document_type_code: str
    idempotency_key: str


@dataclass
class FileResult:
    filename: str
    status: str
    irn: str | None = None
    drn: str | None = None
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "filename": self.filename,
            "status": self.status,
            "irn": self.irn,
            "drn": self.drn,
            "errors": self.errors,
        }


@dataclass
class UploadOutcome:
    results: list[FileResult]
    request_error: SandboxError | None = None  # a rule that rejects the whole request


def _accepted(document: Document) -> FileResult:
    return FileResult(document.filename, ACCEPTED, document.irn, document.drn, [])


def _rejected(filename: str, problems: dict[str, str]) -> FileResult:
    errors = [{"code": code, "message": problems[code]} for code in RULES if code in problems]
    return FileResult(filename, REJECTED, None, None, errors)


def _beneficiary_emails(codes: set[str]) -> dict[str, list[str]]:
    emails: dict[str, list[str]] = {}
    rows = Registration.objects.filter(role=Role.IEC, iec__in=codes).order_by("registered_at")
    for iec, email in rows.values_list("iec", "email"):
        if email not in emails.setdefault(iec, []):
            emails[iec].append(email)
    return emails


def _store(
    *, uploader: Registration, item: UploadItem, emails: list[str]
) -> tuple[FileResult, str]:
    """Store one accepted file and mail its IRN, or answer a concurrent twin's first result.

    Returns the result and the counter it adds to (accepted, replayed or rejected).
    """
    type_name = conf.document_types()[item.document_type_code]
    for _ in range(3):
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    irn=new_irn(),
                    drn=new_drn(),
                    uploader=uploader,
                    idempotency_key=item.idempotency_key,
                    filename=item.filename,
                    beneficiary_type=item.beneficiary_type,
                    beneficiary_code=item.beneficiary_code,
                    document_type_code=item.document_type_code,
                    size_bytes=len(item.content),
                    sha256=hashlib.sha256(item.content).hexdigest(),
                    content=item.content,
                )
                for email in emails:
                    message_send(
                        payload=IrnMail(
                            to=email,
                            beneficiary_code=item.beneficiary_code,
                            irn=document.irn,
                            drn=document.drn,
                            document_type_code=item.document_type_code,
                            document_type_name=type_name,
                            uploader_icegate_id=uploader.icegate_id,
                            filename=item.filename,
                        )
                    )
        except IntegrityError:
            first = _first_result(uploader=uploader, idempotency_key=item.idempotency_key)
            if first is not None:
                return first, counters.UPLOADS_REPLAYED
            if Document.objects.filter(uploader=uploader, filename=item.filename).exists():
                problem = {"DUPLICATE_FILENAME": f"{item.filename} was uploaded by you already."}
                return _rejected(item.filename, problem), counters.UPLOADS_REJECTED
            continue  # an IRN or DRN collided with an existing one: draw new numbers
        return _accepted(document), counters.UPLOADS_ACCEPTED
    raise RuntimeError("could not draw a free IRN/DRN in three attempts")


def _first_result(*, uploader: Registration, idempotency_key: str) -> FileResult | None:
    document = (
        Document.objects.filter(uploader=uploader, idempotency_key=idempotency_key)
        .defer("content")
        .first()
    )
    return _accepted(document) if document else None


def _first_results(*, uploader: Registration, idempotency_keys: list[str]) -> dict:
    """The quick look-up of a whole batch's keys (the unique constraint is the real guard)."""
    documents = Document.objects.filter(
        uploader=uploader, idempotency_key__in=idempotency_keys
    ).defer("content")
    return {document.idempotency_key: _accepted(document) for document in documents}


def esanchit_upload(*, uploader: Registration, items: list[UploadItem]) -> UploadOutcome:
    """Check every file against every rule; store the ones that pass, each with an IRN and DRN.

    The beneficiary is e-mailed the IRN, DRN, document type and uploader ID at its ICEGATE e-mail.
    """
    tally = Tally({counters.UPLOADS_RECEIVED: len(items)})
    batch_too_large = len(items) > conf.MAX_BATCH_FILES
    not_authorised = uploader.role != Role.PGA
    whole_request_ok = not (batch_too_large or not_authorised)
    document_types = conf.document_types()
    names_in_batch = Tally(item.filename for item in items)
    names_used = set(
        Document.objects.filter(uploader=uploader, filename__in=list(names_in_batch)).values_list(
            "filename", flat=True
        )
    )
    emails = _beneficiary_emails({item.beneficiary_code for item in items})

    first_results = (
        _first_results(uploader=uploader, idempotency_keys=[item.idempotency_key for item in items])
        if whole_request_ok
        else {}
    )
    results: list[FileResult] = []
    for item in items:
        first = first_results.get(item.idempotency_key)
        if first is not None:
            tally[counters.UPLOADS_REPLAYED] += 1
            results.append(first)
            continue
        problems = _problems(
            item=item,
            uploader=uploader,
            batch_too_large=batch_too_large,
            not_authorised=not_authorised,
            duplicate=names_in_batch[item.filename] > 1 or item.filename in names_used,
            beneficiary_registered=item.beneficiary_code in emails,
            document_types=document_types,
        )
        if problems:
            tally[counters.UPLOADS_REJECTED] += 1
            results.append(_rejected(item.filename, problems))
        else:
            result, outcome = _store(
                uploader=uploader, item=item, emails=emails[item.beneficiary_code]
            )
            tally[outcome] += 1
            results.append(result)
    counters.counters_add(amounts=tally)

    request_error = None
    if batch_too_large:
        request_error = SandboxError(
            "BATCH_TOO_LARGE",
            f"{len(items)} files in one upload; the limit is {conf.MAX_BATCH_FILES}.",
            status=400,
        )
    elif not_authorised:
        request_error = SandboxError(
            "NOT_AUTHORISED",
            f"ICEGATE ID {uploader.icegate_id} is not a PGA user and cannot upload for others.",
            status=403,
        )
    return UploadOutcome(results=results, request_error=request_error)


def _problems(
    *,
    item: UploadItem,
    uploader: Registration,
    batch_too_large: bool,
    not_authorised: bool,
    duplicate: bool,
    beneficiary_registered: bool,
    document_types: dict[str, str],
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if batch_too_large:
        problems["BATCH_TOO_LARGE"] = (
            f"More than {conf.MAX_BATCH_FILES} files in one upload; send them in several."
        )
    size = len(item.content)
    if size > conf.MAX_FILE_BYTES:
        problems["TOO_LARGE"] = (
            f"The file is {size:,} bytes; the limit is {conf.MAX_FILE_BYTES:,} bytes (1 MB). "
            "Split the document."
        )
    if duplicate:
        problems["DUPLICATE_FILENAME"] = (
            f"{item.filename} appears twice in this upload or was uploaded by you already."
        )
    if not beneficiary_registered:
        problems["BENEFICIARY_NOT_REGISTERED"] = (
            f"IEC {item.beneficiary_code} has no ICEGATE registration: nobody to send the IRN to."
        )
    if item.document_type_code not in document_types:
        problems["UNKNOWN_DOCUMENT_TYPE"] = (
            f"Document type {item.document_type_code} is not in the list of document types."
        )
    if not_authorised:
        problems["NOT_AUTHORISED"] = "Only a PGA user can upload documents for a beneficiary."
    inspection = pdf_inspect(
        content=item.content, registered_certificate_sha256=uploader.certificate_sha256
    )
    problems.update(inspection.problems)
    return problems
