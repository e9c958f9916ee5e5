"""A modest history for the demo's dashboard: ICs issued on working days of the last weeks.

The rest of the demo happens "now", so the dashboard's charts would have one busy day. These ICs are
made like every demo IC — applied for, issued, signed and checked by the real services — and then
their moments are moved back: submitted, issued, uploaded and IRN recorded on the days they would
have been. Their IRNs are recorded as in manual mode (staff typing what ICEGATE answered), so the
sandbox does not know them; a few uploads were first rejected by ICEGATE and retried.

Not moved: audit rows, ledger entries (append-only, never changed) and the members' e-mails keep the
time the demo was loaded.

`people.load()` calls `build()` once, inside its transaction, after `certificates.load()`.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from icportal.accounts.models import User
from icportal.certificates import services as ic
from icportal.certificates.models import Application, ImportCertificate
from icportal.certificates.services.reconciliation import boe_due_on
from icportal.common.dates import IST, financial_year, financial_year_bounds, ist_today
from icportal.documents.services import document_produce
from icportal.entitlements.models import EligibleItem, Epc, EpcStatus
from icportal.esanchit import services as esanchit
from icportal.esanchit.models import Upload, UploadMode, UploadStatus
from icportal.members.models import Member

from .certificates import FOOTWEAR_LINES, GARMENT_LINES, SUPPLIERS, affidavits_attach, pdf

# (IEC, weight): the demo firms verified on ICEGATE with an approved EPC.
FIRMS = (("AASCA4821K", 5), ("AACCA7310M", 3), ("AABCO6617R", 3))
WAITS_HOURS = (0.4, 0.8, 2, 3, 5, 20, 26, 30, 52, 75, 130)
IRN_DELAYS_MINUTES = (6, 12, 25, 40, 90, 200, 600, 1500)
REJECTIONS = (
    ("BENEFICIARY_NOT_REGISTERED", "The IEC has no ICEGATE registration"),
    ("SIGNER_NOT_REGISTERED", "The signing certificate is not bound to the uploader's ICEGATE ID"),
)


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() != 6]  # Sunday is not a working day


def _firms():
    """[(member user, approved EPC of this year, an officer of the firm's office, items)]."""
    fy = financial_year()
    officers = {u.office_id: u for u in User.objects.filter(role="staff").order_by("pk")}
    firms = []
    for iec, weight in FIRMS:
        member = Member.objects.get(iec=iec)
        epc = Epc.objects.get(member=member, financial_year=fy, status=EpcStatus.APPROVED)
        user = User.objects.filter(member=member).order_by("pk").first()
        lines = GARMENT_LINES if epc.segment_group.code == "GARMENTS" else FOOTWEAR_LINES
        catalogue = EligibleItem.objects.filter(segment_group=epc.segment_group)
        ids = dict(catalogue.values_list("name", "pk"))
        items = [(ids[name], *line) for name, *line in lines if name in ids]
        firms += [(user, epc, officers[member.office_id], items)] * weight
    return firms


def _application(rng, n: int, user, epc, items, submitted: dt.datetime) -> Application:
    item_id, description, hs_code, _quantity, unit, _value = items[rng.randrange(len(items))]
    name, address, country = SUPPLIERS[n % len(SUPPLIERS)]
    app = ic.application_create(by=user, member=user.member, epc=epc)
    app = ic.application_save(
        by=user,
        application=app,
        header={
            "invoice_no": f"INV/H/{n:03d}",
            "invoice_date": submitted.astimezone(IST).date() - dt.timedelta(days=5),
            "supplier_name": name,
            "supplier_address": address,
            "country_of_origin": country,
            "port_code": "INMAA1" if user.member.office.code == "CHN" else "INDEL4",
            "channel": "ices",
        },
        items=[
            {
                "eligible_item": item_id,
                "description": description,
                "hs_code": hs_code,
                "quantity": str(rng.randrange(200, 3000)),
                "unit": unit,
                "value_inr": str(Decimal(rng.randrange(1000, 4000)) * 10),
            }
        ],
    )
    for kind in ("invoice", "draft_boe"):
        ic.attachment_add(by=user, application=app, kind=kind, upload=pdf(f"{kind}-h{n}.pdf"))
    affidavits_attach(user, app, f"h{n}")
    return ic.application_submit(by=user, application=app)


def _uploaded(rng, n: int, certificate, officer, issued: dt.datetime) -> None:
    """Sign now (so the upload row exists), then record the IRN as staff do in manual mode."""
    document_produce(certificate=certificate)
    esanchit.uploads_queue()  # what the worker's esanchit.queue does after the signing
    upload = Upload.objects.get(certificate=certificate, status=UploadStatus.WAITING)
    queued = issued + dt.timedelta(minutes=2)
    if n % 8 == 3:  # one in eight was first rejected, then retried
        code, message = REJECTIONS[n % len(REJECTIONS)]
        esanchit.upload_reject(upload=upload, errors=[{"code": code, "message": message}])
        Upload.objects.filter(pk=upload.pk).update(created_at=queued, updated_at=queued)
        upload = esanchit.upload_retry(by=officer, upload=upload)
        queued += dt.timedelta(hours=rng.choice((2, 5, 20)))
    Upload.objects.filter(pk=upload.pk).update(mode=UploadMode.MANUAL)
    stamp = f"{issued.astimezone(IST):%Y%m%d}{n:04d}"
    esanchit.irn_record(upload=upload, irn=f"DEMOI{stamp}", drn=f"DEMOD{stamp}", by=officer)
    accepted = queued + dt.timedelta(minutes=rng.choice(IRN_DELAYS_MINUTES))
    Upload.objects.filter(pk=upload.pk).update(
        created_at=queued, updated_at=accepted, accepted_at=accepted
    )


COUNT, DAYS = 60, 60


def build(*, count: int = COUNT, days: int = DAYS, seed: int = 2026) -> int:
    """Issue `count` ICs over the working days of the last `days` days (this financial year only,
    so numbers and entitlements stay in one year). Returns the number of ICs made."""
    rng = random.Random(seed)  # noqa: S311 - made-up demo figures, not a secret
    today = ist_today()
    first = max(today - dt.timedelta(days=days), financial_year_bounds(financial_year())[0])
    working = _working_days(first, today - dt.timedelta(days=1))
    if not working:
        return 0
    firms = _firms()
    moments = sorted(
        dt.datetime.combine(rng.choice(working), dt.time(rng.randrange(10, 19), rng.randrange(60)))
        for _ in range(count)
    )
    for n, moment in enumerate(moments):
        issued = moment.replace(tzinfo=IST)
        user, epc, officer, items = firms[rng.randrange(len(firms))]
        submitted = issued - dt.timedelta(hours=rng.choice(WAITS_HOURS))
        app = _application(rng, n, user, epc, items, submitted)
        Application.objects.filter(pk=app.pk).update(submitted_at=submitted, created_at=submitted)
        certificate = ic.certificate_issue(by=officer, application=app)
        due = boe_due_on(boe_date=app.boe_date, issued_at=issued)
        ImportCertificate.objects.filter(pk=certificate.pk).update(issued_at=issued, boe_due_on=due)
        _uploaded(rng, n, certificate, officer, issued)
    return len(moments)
