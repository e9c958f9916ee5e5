"""The rehearsal's people and its checks, read and written through Django (production settings).

Onboarding (an office clerk, a member firm verified on ICEGATE with an approved EPC, and its user)
is what staff do in their first weeks through pages that are not under rehearsal; it goes through
the same services those pages call, so nothing here bypasses a rule. Demo data is not loaded.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections
from journey import PDF

from icportal.common.identifiers import gstin_for

FIRM_PAN = "AAFCR4821K"
FIRM_STATE = "33"
MEMBER_EMAIL = "exports@rehearsal-tanners.example"
MEMBER_ICEGATE_ID = "REHEARSALTAN1"


@dataclass(frozen=True)
class People:
    staff_email: str
    member_email: str
    password: str
    iec: str
    member_icegate_id: str
    epc_id: int
    eligible_item_id: int


def onboard(password: str) -> People:
    from icportal.accounts.models import Role, User
    from icportal.common.dates import financial_year
    from icportal.entitlements import services as entitlements
    from icportal.entitlements.models import EligibleItem, SegmentGroup
    from icportal.members import services as members
    from icportal.members.models import RegistrationMethod, VerificationMethod
    from icportal.members.validation import member_data_clean, reference_data
    from icportal.offices.models import Office

    office = Office.objects.get(code="CHN")
    clerk = User.objects.create_user(
        email="clerk.chn@rehearsal.example",
        password=password,
        full_name="K. Ramesh",
        role=Role.STAFF,
        office=office,
        designation="Scrutiny Officer, Chennai",
    )
    data, errors = member_data_clean(
        {
            "legal_name": "Rehearsal Tanners Pvt Ltd",
            "iec": FIRM_PAN,
            "gstins": [gstin_for(FIRM_PAN, FIRM_STATE)],
            "segments": ["FW"],
            "office_code": "CHN",
            "gstn_email": "exports@rehearsal-tanners.example",
            "gstn_mobile": "9840012399",
            "rcmc_number": "CLE/CHN/RCMC/4821",
            "rcmc_valid_from": "01/04/2024",
            "rcmc_valid_to": "31/03/2029",
            "city": "Chennai",
            "state": "Tamil Nadu",
            "pincode": "600032",
            "address": "Plot 7, Leather Industrial Estate",
        },
        **reference_data(),
    )
    if errors:
        raise RuntimeError(f"member data refused: {errors}")
    member = members.member_create(by=clerk, data=data)
    user = User.objects.create_user(
        email=MEMBER_EMAIL,
        password=password,
        full_name="Lakshmi Narayanan",
        role=Role.MEMBER,
        member=member,
        designation="Exports Manager",
    )
    members.icegate_registration_claim(
        by=user,
        member=member,
        icegate_id=MEMBER_ICEGATE_ID,
        method=RegistrationMethod.SIMPLIFIED,
        email=user.email,
    )
    members.icegate_registration_verify(
        by=clerk, member=member, how=VerificationMethod.ICEGATE_LOOKUP, note="rehearsal"
    )
    others = SegmentGroup.objects.get(code="OTHERS")
    epc = entitlements.epc_submit(
        by=clerk,
        member=member,
        financial_year_of_entitlement=financial_year(),
        segment_group=others,
        fob_lines={"FW": Decimal("100000000")},
        ca_certificate=SimpleUploadedFile("ca.pdf", PDF, content_type="application/pdf"),
    )
    entitlements.epc_approve(by=clerk, epc=epc)
    item = EligibleItem.objects.get(segment_group=others, name="Buckles")
    return People(
        staff_email=clerk.email,
        member_email=user.email,
        password=password,
        iec=member.iec,
        member_icegate_id=MEMBER_ICEGATE_ID,
        epc_id=epc.pk,
        eligible_item_id=item.pk,
    )


def sandbox_seed(office_password: str, cert_pem: str):
    """What ICEGATE knows: the firm's GST record and registration, and the office's DSC."""
    return {
        "taxpayers": [
            {
                "gstin": gstin_for(FIRM_PAN, FIRM_STATE),
                "legal_name": "Rehearsal Tanners Pvt Ltd",
                "email": MEMBER_EMAIL,
                "mobile": "+919840012399",
                "iec": FIRM_PAN,
            }
        ],
        "registrations": [
            {
                "icegate_id": MEMBER_ICEGATE_ID,
                "password": secrets.token_urlsafe(8) + "-Aa1",
                "role": "IEC",
                "iec": FIRM_PAN,
                "email": MEMBER_EMAIL,
                "mobile": "+919840012399",
                "method": "simplified",
            },
            {
                "icegate_id": "CLEINDIA1984",
                "password": office_password,
                "role": "PGA",
                "pga_name": "Council for Leather Exports, Chennai",
                "email": "chennai@rehearsal.example",
                "mobile": "+919444000001",
                "method": "dsc",
                "certificate_pem": cert_pem,
            },
        ],
    }


@dataclass
class State:
    issued: list[str]  # IC numbers
    signed: int
    accepted: int  # uploads accepted with an IRN and a DRN
    leased_by: list[str]  # worker ids holding upload leases now
    mails_sent: int  # "IC uploaded" outbox rows sent
    problems: list[str]


def state() -> State:
    from icportal.certificates.models import ImportCertificate
    from icportal.documents.models import CertificateDocument, DocStatus
    from icportal.esanchit.models import Upload, UploadStatus
    from icportal.notifications.models import Email, EmailStatus

    close_old_connections()
    numbers = list(ImportCertificate.objects.order_by("pk").values_list("number", flat=True))
    signed = CertificateDocument.objects.filter(status=DocStatus.SIGNED).count()
    uploads = Upload.objects.all()
    accepted = uploads.filter(status=UploadStatus.ACCEPTED).exclude(irn="").exclude(drn="")
    leased = sorted(set(uploads.exclude(locked_by="").values_list("locked_by", flat=True)))
    problems = [
        f"upload of IC {u.certificate.number} {u.status}: {u.last_error or u.rejection_codes}"
        for u in uploads.filter(status=UploadStatus.REJECTED).select_related("certificate")
    ]
    problems += [
        f"document {d.file_name}: {d.last_error}"
        for d in CertificateDocument.objects.filter(status=DocStatus.FAILED)
    ]
    mails = Email.objects.filter(template="ic_uploaded", status=EmailStatus.SENT).count()
    return State(numbers, signed, accepted.count(), leased, mails, problems)


def final_problems(received_subjects: list[str]) -> list[str]:
    """Every issued IC: a signed document, one accepted upload with IRN/DRN, one mail received."""
    from icportal.certificates.models import ImportCertificate
    from icportal.esanchit.models import Upload, UploadStatus

    close_old_connections()
    problems = []
    uploaded = Counter(s.split(" ")[1] for s in received_subjects if " on e-SANCHIT: IRN " in s)
    for ic in ImportCertificate.objects.select_related("document").order_by("pk"):
        document = getattr(ic, "document", None)
        if document is None or document.status != "signed" or not document.sha256:
            problems.append(f"{ic.number}: no signed document")
        accepted = Upload.objects.filter(certificate=ic, status=UploadStatus.ACCEPTED)
        if accepted.count() != 1 or not (accepted[0].irn and accepted[0].drn):
            problems.append(f"{ic.number}: {accepted.count()} accepted uploads with IRN/DRN")
        if uploaded[ic.number] != 1:
            problems.append(f"{ic.number}: {uploaded[ic.number]} 'IC uploaded' mails received")
    return problems


def verification_code(number: str) -> str:
    from icportal.certificates.models import ImportCertificate

    return ImportCertificate.objects.get(number=number).verification_code


def failed_sign_ins_from(address: str) -> int:
    """Failed sign-ins the audit recorded with this client address (the proxy's, or the client's)."""
    from icportal.audit.models import AuditEvent, Verb

    close_old_connections()
    return sum(
        1
        for payload in AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED).values_list(
            "payload", flat=True
        )
        if payload.get("ip") == address
    )
