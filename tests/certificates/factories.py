"""Build EPCs, applications and certificates through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from icportal.certificates import services
from icportal.common.dates import financial_year, ist_today
from icportal.entitlements import services as entitlement_services
from icportal.entitlements.models import EligibleItem, SegmentGroup
from icportal.members.models import IcegateRegistration, RegistrationStatus
from tests import factories

# A real (tiny) one-page PDF: uploads must open in a PDF parser (common.files.check_pdf_upload).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name="doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def verified(member):
    IcegateRegistration.objects.filter(member=member).update(
        status=RegistrationStatus.VERIFIED, icegate_id=f"ID{member.iec}", email=member.gstn_email
    )
    member.refresh_from_db()
    return member


def others_group() -> SegmentGroup:
    return SegmentGroup.objects.get(code="OTHERS")


def approved_epc(member, officer, fob=Decimal("1000000"), fy=None, segment="FW"):
    """An approved EPC: 5% of `fob` for footwear (the default segment of MemberFactory)."""
    epc = entitlement_services.epc_submit(
        by=officer,
        member=member,
        financial_year_of_entitlement=fy or financial_year(),
        segment_group=others_group(),
        fob_lines={segment: fob},
        ca_certificate=pdf("ca.pdf"),
    )
    return entitlement_services.epc_approve(by=officer, epc=epc)


def item_row(value="1000.00", name="Buckles", **overrides):
    item = EligibleItem.objects.get(segment_group__code="OTHERS", name=name)
    row = {
        "eligible_item": item.pk,
        "description": f"{name} for shoes",
        "hs_code": "83089011",
        "quantity": "100",
        "unit": "PCS",
        "value_inr": value,
    }
    row.update(overrides)
    return row


def header(**overrides):
    data = {
        "invoice_no": "INV-2026-0042",
        "invoice_date": ist_today() - dt.timedelta(days=3),
        "supplier_name": "Guangzhou Metal Trims Co",
        "supplier_address": "Baiyun District, Guangzhou",
        "country_of_origin": "CN",
        "port_code": "INMAA1",
        "channel": "ices",
    }
    data.update(overrides)
    return data


def submitted_application(member_user, epc, values=("1000.00",), **header_overrides):
    app = services.application_create(by=member_user, member=member_user.member, epc=epc)
    app = services.application_save(
        by=member_user,
        application=app,
        header=header(**header_overrides),
        items=[item_row(v) for v in values],
    )
    services.attachment_add(by=member_user, application=app, kind="invoice", upload=pdf("inv.pdf"))
    services.attachment_add(
        by=member_user, application=app, kind="draft_boe", upload=pdf("boe.pdf")
    )
    return services.application_submit(by=member_user, application=app)


def ready(member=None, fob=Decimal("1000000")):
    """A verified member with a user, an officer of its office and an approved EPC."""
    member = verified(member or factories.MemberFactory())
    user = factories.member_user(member=member)
    officer = factories.staff_user(member.office.code)
    return member, user, officer, approved_epc(member, officer, fob=fob)
