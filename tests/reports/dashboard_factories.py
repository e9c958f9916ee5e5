"""A small history for the dashboard: ICs issued on known IST days, their uploads and complaints.

ICs are issued through the real services, then their timestamps are moved to the moments a test
needs (the services always stamp "now").
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from icportal.certificates import services as ic_services
from icportal.certificates.models import Application, ImportCertificate
from icportal.common.dates import IST, ist_today
from icportal.complaints import services as complaint_services
from icportal.esanchit.models import Upload
from icportal.members.models import IcegateRegistration, RegistrationStatus
from tests import factories
from tests.certificates import factories as f
from tests.complaints import factories as c
from tests.documents.factories import document_of


def at_ist(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=IST)


def issued_ic(user, epc, officer, *, submitted, issued, value="1000.00") -> ImportCertificate:
    app = f.submitted_application(user, epc, values=(value,))
    certificate = ic_services.certificate_issue(by=officer, application=app)
    Application.objects.filter(pk=app.pk).update(submitted_at=submitted)
    factories.backdate_issue(certificate, issued)
    certificate.refresh_from_db()
    return certificate


def upload(certificate, status, *, created, accepted=None, codes=(), irn="", drn="") -> Upload:
    row = Upload.objects.create(
        certificate=certificate,
        document=document_of(certificate),
        office=certificate.office,
        status=status,
        idempotency_key=f"test-{certificate.pk}-{Upload.objects.count() + 1}",
        rejection_codes=[{"code": code, "message": f"{code} found"} for code in codes],
        irn=irn,
        drn=drn,
        accepted_at=accepted,
    )
    Upload.objects.filter(pk=row.pk).update(created_at=created)
    return row


@dataclass
class History:
    day1: dt.date
    day2: dt.date
    chn: list[ImportCertificate] = field(default_factory=list)
    delhi: list[ImportCertificate] = field(default_factory=list)
    officers: dict = field(default_factory=dict)
    complaints: list = field(default_factory=list)


def history(days_ago: int = 10) -> History:
    """Chennai issues 2 ICs on day 1 (one at 23:50 IST) and 1 at 00:10 IST on day 2 (still day 1
    in UTC); Delhi issues 1 on day 2. Uploads, complaints and members not on ICEGATE to match."""
    day1 = ist_today() - dt.timedelta(days=days_ago)
    h = History(day1=day1, day2=day1 + dt.timedelta(days=1))
    _anna, anna_user, chn_officer, anna_epc = f.ready()
    delhi_member = factories.MemberFactory(office=factories.office("DEL"))
    _okhla, okhla_user, del_officer, okhla_epc = f.ready(member=delhi_member)
    h.officers = {"CHN": chn_officer, "DEL": del_officer}
    hour = dt.timedelta(hours=1)
    for issued, waited in (
        (at_ist(h.day1, 10), hour / 2),  # under 1 hour
        (at_ist(h.day1, 23, 50), 3 * hour),  # 1 to 4 hours
        (at_ist(h.day2, 0, 10), 30 * hour),  # 1 to 2 days; 18:40 UTC on day 1
    ):
        h.chn.append(
            issued_ic(anna_user, anna_epc, chn_officer, submitted=issued - waited, issued=issued)
        )
    issued = at_ist(h.day2, 12)
    h.delhi.append(
        issued_ic(
            okhla_user,
            okhla_epc,
            del_officer,
            submitted=issued - 240 * hour,  # over 5 days
            issued=issued,
            value="2500.00",
        )
    )
    first, second, third = h.chn
    # IRN 2 hours after issue; a rejection then an IRN 30 minutes after issue; a rejection with
    # a code we do not know and no IRN yet; Delhi's ICEGATE unavailable, retrying.
    upload(
        first,
        "accepted",
        created=first.issued_at,
        accepted=first.issued_at + 2 * hour,
        irn=f"IRN{first.pk:08d}",
        drn=f"DRN{first.pk:08d}",
    )
    upload(
        second,
        "rejected",
        created=second.issued_at,
        codes=("NOT_PDFA", "SIGNATURE_INVALID"),
    )
    upload(
        second,
        "accepted",
        created=second.issued_at + hour / 6,
        accepted=second.issued_at + hour / 2,
        irn=f"IRN{second.pk:08d}",
        drn=f"DRN{second.pk:08d}",
    )
    upload(third, "rejected", created=third.issued_at, codes=("SOMETHING_NEW",))
    upload(h.delhi[0], "failed_retrying", created=h.delhi[0].issued_at)
    _members_off_icegate()
    return h


def _members_off_icegate() -> None:
    """Chennai: one not registered, one claimed; Delhi: one with no registration record."""
    factories.MemberFactory()
    claimed = factories.MemberFactory()
    IcegateRegistration.objects.filter(member=claimed).update(
        status=RegistrationStatus.CLAIMED, icegate_id=f"CLAIMED{claimed.pk:06d}"
    )
    no_record = factories.MemberFactory(office=factories.office("DEL"))
    IcegateRegistration.objects.filter(member=no_record).delete()
    factories.MemberFactory(is_active=False)  # left the council: not counted


def complaints(h: History, monkeypatch) -> list:
    """Two Chennai complaints: a wrong uploader ID (open), and an IC not uploaded (resolved)."""
    c.fake_icegate(monkeypatch)
    first, _second, third = h.chn
    member_user = factories.member_user(member=first.member)
    wrong_id = c.filed(
        member_user,
        first,
        uploader_icegate_id="CLEDELHI1984",
        irn=f"IRN{first.pk:08d}",
        drn=f"DRN{first.pk:08d}",
    )
    not_uploaded = c.filed(member_user, third)
    complaint_services.complaint_resolve(
        by=h.officers["CHN"],
        complaint=not_uploaded,
        cause="upload_missing",
        resolution="Uploaded again; quote the new IRN.",
    )
    h.complaints = [wrong_id, not_uploaded]
    return h.complaints


def spread(*, count: int = 40, days: int = 30, seed: int = 8) -> list[ImportCertificate]:
    """`count` ICs over the last `days` days in Chennai, Delhi and Kolkata, at office hours, with
    varied waits and mostly accepted uploads: enough for charts that look like a working month."""
    rng = random.Random(seed)
    firms = [
        f.ready(member=factories.MemberFactory(office=factories.office(code)))
        for code in ("CHN", "DEL", "KOL")
    ]
    made = []
    for _ in range(count):
        _member, user, officer, epc = firms[rng.choice((0, 0, 1, 1, 2))]
        day = ist_today() - dt.timedelta(days=rng.randrange(days))
        issued = at_ist(day, rng.randrange(9, 19), rng.randrange(60))
        waited = dt.timedelta(hours=rng.choice((0.5, 2, 6, 20, 30, 70, 150)))
        certificate = issued_ic(user, epc, officer, submitted=issued - waited, issued=issued)
        created = issued + dt.timedelta(minutes=5)
        if rng.random() < 0.1:
            upload(certificate, "rejected", created=created, codes=(rng.choice(CODES),))
            created += dt.timedelta(hours=3)
        accepted = created + dt.timedelta(minutes=rng.choice((20, 50, 120, 400, 1800)))
        upload(
            certificate,
            "accepted",
            created=created,
            accepted=accepted,
            irn=f"IRN{certificate.pk:08d}",
            drn=f"DRN{certificate.pk:08d}",
        )
        made.append(certificate)
    return made


CODES = ("NOT_PDFA", "SIGNATURE_INVALID", "BENEFICIARY_NOT_REGISTERED")
