"""Rows for every list export (tests/test_exports.py), made through the real services.

Each builder makes a row whose text a spreadsheet would run (`EVIL`), a row a filter of the page
drops, and a row of another firm or office the viewer must never get; it returns who opens the
page and which filter to try.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from icportal.certificates import services as ic_services
from icportal.certificates.models import Application
from icportal.common.dates import ist_today
from icportal.entitlements import services as entitlement_services
from icportal.entitlements.forms_member import year_choices
from icportal.entitlements.models import EntitlementAccount, EntryKind, LedgerEntry, SegmentGroup
from icportal.esanchit.models import Batch, Upload
from icportal.notifications.models import Email
from icportal.offices.models import Office
from tests import factories
from tests.certificates import factories as f
from tests.complaints import factories as complaints
from tests.documents.factories import document_of

EVIL = "=cmd|' /C calc'!A0"
SAFE = "'" + EVIL
_n = itertools.count(1)  # builders run twice in the query-count test: unique values stay unique


@dataclass
class Data:
    user: object  # who opens the page (None: the public directory)
    params: dict = field(default_factory=dict)  # always sent: tab, list, a wider range …
    narrow: dict | None = None  # a filter of the page that keeps `kept` and drops `dropped`
    kept: str = ""
    dropped: str = ""
    foreign: str = ""  # a cell of another firm's / office's row: never exported
    kwargs: dict = field(default_factory=dict)
    stem: str = ""  # when the file name depends on the data
    evil: str = EVIL  # the text a spreadsheet would run, where a column must hold unique values


def firm(name, code="CHN"):
    """(member, member user, an officer of its office, approved EPC)."""
    return f.ready(member=factories.MemberFactory(legal_name=name, office=factories.office(code)))


def issue(user, officer, epc, **header):
    application = f.submitted_application(user, epc, **header)
    return ic_services.certificate_issue(by=officer, application=application)


def three_firms():
    """An IC each for a Chennai firm named EVIL, a plain Chennai firm and a Delhi firm."""
    made = []
    for name, code in ((EVIL, "CHN"), ("Plain Leathers", "CHN"), ("Delhi Tanners", "DEL")):
        _member, user, officer, epc = firm(name, code)
        made.append((user, officer, issue(user, officer, epc)))
    return made


def staff_of_three(rows_for=None, narrow=lambda plain_ic: {"q": "Plain"}) -> Data:
    """A Chennai officer's list: the plain firm's row is found by a filter, Delhi's never shown."""
    made = three_firms()
    for user, officer, ic in made:
        if rows_for:
            rows_for(user, officer, ic)
    return Data(
        made[0][1],
        narrow=narrow(made[1][2]),
        kept="Plain Leathers",
        dropped=SAFE,
        foreign="Delhi Tanners",
    )


def users(mp):
    factories.staff_user("CHN", full_name=EVIL)
    factories.staff_user("DEL", full_name="Plain Person")
    return Data(
        factories.head_office_user(), narrow={"office": "DEL"}, kept="Plain Person", dropped=SAFE
    )


def members(mp):
    factories.MemberFactory(legal_name=EVIL)
    factories.MemberFactory(legal_name="Plain Leathers")
    factories.MemberFactory(legal_name="Delhi Tanners", office=factories.office("DEL"))
    return Data(
        factories.staff_user("CHN"),
        narrow={"q": "Plain"},
        kept="Plain Leathers",
        dropped=SAFE,
        foreign="Delhi Tanners",
    )


def ledger(mp):
    member, user, _officer, _epc = firm("Firm A")
    account = EntitlementAccount.objects.get(member=member)
    LedgerEntry.objects.create(
        account=account,
        kind=EntryKind.ADJUSTMENT,
        amount=Decimal("10.00"),
        balance_after=account.balance + Decimal("10.00"),
        note=EVIL,
    )
    return Data(
        user,
        narrow={"kind": "adjustment"},
        kept=SAFE,
        dropped="Credit (EPC approved)",
        kwargs={"pk": account.pk},
        stem=f"ledger-{account.financial_year}-others",
    )


def two_years(which):
    """Firm A has EPCs (and balances) in this and last financial year; the group's name is EVIL."""

    def build(mp):
        SegmentGroup.objects.filter(code="OTHERS").update(name=EVIL)
        (this_year, _), (last_year, _) = year_choices()
        member, user, officer, epc = firm("Firm A")
        old = f.approved_epc(member, officer, fy=last_year)
        other = firm("Firm B")[3]
        if which == "balances":
            return Data(
                user, {"list": "balances"}, {"financial_year": this_year}, this_year, last_year
            )
        narrow = {"financial_year": this_year}
        return Data(user, {"list": "epcs"}, narrow, epc.number, old.number, other.number)

    return build


def epc_queue(mp):
    data = staff_of_three()
    data.params = {"status": "all"}  # the queue shows submitted EPCs unless told otherwise
    return data


def items(mp):
    name = f"Widget {next(_n)}"
    entitlement_services.eligible_item_save(
        by=factories.head_office_user(), segment_group=f.others_group(), name=name, note=EVIL
    )
    return Data(factories.staff_user("CHN"), narrow={"q": "D-rings"}, kept="D-rings", dropped=name)


def member_ics(tab):
    """Firm A: an IC whose invoice number is EVIL and a plain one; firm B: one IC."""

    def build(mp):
        _member, user, officer, epc = firm("Firm A")
        evil = issue(user, officer, epc, invoice_no="INV-EVIL")
        Application.objects.filter(pk=evil.application_id).update(invoice_no=EVIL)
        plain_invoice = f"INV-PLAIN-{next(_n)}"
        plain = issue(user, officer, epc, invoice_no=plain_invoice)
        _, other_user, other_officer, other_epc = firm("Firm B")
        other = issue(other_user, other_officer, other_epc, invoice_no="INV-OTHER")
        if tab == "certificates":
            narrow = {"q": plain.number}
            return Data(user, {"tab": tab}, narrow, plain.number, evil.number, other.number)
        return Data(user, {}, {"q": plain_invoice}, plain_invoice, SAFE, "INV-OTHER")

    return build


def boe(which):
    def reported(user, officer, ic):
        ic_services.boe_report(
            by=user,
            certificate=ic,
            boe_no=f"{4500000 + next(_n)}",
            boe_date=timezone.localdate(),
            port_code="INMAA1",
            assessed_value="900.00",
            assessed_copy=f.pdf("assessed.pdf"),
        )

    def overdue(user, officer, ic):
        factories.backdate_issue(ic, timezone.now() - dt.timedelta(days=9))

    def build(mp):
        data = staff_of_three(reported if which == "reports" else overdue)
        data.params = {"list": which}
        return data

    return build


def uploads(mp):
    def upload(user, officer, ic):
        Upload.objects.create(
            certificate=ic, document=document_of(ic), office=ic.office, idempotency_key=f"x-{ic.pk}"
        )

    return staff_of_three(upload, narrow=lambda plain_ic: {"q": plain_ic.number})


def batches(mp):
    Batch.objects.create(
        office=factories.office("CHN"), created_by=factories.staff_user("CHN", full_name=EVIL)
    )
    delhi = factories.staff_user("DEL", full_name="Delhi Clerk")
    Batch.objects.create(office=factories.office("DEL"), created_by=delhi)
    return Data(factories.staff_user("CHN"), foreign="Delhi Clerk")


def outbox(mp):
    for to, subject, code in (
        ("evil@firm.example", EVIL, "CHN"),
        ("plain@firm.example", "Plain subject", "CHN"),
        ("delhi@firm.example", "Delhi subject", "DEL"),
    ):
        Email.objects.create(
            template="test", to=to, subject=subject, body_text=".", office=factories.office(code)
        )
    staff = factories.staff_user("CHN")
    return Data(staff, {}, {"q": "plain@"}, "Plain subject", SAFE, "Delhi subject")


def ic_table(mp):
    """Firm A: an upload today whose DRN is a formula and one ten days ago; firm B: one today."""
    today, now = ist_today(), timezone.now()
    evil, plain, other = f"{EVIL}-{next(_n)}", f"DRNPLAIN{next(_n)}", f"DRNOTHER{next(_n)}"
    _member, user, officer, epc = firm("Firm A")
    _, other_user, other_officer, other_epc = firm("Firm B")
    for ic, drn, when in (
        (issue(user, officer, epc), evil, now),
        (issue(user, officer, epc), plain, now - dt.timedelta(days=10)),
        (issue(other_user, other_officer, other_epc), other, now),
    ):
        Upload.objects.create(
            certificate=ic,
            document=document_of(ic),
            office=ic.office,
            idempotency_key=f"t-{ic.pk}",
            status="accepted",
            accepted_at=when,
            irn=f"IRN{next(_n):09d}",
            drn=drn,
        )
    first = today - dt.timedelta(days=20)
    params = {"from": first.isoformat(), "to": today.isoformat()}
    return Data(
        user,
        params,
        {"from": today.isoformat()},
        kept="'" + evil,
        dropped=plain,
        foreign=other,
        stem=f"ic-table-{first:%Y%m%d}-{today:%Y%m%d}",
        evil=evil,
    )


def for_member(make_row):
    """Firm A (named EVIL) with two rows, firm B with one; the filter is the second reference."""

    def build(mp):
        complaints.fake_icegate(mp)
        _, user, officer, epc = firm(EVIL)
        first, second = (make_row(user, issue(user, officer, epc)) for _ in range(2))
        _, other_user, other_officer, other_epc = firm("Firm B")
        other = make_row(other_user, issue(other_user, other_officer, other_epc))
        narrow = {"q": second.reference}
        return Data(user, {}, narrow, second.reference, first.reference, other.reference)

    return build


def for_office(make_row):
    def build(mp):
        complaints.fake_icegate(mp)
        return staff_of_three(lambda user, officer, ic: make_row(user, ic))

    return build


def complaint_report(mp):
    complaints.fake_icegate(mp)
    Office.objects.filter(code="CHN").update(name=EVIL)
    user, _officer, ic = three_firms()[0]
    complaints.filed(user, ic)
    return Data(factories.head_office_user())


def offices(public):
    def build(mp):
        Office.objects.filter(code="DEL").update(region=EVIL)
        Office.objects.filter(code="JAL").update(is_active=False)
        if public:
            return Data(None, kept="Chennai", foreign="Jalandhar")
        return Data(factories.head_office_user(), kept="Jalandhar")

    return build
