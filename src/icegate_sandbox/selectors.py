"""Every read the sandbox makes for its API and pages, scoped by who asks."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, QuerySet

from icegate_sandbox import conf
from icegate_sandbox.formats import IST, normalise_reference
from icegate_sandbox.identifiers import normalise_address
from icegate_sandbox.models import Document, Message, Registration, Role
from icegate_sandbox.services.counters import counter_values


def documents_visible_to(*, registration: Registration) -> QuerySet[Document]:
    """A PGA user sees what it uploaded; an IEC holder sees what was uploaded for its IEC."""
    documents = Document.objects.select_related("uploader").defer("content")
    if registration.role == Role.PGA:
        return documents.filter(uploader=registration)
    return documents.filter(beneficiary_code=registration.iec)


def document_search(
    *,
    registration: Registration,
    irn: str = "",
    drn: str = "",
    beneficiary_code: str = "",
    uploaded_on: date | None = None,
    limit: int = 500,
) -> list[Document]:
    documents = documents_visible_to(registration=registration)
    if irn:
        documents = documents.filter(irn=normalise_reference(irn))
    if drn:
        documents = documents.filter(drn=normalise_reference(drn))
    if beneficiary_code:
        documents = documents.filter(beneficiary_code=normalise_reference(beneficiary_code))
    if uploaded_on:
        start = datetime.combine(uploaded_on, time.min, tzinfo=IST)
        end = datetime.combine(uploaded_on, time.max, tzinfo=IST)
        documents = documents.filter(uploaded_at__range=(start, end))
    return list(documents.order_by("-uploaded_at", "-pk")[:limit])


def document_get(*, registration: Registration, irn: str, with_content: bool = False):
    documents = documents_visible_to(registration=registration)
    if with_content:
        documents = documents.defer(None)
    return documents.filter(irn=normalise_reference(irn)).first()


def document_as_dict(document: Document) -> dict:
    return {
        "irn": document.irn,
        "drn": document.drn,
        "filename": document.filename,
        "document_type_code": document.document_type_code,
        "document_type_name": conf.document_types().get(document.document_type_code, ""),
        "beneficiary_type": document.beneficiary_type,
        "beneficiary_code": document.beneficiary_code,
        "uploader_icegate_id": document.uploader.icegate_id,
        "uploaded_at": document.uploaded_at.isoformat(),
        "size_bytes": document.size_bytes,
        "sha256": document.sha256,
    }


def registrations_for_iec(*, iec: str) -> list[dict]:
    rows = Registration.objects.filter(iec=normalise_reference(iec)).order_by("registered_at")
    return [
        {
            "icegate_id": r.icegate_id,
            "method": r.method,
            "role": r.role,
            "email": r.email,
            "registered_at": r.registered_at.isoformat(),
        }
        for r in rows
    ]


def mailbox(*, to: str = "", limit: int = 200) -> list[Message]:
    messages = Message.objects.all()
    if to:
        messages = messages.filter(to=normalise_address(to))
    return list(messages.order_by("-sent_at", "-pk")[:limit])


def message_as_dict(message: Message) -> dict:
    return {
        "id": message.pk,
        "channel": message.channel,
        "kind": message.kind,
        "to": message.to,
        "subject": message.subject,
        "body": message.body,
        "data": message.data,
        "sent_at": message.sent_at.isoformat(),
    }


def stats() -> dict:
    """Proof that nothing was stored twice: documents and the most documents for one key."""
    per_key = (
        Document.objects.values("uploader_id", "idempotency_key")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    )
    counted = counter_values()
    names = (
        "upload_requests",
        "uploads_received",
        "uploads_accepted",
        "uploads_rejected",
        "uploads_replayed",
        "faults_injected",
        "faults_after_storage",
    )
    return {
        "documents": Document.objects.count(),
        "documents_per_idempotency_key_max": per_key or 0,
        **{name: counted.get(name, 0) for name in names},
        "registrations": Registration.objects.count(),
        "messages": Message.objects.count(),
    }
