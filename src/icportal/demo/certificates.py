"""Demo EPCs, IC applications and certificates in every state (part of `icportal demo_data`),
with physical copies, complaints and one finished bulk job (`workbench`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from icportal.accounts.models import User
from icportal.certificates import services as ic
from icportal.certificates.affidavits import items_needing_affidavit
from icportal.certificates.validation import HEADER_FIELDS
from icportal.common.dates import financial_year, ist_today
from icportal.complaints import services as complaints
from icportal.dispatch import services as dispatch
from icportal.dispatch.models import Method, Reason
from icportal.entitlements import services as ent
from icportal.entitlements.models import EligibleItem, SegmentGroup
from icportal.members.models import Member

from . import workbench

# A real (tiny) PDF so attachments open in a browser.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 58>>stream\nBT /F1 18 Tf 72 760 Td (Demo document - icportal) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name: str) -> ContentFile:
    return ContentFile(_PDF, name=name)


SUPPLIERS = [
    ("Guangzhou Baiyun Metal Trims Co Ltd", "Baiyun District, Guangzhou, China", "CN"),
    ("YKK Italia S.p.A.", "Via Monte Nero 6, Vercelli, Italy", "IT"),
    ("Dongguan Huanan Hardware Factory", "Houjie Town, Dongguan, China", "CN"),
    ("Coats Thread Germany GmbH", "Kaiserstrasse 1, Kenzingen, Germany", "DE"),
]

FOOTWEAR_LINES = [
    ("Buckles", "Antique brass buckles 25 mm", "83089011", "5000", "PCS", "185000.00"),
    ("Eyelets", "Nickel-free eyelets 4 mm", "83089031", "40000", "PCS", "62000.00"),
    (
        "Slide fasteners (zip fasteners)",
        "Metal zip fasteners no. 5, 18 cm",
        "96071100",
        "3000",
        "PCS",
        "96500.00",
    ),
    ("Sewing thread", "Bonded nylon thread tex 70", "54011000", "600", "KGS", "214000.00"),
    (
        "Velcro hook and loop tapes",
        "Hook and loop tape 20 mm black",
        "58061000",
        "2500",
        "MTR",
        "41250.00",
    ),
]
GARMENT_LINES = [
    (
        "Fasteners including buttons, snap fasteners, snap buttons and zippers",
        "Snap buttons 15 mm gunmetal",
        "96062100",
        "20000",
        "PCS",
        "88000.00",
    ),
    (
        "Lining and interlining",
        "Polyester satin lining 150 cm",
        "54075200",
        "3000",
        "MTR",
        "276000.00",
    ),
    ("Shoulder pads", "Raglan shoulder pads", "62179090", "4000", "PRS", "52000.00"),
]


def _rows(lines, group_code):
    items = {i.name: i for i in EligibleItem.objects.filter(segment_group__code=group_code)}
    return [
        {
            "eligible_item": items[n].pk,
            "description": d,
            "hs_code": h,
            "quantity": q,
            "unit": u,
            "value_inr": v,
        }
        for n, d, h, q, u, v in lines
    ]


def _epc(member, by, group_code, fob_lines, approve_by=None):
    epc = ent.epc_submit(
        by=by,
        member=member,
        financial_year_of_entitlement=financial_year(),
        segment_group=SegmentGroup.objects.get(code=group_code),
        fob_lines=fob_lines,
        ca_certificate=pdf("ca-certificate.pdf"),
    )
    return ent.epc_approve(by=approve_by, epc=epc) if approve_by else epc


def _application(
    user, epc, number, lines, group_code, supplier=0, channel="ices", submit=True, boe=None
):
    name, address, country = SUPPLIERS[supplier % len(SUPPLIERS)]
    app = ic.application_create(by=user, member=user.member, epc=epc)
    header = {
        "invoice_no": f"INV/{number}",
        "invoice_date": ist_today() - dt.timedelta(days=4),
        "supplier_name": name,
        "supplier_address": address,
        "country_of_origin": country,
        "port_code": "INMAA1" if user.member.office.code in ("CHN",) else "INDEL4",
        "channel": channel,
    }
    if boe:
        header.update(boe_no=boe, boe_date=ist_today() - dt.timedelta(days=1))
    app = ic.application_save(
        by=user, application=app, header=header, items=_rows(lines, group_code)
    )
    ic.attachment_add(by=user, application=app, kind="invoice", upload=pdf(f"invoice-{number}.pdf"))
    if channel == "ices":
        ic.attachment_add(
            by=user, application=app, kind="draft_boe", upload=pdf(f"draft-boe-{number}.pdf")
        )
    affidavits_attach(user, app, number)
    return ic.application_submit(by=user, application=app) if submit else app


def affidavits_attach(user, app, number: str) -> None:
    """The affidavit (Annexure III) of every item that needs one (lining and interlining)."""
    for item_id, _name in items_needing_affidavit(app):
        ic.attachment_add(
            by=user,
            application=app,
            kind="affidavit",
            upload=pdf(f"affidavit-{number}-{item_id}.pdf".replace("/", "-")),
            eligible_item_id=item_id,
        )


def load() -> None:
    staff = {u.office.code: u for u in User.objects.filter(role="staff").select_related("office")}
    head = User.objects.get(email="admin@cle.example")
    members = {m.iec: m for m in Member.objects.all()}
    users = {u.member.iec: u for u in User.objects.filter(role="member").select_related("member")}

    anna, u_anna = members["AASCA4821K"], users["AASCA4821K"]
    epc = _epc(
        anna, u_anna, "OTHERS", {"FW": Decimal("38000000"), "FC": Decimal("10000000")}, staff["CHN"]
    )
    issued = []
    for n, lines in enumerate(
        (FOOTWEAR_LINES[:2], FOOTWEAR_LINES[2:4], FOOTWEAR_LINES[4:]), start=1
    ):
        app = _application(
            u_anna,
            epc,
            f"ASTE/26/{100 + n}",
            lines,
            "OTHERS",
            supplier=n,
            boe=f"4567{n:03d}" if n == 1 else None,
        )
        issued.append(ic.certificate_issue(by=staff["CHN"], application=app))
    _copy_handed_over(u_anna, staff["CHN"], issued[1])  # its PDF now says "REPLACED by …"
    ic.certificate_cancel(
        by=staff["CHN"],
        certificate=issued[2],
        reason="Supplier cancelled the shipment; invoice withdrawn",
    )
    replacement = ic.certificate_replace(
        by=staff["CHN"],
        certificate=issued[1],
        header={**_header_of(issued[1]), "invoice_no": "INV/ASTE/26/102-A"},
        items=_rows(FOOTWEAR_LINES[2:3], "OTHERS"),
        reason="Supplier amended the invoice: thread removed",
    )
    ic.boe_report(
        by=u_anna,
        certificate=issued[0],
        boe_no="4567001",
        boe_date=ist_today() - dt.timedelta(days=1),
        port_code="INMAA1",
        assessed_value=Decimal("251300.00"),
        assessed_copy=pdf("assessed-boe-4567001.pdf"),
    )
    _copies(u_anna, staff["CHN"], issued[0], replacement)
    _chennai_complaints(staff["CHN"], u_anna, issued[0], replacement)
    waiting = _application(u_anna, epc, "ASTE/26/110", FOOTWEAR_LINES[3:5], "OTHERS")
    ic.application_assign(by=staff["CHN"], application=waiting)
    # Internal notes: the office's own, on the staff page only (issue 17 §4); the member never sees them.
    for text in (
        "Rang Mr Srinivasan: the supplier's signed invoice for the eyelets comes tomorrow.",
        "Eyelet value per piece is higher than on ASTE/26/101; checked with the invoice, it is right.",
    ):
        ic.application_note_add(by=staff["CHN"], application=waiting, text=text)
    queried = _application(u_anna, epc, "ASTE/26/111", FOOTWEAR_LINES[:1], "OTHERS", supplier=2)
    ic.query_raise(
        by=staff["CHN"],
        application=queried,
        question="The invoice shows 6,000 buckles but the application 5,000. Which is right?",
    )
    _application(u_anna, epc, "ASTE/26/112", FOOTWEAR_LINES[1:2], "OTHERS", submit=False)
    # Two more, approved and issued together from the IC queue: a finished bulk job on the workbench.
    bulk = [
        _application(u_anna, epc, f"ASTE/26/{n}", FOOTWEAR_LINES[n - 113 : n - 112], "OTHERS")
        for n in (113, 114)
    ]
    workbench.build(officer=staff["CHN"], applications=bulk)

    ambur, u_ambur = members["AACCA7310M"], users["AACCA7310M"]
    epc = _epc(ambur, u_ambur, "OTHERS", {"FW": Decimal("26500000")}, staff["CHN"])
    courier = _application(
        u_ambur, epc, "ASC/2026/77", FOOTWEAR_LINES[4:], "OTHERS", channel="courier"
    )
    ic.certificate_issue(by=staff["CHN"], application=courier)
    _application(u_ambur, epc, "ASC/2026/78", FOOTWEAR_LINES[:3], "OTHERS", supplier=3)

    hooghly, u_hooghly = members["AAJFH2290Q"], users["AAJFH2290Q"]
    epc = _epc(
        hooghly,
        u_hooghly,
        "OTHERS",
        {"LGD": Decimal("9000000"), "GL": Decimal("3500000")},
        staff["KOL"],
    )
    urgent = _application(u_hooghly, epc, "HLG/26-27/019", FOOTWEAR_LINES[:1], "OTHERS")
    ic.urgent_request(
        by=staff["KOL"],
        application=urgent,
        reason="Goods landed; member's ICEGATE ID not yet confirmed; demurrage from Monday",
    )

    taj, u_taj = members["AAKFT8834H"], users["AAKFT8834H"]
    epc = _epc(taj, u_taj, "OTHERS", {"FW": Decimal("15000000")}, staff["AGR"])
    app = _application(u_taj, epc, "TFI/145", FOOTWEAR_LINES[:2], "OTHERS")
    request = ic.urgent_request(
        by=staff["AGR"],
        application=app,
        reason="Member not on ICEGATE; consignment perishable finishing chemicals",
    )
    ic.urgent_approve(by=head, request=request)

    okhla, u_okhla = members["AABCO6617R"], users["AABCO6617R"]
    epc = _epc(okhla, u_okhla, "GARMENTS", {"LG": Decimal("42000000")}, staff["DEL"])
    app = _application(u_okhla, epc, "OLG/2026/311", GARMENT_LINES, "GARMENTS", supplier=1)
    okhla_ic = ic.certificate_issue(by=staff["DEL"], application=app)
    _complaint(u_okhla, okhla_ic)

    _epc(members["AAFFG5512D"], users["AAFFG5512D"], "OTHERS", {"SH": Decimal("7800000")})
    returned = _epc(
        members["AAEFD3379B"], users["AAEFD3379B"], "OTHERS", {"GL": Decimal("5400000")}
    )
    ent.epc_return(
        by=staff["JAL"],
        epc=returned,
        reason="The CA certificate covers traded goods too: send one for own manufactured exports only",
    )


def _copies(member_user, officer, dispatched_ic, requested_ic) -> None:
    """Physical copies: one asked for and waiting, one approved, printed and sent by courier."""
    request = dispatch.copy_request_create(
        by=member_user,
        certificate=dispatched_ic,
        reason=Reason.CUSTOMS_PROBLEM,
        reason_text="Chennai Customs asked for the signed copy at the examination shed",
    )
    dispatch.copy_request_approve(by=officer, request=request)
    dispatch.copy_print(by=officer, request=request)
    dispatch.copy_dispatch(
        by=officer,
        request=request,
        data={
            "method": Method.COURIER,
            "courier_name": "Professional Couriers",
            "docket_no": "PC7781204456",
            "dispatch_date": ist_today(),
        },
    )
    dispatch.copy_request_create(
        by=member_user,
        certificate=requested_ic,
        reason=Reason.OTHER,
        reason_text="Bank needs a certified copy for the LC file",
    )


def _copy_handed_over(member_user, officer, certificate) -> None:
    """A certified copy printed from the register and handed over, before the IC was replaced."""
    request = dispatch.copy_request_create(
        by=member_user, certificate=certificate, reason=Reason.COURIER
    )
    dispatch.copy_request_approve(by=officer, request=request)
    dispatch.copy_print(by=officer, request=request)
    dispatch.copy_dispatch(
        by=officer,
        request=request,
        data={
            "method": Method.HAND,
            "receiver_name": "S. Anand",
            "receiver_id": "Aadhaar XXXX 4821",
        },
    )


def _complaint(member_user, certificate, **quoted):
    """A member quoted the head office's uploader ID for a Delhi IC: the diagnosis says so."""
    return complaints.complaint_file(
        by=member_user,
        certificate=certificate,
        data={
            "company_name": certificate.member.legal_name,
            "iec": certificate.member.iec,
            "boe_no": "2234561",
            "boe_date": ist_today(),
            "ic_number": certificate.number,
            "irn": "SBXI20261120K7Q2M9X4TB",
            "drn": "SBXD20261120P3W8N2V6RC",
            "official_name": "R. K. Meena",
            "official_designation": "Appraiser, ICD Tughlakabad",
            "official_mobile": "9810098100",
            "port_code": "INTKD6",
            "uploader_icegate_id": "CLEINDIA1984",
            "officer_said": "The system says the IRN does not match the uploader you gave.",
            **quoted,
        },
    )


def _chennai_complaints(officer, u_anna, asked_ic, resolved_ic) -> None:
    """One waiting for the demo member's reply (on their home page), one resolved."""
    chennai = {
        "port_code": "INMAA1",
        "official_name": "P. Lakshmi",
        "official_designation": "Appraiser, Chennai Sea",
        "official_mobile": "9840098400",
    }
    asked = _complaint(
        u_anna, asked_ic, boe_no="4567001", officer_said="DRN not found for this IEC.", **chennai
    )
    complaints.complaint_assign(by=officer, complaint=asked)
    complaints.complaint_ask_member(
        by=officer,
        complaint=asked,
        question="Please send the Bill of Entry number exactly as filed and a photo of the "
        "appraiser's screen showing the error: the DRN you quoted is the one ICEGATE sent.",
    )
    resolved = _complaint(
        u_anna, resolved_ic, boe_no="4567120", uploader_icegate_id="CLEDELHI1984", **chennai
    )
    complaints.complaint_resolve(
        by=officer,
        complaint=resolved,
        cause="wrong_number",
        resolution="The uploader ICEGATE ID for Chennai ICs is CLEINDIA1984: quote it and the "
        "Bill of Entry goes through.",
    )


def _header_of(certificate) -> dict:
    return {k: getattr(certificate.application, k) for k in HEADER_FIELDS}
