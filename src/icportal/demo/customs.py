"""Demo notices to customs and a complaint escalated to a customs house (issue 15 §2, §3).

Two ICs of the demo's history (signed and uploaded on past days) are cancelled: a Chennai one, whose
port's customs house head office has confirmed, is noticed by signed letter and mail; a Delhi one,
whose port (Delhi air) is still "to be confirmed" in the directory, waits for the Delhi office to
send it by hand. A Chennai complaint is escalated to the customs house of its port.

`people.load()` calls `build()` once, inside its transaction, after `history.build()` and
`tables.build()` (whose cancelled IC customs then hears of too).
"""

from __future__ import annotations

from icportal.accounts.models import User
from icportal.certificates import services as ic
from icportal.certificates.models import CertStatus, ImportCertificate
from icportal.common.dates import ist_today
from icportal.complaints import services as complaints
from icportal.customs import services as customs
from icportal.customs.models import CustomsHouse
from icportal.esanchit.models import Upload, UploadStatus


def _latest_uploaded(office_code: str, skip: int = 0) -> ImportCertificate | None:
    return (
        ImportCertificate.objects.filter(
            office__code=office_code,
            status=CertStatus.ISSUED,
            application__invoice_no__startswith="INV/H/",
            uploads__status=UploadStatus.ACCEPTED,
        )
        .order_by("-issued_at")[skip : skip + 1]
        .first()
    )


def build() -> None:
    head = User.objects.get(email="admin@cle.example")
    staff = {u.office.code: u for u in User.objects.filter(role="staff").select_related("office")}
    customs.customs_house_update(
        by=head,
        house=CustomsHouse.objects.get(port_code="INMAA1"),
        officer_name="Shri K. Raghavan, Assistant Commissioner (Imports)",
        officer_email="ac-imports.chennai-sea@customs.example",
        to_be_confirmed=False,
    )
    chennai = _latest_uploaded("CHN")
    delhi = _latest_uploaded("DEL")
    for certificate, reason in (
        (chennai, "The member cleared the goods under another IC; this one was not used"),
        (delhi, "Supplier cancelled the consignment"),
    ):
        if certificate is not None:
            ic.certificate_cancel(
                by=staff[certificate.office.code], certificate=certificate, reason=reason
            )
    customs.notices_find()  # what the worker's customs.find does
    customs.notices_send_due(
        owner="demo"
    )  # and customs.send: the Chennai letter is signed and mailed
    complained = _latest_uploaded("CHN")
    if complained is not None:
        _customs_side_complaint(staff["CHN"], complained)


def _customs_side_complaint(officer, certificate) -> None:
    """Everything quoted is right; the office sends it to the customs house of the port."""
    upload = Upload.objects.get(certificate=certificate, status=UploadStatus.ACCEPTED)
    member_user = User.objects.filter(member=certificate.member).order_by("pk").first()
    complaint = complaints.complaint_file(
        by=member_user,
        certificate=certificate,
        data={
            "company_name": certificate.member.legal_name,
            "iec": certificate.member.iec,
            "boe_no": "4567311",
            "boe_date": ist_today(),
            "port_code": "INMAA1",
            "ic_number": certificate.number,
            "irn": upload.irn,
            "drn": upload.drn,
            "uploader_icegate_id": certificate.office.icegate_id,
            "official_name": "M. Selvi",
            "official_designation": "Appraiser, Chennai Sea",
            "official_mobile": "9840011223",
            "officer_said": "The DRN screen in our system shows no document for this Bill of Entry.",
        },
    )
    complaints.complaint_assign(by=officer, complaint=complaint)
    complaints.complaint_escalate(by=officer, complaint=complaint, side="customs")
