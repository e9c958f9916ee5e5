"""bench/pipeline.py's people and readings, through Django in the bench's own process.

An office (Chennai) with a signing identity, a member verified on ICEGATE with an EPC big enough
for every IC, its user and an officer; N applications submitted through the real services. The
approval is the office's: the workbench's bulk job (or, one at a time, `certificate_issue` as the
web request calls it). Readings are plain queries: what was issued when, how far each IC got.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import close_old_connections

SECRET_ENV = "ICPORTAL_BENCH_P12_PASSPHRASE"
VALUE = "1200.50"  # per IC; the EPC credits 5 % of its FOB
THROUGH = 20  # applications submitted through the services; the others are copies


@dataclass
class World:
    office_code: str
    office_icegate_id: str
    member_id: int
    member_iec: str
    user_id: int
    officer_id: int
    epc_id: int
    application_ids: list[int]


def people(keys_dir: Path, ics: int) -> World:
    """Office signing identity, member, officer and an EPC credited for `ics` ICs and more."""
    from tests.certificates import factories as f

    from icportal.documents import services as documents
    from icportal.documents.devkeys import ensure_office_keys

    member, user, officer, epc = f.ready(fob=Decimal(VALUE) * 20 * (ics + 100))
    office = member.office
    (key,) = ensure_office_keys(keys_dir, [(office.code, office.name)])
    documents.identity_register_pkcs12(
        office=office,
        p12_path=key.p12_path,
        secret_env=SECRET_ENV,
        certificate_pem=key.cert_pem_path.read_text(),
    )
    return World(
        office.code, office.icegate_id, member.pk, member.iec, user.pk, officer.pk, epc.pk, []
    )


def applications_submit(world: World, count: int, log) -> list[int]:
    """`count` submitted applications: the first few through the services (create, save, two
    attachments, submit), the rest copies of the last one with the next references, written in
    bulk (submitting 10,000 one by one would take longer than issuing them)."""
    from tests.certificates import factories as f

    from icportal.accounts.models import User
    from icportal.entitlements.models import Epc

    user, epc = User.objects.get(pk=world.user_id), Epc.objects.get(pk=world.epc_id)
    ids = [
        f.submitted_application(user, epc, values=(VALUE,)).pk for _ in range(min(count, THROUGH))
    ]
    if count > len(ids):
        ids += _copies(ids[-1], count - len(ids), log)
    world.application_ids += ids
    return ids


def _copies(template_id: int, count: int, log) -> list[int]:
    from django.db import transaction

    from icportal.certificates.models import Application, Attachment, Item
    from icportal.common.counters import format_number
    from icportal.common.models import Counter

    template = Application.objects.select_related("office").get(pk=template_id)
    items = list(Item.objects.filter(application=template))
    attachments = list(Attachment.objects.filter(application=template))
    year = template.reference.split("/")[3]
    ids = []
    for start in range(0, count, 1000):
        size = min(1000, count - start)
        with transaction.atomic():
            counter = Counter.objects.select_for_update().get(
                office=template.office, financial_year=year, kind="APP"
            )
            rows = []
            for value in range(counter.last_value + 1, counter.last_value + size + 1):
                row = Application(**_fields(template))
                row.reference = format_number(
                    office=template.office, financial_year=year, kind="APP", value=value
                )
                rows.append(row)
            counter.last_value += size
            counter.save(update_fields=["last_value"])
            made = Application.objects.bulk_create(rows)
            copies = []
            for application in made:
                for model_rows in (items, attachments):
                    for original in model_rows:
                        copy = type(original).objects.model(**_fields(original))
                        copy.application_id = application.pk
                        copies.append(copy)
            Item.objects.bulk_create([c for c in copies if isinstance(c, Item)])
            Attachment.objects.bulk_create([c for c in copies if isinstance(c, Attachment)])
        ids += [a.pk for a in made]
        log(f"  {start + size} of {count} copies written")
    return ids


def _fields(row) -> dict:
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key
    }


def sandbox_seed(world: World, cert_pem: str, password: str) -> dict:
    """What ICEGATE knows: the office's PGA uploader ID bound to its DSC, and the member."""
    from icportal.members.models import Member

    member = Member.objects.get(pk=world.member_id)
    return {
        "taxpayers": [
            {
                "gstin": member.primary_gstin,
                "legal_name": member.legal_name,
                "email": member.gstn_email,
                "mobile": "+919840012345",
                "iec": member.iec,
            }
        ],
        "registrations": [
            {
                "icegate_id": world.office_icegate_id,
                "password": password,
                "role": "PGA",
                "pga_name": "Council for Leather Exports, pipeline bench",
                "email": "office@pipeline.example",
                "mobile": "+919444000000",
                "method": "dsc",
                "certificate_pem": cert_pem,
            },
            {
                "icegate_id": "MEMBER" + member.iec,
                "password": password,
                "role": "IEC",
                "iec": member.iec,
                "email": member.gstn_email,
                "mobile": "+919840012345",
                "method": "simplified",
            },
        ],
    }


def approve_bulk(world: World, application_ids: list[int]) -> int:
    """The office ticks the applications in its queue, a page of MAX_SELECTION at a time."""
    from icportal.accounts.models import User
    from icportal.certificates.models import Application
    from icportal.workbench.services import bulk_issue_start
    from icportal.workbench.services.start import MAX_SELECTION

    officer = User.objects.get(pk=world.officer_id)
    chosen = list(Application.objects.filter(pk__in=application_ids).order_by("pk"))
    jobs = 0
    for start in range(0, len(chosen), MAX_SELECTION):
        page = chosen[start : start + MAX_SELECTION]
        bulk_issue_start(by=officer, applications=[(a.slug, a.version) for a in page])
        jobs += 1
    return jobs


def approve_one(world: World, application_id: int) -> str:
    """As the approve button does: `certificate_issue`, with its on-commit work in this process."""
    from icportal.accounts.models import User
    from icportal.certificates.models import Application
    from icportal.certificates.services import certificate_issue

    officer = User.objects.get(pk=world.officer_id)
    application = Application.objects.get(pk=application_id)
    return certificate_issue(by=officer, application=application).number


@dataclass
class Progress:
    issued: int
    signed: int
    accepted: int
    mails_sent: int
    problems: list[str]

    def __str__(self):
        return (
            f"issued {self.issued}, signed {self.signed}, uploaded {self.accepted}, "
            f"mails sent {self.mails_sent}"
        )


def progress() -> Progress:
    from icportal.certificates.models import ImportCertificate
    from icportal.documents.models import CertificateDocument, DocStatus
    from icportal.esanchit.models import Upload, UploadStatus
    from icportal.notifications.models import Email, EmailStatus
    from icportal.workbench.models import BulkJobItem, ItemOutcome

    close_old_connections()
    problems = [
        f"bulk item {ref}: {message}"
        for ref, message in BulkJobItem.objects.filter(outcome=ItemOutcome.REFUSED).values_list(
            "target_ref", "message"
        )[:5]
    ]
    problems += [
        f"document {name}: {error}"
        for name, error in CertificateDocument.objects.filter(status=DocStatus.FAILED).values_list(
            "file_name", "last_error"
        )[:5]
    ]
    problems += [
        f"upload {key}: {error}"
        for key, error in Upload.objects.filter(status=UploadStatus.REJECTED).values_list(
            "idempotency_key", "last_error"
        )[:5]
    ]
    return Progress(
        issued=ImportCertificate.objects.count(),
        signed=CertificateDocument.objects.filter(status=DocStatus.SIGNED).count(),
        accepted=Upload.objects.filter(status=UploadStatus.ACCEPTED).exclude(irn="").count(),
        mails_sent=Email.objects.filter(template="ic_uploaded", status=EmailStatus.SENT).count(),
        problems=problems,
    )


def timeline() -> dict[str, dict[str, float]]:
    """IC number -> epoch seconds it was issued, signed and accepted on e-SANCHIT."""
    from icportal.certificates.models import ImportCertificate
    from icportal.esanchit.models import Upload, UploadStatus

    close_old_connections()
    rows = ImportCertificate.objects.values_list("pk", "number", "issued_at", "document__signed_at")
    times = {}
    by_pk = {}
    for pk, number, issued_at, signed_at in rows:
        times[number] = {"issued": issued_at.timestamp()}
        if signed_at:
            times[number]["signed"] = signed_at.timestamp()
        by_pk[pk] = number
    for certificate_id, accepted_at in Upload.objects.filter(
        status=UploadStatus.ACCEPTED
    ).values_list("certificate_id", "accepted_at"):
        if accepted_at and certificate_id in by_pk:
            times[by_pk[certificate_id]]["uploaded"] = accepted_at.timestamp()
    return times


def workers_seen() -> int:
    from icportal.common.models import WorkerHeartbeat

    close_old_connections()
    return WorkerHeartbeat.objects.count()
