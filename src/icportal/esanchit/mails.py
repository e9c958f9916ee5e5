"""The "IC uploaded" mail (circular point 2): esanchit owns the upload, so it writes the mail.

`services.irn_record` calls `ic_uploaded_notify` in the transaction that accepts the upload, and
`services.uploads_answer` calls `ic_uploaded_notify_many` for a batch accepted together; the
outbox (notifications) only queues and delivers what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from icportal.certificates.links import certificate_link
from icportal.notifications.models import Email
from icportal.notifications.services import Notice, notify_member, notify_members
from icportal.notifications.templates import register

from .models import Upload, UploadStatus


@dataclass(frozen=True)
class IcUploadedPayload:
    member_name: str
    ic_number: str
    invoice_no: str
    bill_of_entry_no: str  # "not yet known" (lazy) until the member reports it
    drn: str
    irn: str
    uploader_icegate_id: str
    document_type_code: str
    link: str


IC_UPLOADED = register(
    "ic_uploaded",
    payload=IcUploadedPayload,
    subject=_("IC {ic_number} on e-SANCHIT: IRN {irn}, DRN {drn}"),
)


# What the mail reads of an upload's neighbours (with the upload, in one query).
MAIL_READS = (
    "certificate__application",
    "certificate__member",
    "certificate__office",
    "office",
)


def _notice(upload: Upload) -> Notice:
    if upload.status != UploadStatus.ACCEPTED:
        raise ValueError(f"Upload {upload.pk} is {upload.status}, not accepted")
    certificate = upload.certificate
    application = certificate.application
    payload = IcUploadedPayload(
        member_name=certificate.member.legal_name,
        ic_number=certificate.number,
        invoice_no=application.invoice_no or "—",
        bill_of_entry_no=application.boe_no or _("not yet known"),  # lazy: the reader's language
        drn=upload.drn,
        irn=upload.irn,
        uploader_icegate_id=(upload.office or certificate.office).icegate_id,
        document_type_code=certificate.document_type_code,
        link=certificate_link(certificate),
    )
    return Notice(
        member=certificate.member,
        template=IC_UPLOADED,
        payload=payload,
        dedupe_key=f"ic-uploaded:{upload.pk}",
    )


def ic_uploaded_notify(*, upload: Upload) -> list[Email]:
    """Tell the member an IC is on e-SANCHIT, with all they must quote in the Bill of Entry.

    Calling it again for the same upload (a retry, a second worker) queues nothing more.
    """
    upload = (
        Upload.objects.select_related(*MAIL_READS, "certificate__member__office")
        .filter(pk=upload.pk)
        .get()
    )
    notice = _notice(upload)
    return notify_member(
        member=notice.member,
        template=notice.template,
        payload=notice.payload,
        dedupe_key=notice.dedupe_key,
    )


def ic_uploaded_notify_many(*, uploads: list[Upload], fresh: bool = False) -> list[Email]:
    """`ic_uploaded_notify` for uploads accepted together, read with MAIL_READS by the caller
    (`fresh`: see `notify_members`)."""
    return notify_members(notices=[_notice(upload) for upload in uploads], fresh=fresh)
