"""The member's home: what needs action (each item when due, not otherwise), the entitlement bars
against the ledger, the latest ICs with their numbers in copy boxes, scoping and query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from icportal.certificates import services
from icportal.certificates.models import Application
from icportal.common.dates import ist_today
from icportal.common.money import format_inr
from icportal.complaints import services as complaint_services
from icportal.entitlements.models import EntitlementAccount
from icportal.members.models import IcegateRegistration, RegistrationStatus
from icportal.reports.home_selectors import BOE_WINDOW_DAYS
from tests import factories
from tests.certificates import factories as f
from tests.complaints.factories import fake_icegate
from tests.reports import factories as rf

pytestmark = pytest.mark.django_db


def _home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def _text(response) -> str:
    return response.content.decode()


def _testids(response, testid) -> int:
    return _text(response).count(f'data-testid="{testid}"')


@pytest.fixture
def icegate(monkeypatch):
    fake_icegate(monkeypatch)


def test_a_verified_firm_with_nothing_to_do_is_told_so(client):
    _member, user, _officer, _epc = rf.firm()
    response = _home(client, user)
    assert "Nothing needs your action" in _text(response)
    assert response.context["actions"]["any"] is False


def test_staff_go_to_the_workbench(client):
    client.force_login(factories.staff_user("CHN"))
    assert client.get("/").url == reverse("workbench:index")


def test_bars_show_entitled_used_and_balance_as_the_ledger_has_them(client):
    member, user, officer, epc = rf.firm(fob=Decimal("1000000"))  # 5% → ₹50,000.00
    rf.certificate(user, officer, epc, upload=False)
    rf.certificate(user, officer, epc, upload=False)
    account = EntitlementAccount.objects.get(member=member)
    ledger_sum = account.entries.aggregate(total=Sum("amount"))["total"]
    credited = account.entries.filter(kind="credit").aggregate(total=Sum("amount"))["total"]
    assert account.balance == ledger_sum and credited == Decimal("50000.00")

    response = _home(client, user)
    (bar,) = response.context["bars"]
    assert (bar.entitled, bar.used, bar.balance) == (credited, credited - ledger_sum, ledger_sum)
    text = _text(response)
    for figure in ("₹50,000.00", format_inr(credited - ledger_sum), format_inr(ledger_sum)):
        assert figure in text
    assert 'role="progressbar"' in text and f'aria-valuenow="{bar.percent_used}"' in text
    assert reverse("entitlements:ledger", args=[account.pk]) in text


def test_bar_width_is_a_class_in_steps_of_five_and_low_balance_is_said_in_words(client):
    _member, user, officer, epc = rf.firm(fob=Decimal("20000"))  # ₹1,000.00 entitled
    rf.certificate(user, officer, epc, upload=False)  # ₹1,000.00 used — nothing left
    text = _text(_home(client, user))
    assert "home-bar-100" in text and "Low balance" in text
    assert 'style="' not in text.split('id="main"')[1]  # the CSP forbids inline styles


def test_no_entitlement_this_year_says_how_to_get_one(client):
    user = factories.member_user(member=f.verified(factories.MemberFactory()))
    response = _home(client, user)
    assert _testids(response, "no-entitlement") == 1
    assert reverse("entitlements:epc_apply") in _text(response)


def test_latest_ics_show_irn_drn_and_uploader_icegate_id_in_copy_boxes(client):
    _member, user, officer, epc = rf.firm()
    ic = rf.certificate(user, officer, epc)
    upload = ic.uploads.get()
    text = _text(_home(client, user))
    for label, value in (
        ("IC number", ic.number),
        ("IRN", upload.irn),
        ("DRN", upload.drn),
        ("Uploader ICEGATE ID", ic.office.icegate_id),
    ):
        assert (
            f'<output class="form-control copy-box" aria-label="{label}">{value}</output>' in text
        )
        # The button's accessible name starts with its visible text ("Copy IC number").
        assert (
            f'data-copy="{value}"><span class="copy-label">Copy</span>'
            f'<span class="visually-hidden"> {label}</span>' in text
        )
    assert reverse("certificates:certificate", args=[ic.slug]) in text
    assert reverse("certificates:mine") + "?tab=certificates" in text


def test_an_ic_not_yet_uploaded_says_so_instead_of_an_irn(client):
    _member, user, officer, epc = rf.firm()
    rf.certificate(user, officer, epc, upload=False)
    text = _text(_home(client, user))
    assert "Not yet uploaded to e-SANCHIT" in text
    assert 'aria-label="IRN"' not in text


def test_only_the_latest_ten_ics_are_listed(client):
    _member, user, officer, epc = rf.firm()
    ics = [rf.certificate(user, officer, epc, upload=False) for _ in range(11)]
    listed = [c.pk for c in _home(client, user).context["certificates"]]
    assert listed == [c.pk for c in reversed(ics)][:10]


def test_an_open_query_asks_for_a_reply_until_answered(client):
    _member, user, officer, epc = rf.firm()
    application = rf.queried(user, officer, epc, question="Which port will the goods arrive at?")
    response = _home(client, user)
    assert _testids(response, "action-query") == 1
    assert "Which port will the goods arrive at?" in _text(response)
    assert reverse("certificates:application_reply", args=[application.slug]) in _text(response)

    services.query_reply(by=user, application=application, reply="Chennai sea port")
    assert _testids(_home(client, user), "action-query") == 0


def test_a_draft_not_submitted_is_listed_until_submitted(client):
    _member, user, _officer, epc = rf.firm()
    draft = rf.draft(user, epc)
    response = _home(client, user)
    assert _testids(response, "action-draft") == 1
    assert reverse("certificates:application_edit", args=[draft.slug]) in _text(response)
    Application.objects.filter(pk=draft.pk).update(status="withdrawn")
    assert _testids(_home(client, user), "action-draft") == 0


def test_assessed_boe_due_soon_then_overdue_then_gone_once_reported(client):
    _member, user, officer, epc = rf.firm()
    ic = rf.certificate(user, officer, epc, upload=False)
    response = _home(client, user)
    assert _testids(response, "action-boe") == 1 and "Due soon" in _text(response)
    assert reverse("certificates:boe_report", args=[ic.slug]) in _text(response)

    factories.backdate_issue(ic, timezone.now() - dt.timedelta(days=8))
    response = _home(client, user)
    assert "Overdue" in _text(response)
    due = (ist_today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"was due on {due}" in _text(response)

    services.boe_report(
        by=user,
        certificate=ic,
        boe_no="4567890",
        boe_date=ist_today() - dt.timedelta(days=8),
        port_code="INMAA1",
        assessed_value="1000",
        assessed_copy=f.pdf(),
    )
    assert _testids(_home(client, user), "action-boe") == 0


def test_a_boe_date_still_ahead_a_cancelled_ic_and_an_ic_of_long_ago_need_nothing(client):
    _member, user, officer, epc = rf.firm()
    ahead = rf.certificate(user, officer, epc, upload=False)
    Application.objects.filter(pk=ahead.application_id).update(
        boe_date=ist_today() + dt.timedelta(days=2)
    )
    factories.backdate_issue(ahead, ahead.issued_at)  # the due day the issue would have set
    cancelled = rf.certificate(user, officer, epc, upload=False)
    services.certificate_cancel(by=officer, certificate=cancelled, reason="Shipment cancelled")
    old = rf.certificate(user, officer, epc, upload=False)  # the office chases those
    factories.backdate_issue(old, timezone.now() - dt.timedelta(days=BOE_WINDOW_DAYS + 1))
    assert _testids(_home(client, user), "action-boe") == 0


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (RegistrationStatus.NOT_REGISTERED, "How to register on ICEGATE"),
        (RegistrationStatus.CLAIMED, "See your ICEGATE registration"),
    ],
)
def test_not_registered_or_not_verified_on_icegate_links_to_the_guide(client, status, words):
    member = factories.MemberFactory()
    IcegateRegistration.objects.filter(member=member).update(status=status)
    response = _home(client, factories.member_user(member=member))
    assert _testids(response, "action-icegate") == 1
    assert _testids(response, "icegate-banner") == 0  # the action item replaces the banner here
    assert words in _text(response) and reverse("members:icegate_guide") in _text(response)


def test_a_verified_firm_has_no_icegate_action(client):
    _member, user, _officer, _epc = rf.firm()
    assert _testids(_home(client, user), "action-icegate") == 0


def test_a_complaint_waits_for_the_member_only_when_the_office_asks(client, icegate):
    _member, user, officer, epc = rf.firm()
    ic = rf.certificate(user, officer, epc)
    complaint = complaint_services.complaint_file(by=user, certificate=ic, data=rf.quoted(ic))
    complaint_services.complaint_note_add(
        by=officer, complaint=complaint, text="We are checking with ICEGATE", member_visible=True
    )
    assert _testids(_home(client, user), "action-complaint") == 0  # an update asks nothing

    complaint_services.complaint_ask_member(
        by=officer, complaint=complaint, question="Send the BoE screenshot"
    )
    response = _home(client, user)
    assert _testids(response, "action-complaint") == 1
    assert "Reply needed" in _text(response) and "Send the BoE screenshot" in _text(response)
    assert reverse("complaints:detail", args=[complaint.slug]) in _text(response)

    complaint_services.complaint_member_write(by=user, complaint=complaint, text="Attached")
    assert _testids(_home(client, user), "action-complaint") == 0  # back with the office


def test_another_firms_records_never_appear(client, icegate):
    _m, user, _officer, _epc = rf.firm()
    _other, other_user, other_officer, other_epc = rf.firm()
    theirs = rf.certificate(other_user, other_officer, other_epc)
    rf.queried(other_user, other_officer, other_epc)
    rf.draft(other_user, other_epc)
    rf.complaint_with_update(other_user, other_officer, theirs)
    response = _home(client, user)
    text = _text(response)
    assert theirs.number not in text and theirs.uploads.get().irn not in text
    assert "Nothing needs your action" in text
    assert response.context["certificates"] == []


def _firm_with(n):
    """A firm with n of everything the home shows (n ICs uploaded, n queries, n drafts …)."""
    _member, user, officer, epc = rf.firm(fob=Decimal("100000000"))
    for _ in range(n):
        ic = rf.certificate(user, officer, epc)
        rf.certificate(user, officer, epc, upload=False)
        rf.queried(user, officer, epc)
        rf.draft(user, epc)
        rf.complaint_with_update(user, officer, ic)
    return user


def _count(client, user) -> int:
    client.force_login(user)
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_home_costs_the_same_queries_for_one_or_many_of_everything(client, icegate):
    small, large = _count(client, _firm_with(1)), _count(client, _firm_with(6))
    assert small == large, (small, large)
    assert large <= 14
