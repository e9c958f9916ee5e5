"""Firms with ICs, uploads, queries, drafts and complaints for the member's home and the search,
built through the real services. (The dashboard's own builders are in dashboard_factories.py.)"""

from __future__ import annotations

import itertools
from decimal import Decimal

from icportal.certificates import services
from icportal.certificates.models import ImportCertificate
from icportal.certificates.selectors import number_from_slug
from icportal.complaints import services as complaint_services
from icportal.esanchit.models import UploadStatus
from tests import factories
from tests.certificates import factories as f
from tests.complaints.factories import quoted as _quoted
from tests.esanchit.factories import issued, uploaded

_serial = itertools.count(1)


def firm(office_code="CHN", fob=Decimal("1000000"), **member_fields):
    """(member, member user, officer of its office, approved EPC): verified on ICEGATE."""
    member = factories.MemberFactory(office=factories.office(office_code), **member_fields)
    return f.ready(member=member, fob=fob)


def irn_pair() -> tuple[str, str]:
    """A fresh IRN and DRN in the sandbox's layout."""
    n = next(_serial)
    return f"SBXI20260401{n:010d}", f"SBXD20260401{n:010d}"


def certificate(user, officer, epc, *, upload=True, **header):
    """An issued electronic IC; with `upload`, accepted on e-SANCHIT with a fresh IRN and DRN."""
    ic = issued(user, officer, epc, **header)
    if upload:
        irn, drn = irn_pair()
        uploaded(ic, irn=irn, drn=drn)
    return ic


def certificate_member(slug: str) -> int:
    return ImportCertificate.objects.get(number=number_from_slug(slug)).member_id


def queried(user, officer, epc, question="Please attach the invoice signed by the supplier"):
    application = f.submitted_application(user, epc)
    services.query_raise(by=officer, application=application, question=question)
    application.refresh_from_db()
    return application


def draft(user, epc):
    return services.application_create(by=user, member=user.member, epc=epc)


def quoted(ic, **overrides):
    """What the member quotes at customs, matching the IC's records."""
    upload = ic.uploads.filter(status=UploadStatus.ACCEPTED).first()
    numbers = {"irn": upload.irn, "drn": upload.drn} if upload else {}
    return _quoted(ic, **{**numbers, **overrides})


def complaint_with_update(user, officer, ic, text="Please send the Bill of Entry screenshot"):
    """A filed complaint on which the office asked the member a question."""
    complaint = complaint_services.complaint_file(by=user, certificate=ic, data=quoted(ic))
    complaint_services.complaint_ask_member(by=officer, complaint=complaint, question=text)
    return complaint
