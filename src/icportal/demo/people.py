"""Demo firms, offices' users and their ICEGATE states, created through services; `load()` then
adds the EPCs and ICs (`certificates`) and the dashboard's history (`history`).

Everything here is fictional; the firms' identifiers are valid in form (PAN layout, GSTIN check
character) but belong to nobody.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from icportal.accounts.models import Role, User
from icportal.common.identifiers import gstin_for
from icportal.documents.services import dev_identities_prepare
from icportal.members import services as member_services
from icportal.members.models import Member, RegistrationMethod, VerificationMethod
from icportal.members.validation import member_data_clean, reference_data
from icportal.offices.models import Office

from . import certificates, customs, hindi, history, paper, tables

DEMO_PASSWORD = "Demo-Leather-2026"


@dataclass(frozen=True)
class DemoFirm:
    legal_name: str
    iec: str  # the PAN, or a legacy numeric IEC
    pan: str
    states: tuple[str, ...]
    segments: tuple[str, ...]
    office: str
    city: str
    state: str
    pincode: str
    email: str
    mobile: str
    icegate: str  # "verified", "claimed" or "none"
    icegate_id: str = ""
    user_name: str = ""
    language: str = ""  # the user's language for pages and mails; blank follows the browser


FIRMS = [
    DemoFirm(
        "Anna Salai Tanners & Exporters Pvt Ltd",
        "AASCA4821K",
        "AASCA4821K",
        ("33",),
        ("FW", "FC"),
        "CHN",
        "Chennai",
        "Tamil Nadu",
        "600032",
        "exports@annasalaitanners.example",
        "9840012345",
        "verified",
        "ANNASALAITAN01",
        "Lakshmi Narayanan",
    ),
    DemoFirm(
        "Ambur Shoe Crafts Pvt Ltd",
        "AACCA7310M",
        "AACCA7310M",
        ("33", "29"),
        ("FW",),
        "CHN",
        "Ambur",
        "Tamil Nadu",
        "635802",
        "dfis@amburshoecrafts.example",
        "9443012345",
        "verified",
        "AMBURSHOE2019",
        "Mohammed Irfan",
    ),
    DemoFirm(
        "Hooghly Leather Goods LLP",
        "AAJFH2290Q",
        "AAJFH2290Q",
        ("19",),
        ("LGD", "GL"),
        "KOL",
        "Kolkata",
        "West Bengal",
        "700107",
        "imports@hooghlyleather.example",
        "9830012345",
        "claimed",
        "HOOGHLYLG",
        "Sumana Ghosh",
    ),
    DemoFirm(
        "Ganges Saddlery & Harness Co",
        "AAFFG5512D",
        "AAFFG5512D",
        ("09",),
        ("SH",),
        "KNP",
        "Kanpur",
        "Uttar Pradesh",
        "208010",
        "office@gangessaddlery.example",
        "9415012345",
        "verified",
        "GANGESSADDLERY",
        "Rakesh Awasthi",
    ),
    DemoFirm(
        "Taj Footwear Industries",
        "AAKFT8834H",
        "AAKFT8834H",
        ("09",),
        ("FW", "FC"),
        "AGR",
        "Agra",
        "Uttar Pradesh",
        "282007",
        "tajfootwear@mail.example",
        "9412012345",
        "none",
        "",
        "Imran Qureshi",
    ),
    DemoFirm(
        "Okhla Leather Garments Pvt Ltd",
        "AABCO6617R",
        "AABCO6617R",
        ("07",),
        ("LG",),
        "DEL",
        "New Delhi",
        "Delhi",
        "110020",
        "compliance@okhlagarments.example",
        "9810012345",
        "verified",
        "OKHLALG1998",
        "Neha Bhatia",
    ),
    DemoFirm(
        "Doaba Sports Leather Gloves",
        "AAEFD3379B",
        "AAEFD3379B",
        ("03",),
        ("GL",),
        "JAL",
        "Jalandhar",
        "Punjab",
        "144004",
        "accounts@doabagloves.example",
        "9814012345",
        "claimed",
        "DOABAGLOVES",
        "Harpreet Singh",
    ),
    DemoFirm(
        "Dharavi Leather Works Pvt Ltd",
        "0388012345",
        "AABCD9021L",
        ("27",),
        ("LGD",),
        "MUM",
        "Mumbai",
        "Maharashtra",
        "400017",
        "dlw.exports@mail.example",
        "9820012345",
        "none",
        "",
        "Anil Kamble",
    ),
    # Issue 18: a small Agra unit whose user reads Hindi (demo/hindi.py gives it its applications).
    DemoFirm(
        "Shri Balaji Footwear Works",
        "AAEFS4417K",
        "AAEFS4417K",
        ("09",),
        ("FW",),
        "AGR",
        "Agra",
        "Uttar Pradesh",
        "282005",
        "balajifootwear.agra@mail.example",
        "9411012345",
        "verified",
        "BALAJIFWAGRA",
        "Sunil Kumar Sharma",
        "hi",
    ),
]
HINDI_FIRM = FIRMS[-1]

STAFF = [
    (
        "CHN",
        "admin@cle.example",
        "Meena Sundaram",
        "Deputy Director (DFIS), Head Office",
        Role.HEAD_OFFICE,
    ),
    ("CHN", "staff.chn@cle.example", "K. Ramesh", "Scrutiny Officer, Chennai", Role.STAFF),
    ("DEL", "staff.del@cle.example", "Pooja Arora", "Regional Director, Delhi", Role.STAFF),
    ("KOL", "staff.kol@cle.example", "Arindam Sen", "Scrutiny Officer, Kolkata", Role.STAFF),
    ("MUM", "staff.mum@cle.example", "Sachin Patil", "Scrutiny Officer, Mumbai", Role.STAFF),
    ("KNP", "staff.knp@cle.example", "Vivek Tripathi", "Regional Director, Kanpur", Role.STAFF),
    ("AGR", "staff.agr@cle.example", "Ritu Agarwal", "Scrutiny Officer, Agra", Role.STAFF),
    ("JAL", "staff.jal@cle.example", "Gurpreet Kaur", "Scrutiny Officer, Jalandhar", Role.STAFF),
]


def _user(email, full_name, role, **extra) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=full_name, role=role, **extra
        )
    return user


@transaction.atomic
def load(progress=None) -> bool:
    """Create the demo records once. Returns False when they were already there. `progress`
    (a function of one line) hears what is being made: `make run` prints it."""
    say = progress or (lambda line: None)
    dev_identities_prepare(keys_dir=keys_dir())  # signing identities; demo ICs signed on commit
    if Member.objects.filter(iec=FIRMS[0].iec).exists():
        return False
    say(f"Demo data: {len(STAFF)} staff accounts and {len(FIRMS)} member firms…")
    offices = {o.code: o for o in Office.objects.all()}
    staff = {}
    for code, email, name, designation, role in STAFF:
        staff[code if role == Role.STAFF else "HO"] = _user(
            email, name, role, office=offices[code], designation=designation
        )
    reference = reference_data()
    for firm in FIRMS:
        data, errors = member_data_clean(
            {
                "legal_name": firm.legal_name,
                "iec": firm.iec,
                "gstins": [gstin_for(firm.pan, s) for s in firm.states],
                "segments": list(firm.segments),
                "office_code": firm.office,
                "gstn_email": firm.email,
                "gstn_mobile": firm.mobile,
                "rcmc_number": f"CLE/{firm.office}/RCMC/{firm.pan[-5:-1]}",
                "rcmc_valid_from": "01/04/2024",
                "rcmc_valid_to": "31/03/2029",
                "city": firm.city,
                "state": firm.state,
                "pincode": firm.pincode,
                "address": "Plot 12, Leather Industrial Estate",
            },
            **reference,
        )
        if errors:
            raise ValueError(f"Demo firm {firm.legal_name} is not valid: {errors}")
        officer = staff[firm.office]
        member = member_services.member_create(by=officer, data=data)
        user = _user(
            firm.email,
            firm.user_name,
            Role.MEMBER,
            member=member,
            designation="Exports Manager",
            language=firm.language,
        )
        if firm.icegate in ("claimed", "verified"):
            member_services.icegate_registration_claim(
                by=user,
                member=member,
                icegate_id=firm.icegate_id,
                method=RegistrationMethod.SIMPLIFIED,
                email=firm.email,
            )
        if firm.icegate == "verified":
            member_services.icegate_registration_verify(
                by=officer,
                member=member,
                how=VerificationMethod.ICEGATE_LOOKUP,
                note="Found on ICEGATE registrations for this IEC",
            )
    say("Demo data: applications and ICs in every state (signed as they are issued)…")
    certificates.load()
    hindi.load()  # the Hindi-reading member's applications, IC, mail, copy and complaint
    say("Demo data: paper ICs and physical copies…")
    paper.load()  # paper ICs in each dispatch state, addressed copies, an urgent-flagged application
    say("Demo data: some weeks of past ICs for the dashboard…")
    history.build()  # some weeks of past ICs, so the dashboard has something to show
    say("Demo data: the daily BoE ↔ IC tables…")
    tables.build()  # a day with a first and a supplementary table, and a correction mail
    say("Demo data: notices to customs…")
    customs.build()  # notices to customs (one sent, one by hand) and a complaint to customs
    return True


def sandbox_seed_file(path: Path, office_certificates: dict[str, str]) -> Path:
    """The file `icportal sandbox_seed --from` reads: GST records, member and office registrations."""
    taxpayers, registrations = [], []
    for firm in FIRMS:
        for state in firm.states:
            record = {
                "gstin": gstin_for(firm.pan, state),
                "legal_name": firm.legal_name,
                "email": firm.email,
                "mobile": "+91" + firm.mobile,
            }
            if firm.iec == firm.pan:  # legacy numeric IECs are not PAN-based: GSTN holds no IEC
                record["iec"] = firm.iec
            taxpayers.append(record)
        if firm.icegate in ("claimed", "verified"):
            registrations.append(
                {
                    "icegate_id": firm.icegate_id,
                    "password": settings.ICEGATE_DEMO_PASSWORD,
                    "role": "IEC",
                    "iec": firm.iec,
                    "email": firm.email,
                    "mobile": "+91" + firm.mobile,
                    "method": "simplified",
                }
            )
    for office in Office.objects.filter(is_active=True):
        if office.code in office_certificates:
            registrations.append(
                {
                    "icegate_id": office.icegate_id,
                    "password": settings.ICEGATE_DEMO_PASSWORD,
                    "role": "PGA",
                    "pga_name": f"{office.council.name}, {office.name}",
                    "email": office.email,
                    "mobile": "+919444000000",
                    "method": "dsc",
                    "certificate_pem": office_certificates[office.code],
                }
            )
    path.write_text(json.dumps({"taxpayers": taxpayers, "registrations": registrations}, indent=1))
    return path


def logins() -> list[tuple[str, str, str]]:
    rows = [(role.label, email, name) for _, email, name, _, role in STAFF[:3]]
    rows += [("Member user", f.email, f"{f.legal_name} — ICEGATE {f.icegate}") for f in FIRMS[:5]]
    hindi = HINDI_FIRM
    rows.append(("Member (Hindi)", hindi.email, f"{hindi.legal_name} — pages and mails in Hindi"))
    return rows


def keys_dir() -> Path:
    return Path(settings.VAR_DIR) / "keys"
