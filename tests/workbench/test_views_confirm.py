"""The bulk issue's confirmation page: the list, the totals, each firm's balance after, what would
fail flagged before signing; then the code, and a page gone stale refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from icportal.certificates import services as ic
from icportal.certificates.models import Application
from icportal.workbench.models import BulkJob
from tests import factories
from tests.accounts.test_two_factor import code
from tests.certificates import factories as f
from tests.certificates.test_views_staff import said
from tests.workbench.conftest import submitted
from tests.workbench.test_views import ISSUE, QUEUE, job_url, ticked

pytestmark = pytest.mark.django_db

CONFIRM = reverse("workbench:issue_confirm")


def test_the_page_lists_the_selection_with_totals_and_each_firms_balance_after(client, chn):
    mine = submitted(chn, 2)  # ₹1,000 each on ₹50,000
    other = factories.MemberFactory(office=chn.member.office, legal_name="Vellore Tanners")
    _, other_user, _, other_epc = f.ready(member=other, fob=Decimal("50000"))  # ₹2,500
    theirs = [f.submitted_application(other_user, other_epc, values=("1200.00",)) for _ in "123"]
    client.force_login(chn.officer)
    response = client.get(CONFIRM, ticked([*mine, *theirs]), HTTP_REFERER=f"http://x{QUEUE}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="bulk-count">5<' in html and "₹5,600.00" in html  # all selected
    assert "4 ICs, ₹4,400.00" in html  # what will be issued
    for application in [*mine, *theirs]:
        assert application.reference in html
    assert chn.member.legal_name in html and "Vellore Tanners" in html and other.iec in html
    # Per firm: ₹50,000 − ₹2,000 and ₹2,500 − ₹2,400; the third ₹1,200 of Vellore would fail.
    assert "₹48,000.00" in html and "₹100.00" in html
    assert "Not enough entitlement: ₹100.00 left for ₹1,200.00" in html
    assert 'data-testid="bulk-failing">1<' in html
    assert f'value="{theirs[2].slug}:' not in html and f'value="{theirs[1].slug}:' in html
    assert "Sign and issue 4 ICs (₹4,400.00)" in html
    assert not BulkJob.objects.exists()


def test_changed_queried_and_other_office_lines_are_flagged(client, chn):
    changed, queried, fine = submitted(chn, 3)
    selection = ticked([changed, queried, fine])
    Application.objects.filter(pk=changed.pk).update(version=F("version") + 1)
    ic.query_raise(by=chn.officer, application=queried, question="Which supplier?")
    client.force_login(chn.officer)
    html = client.get(CONFIRM, selection).content.decode()
    assert "Changed since you ticked it" in html and "Not waiting for a decision (query" in html
    assert "Sign and issue 1 IC (₹1,000.00)" in html
    client.force_login(factories.staff_user("DEL"))
    html = client.get(CONFIRM, selection).content.decode()
    assert html.count("Not an application of your office") == 3
    assert "None of the selected applications can be issued now" in html
    assert chn.member.legal_name not in html


def test_nothing_ticked_goes_back_to_the_queue(client, chn):
    client.force_login(chn.officer)
    response = client.get(CONFIRM)
    assert response["Location"] == QUEUE and "Choose at least one application" in said(response)


def test_the_code_is_asked_and_a_wrong_one_starts_nothing(client, chn, settings):
    settings.STAFF_2FA_REQUIRED = True
    device = TOTPDevice.objects.create(user=chn.officer, name="Authenticator app", confirmed=True)
    applications = submitted(chn, 2)
    client.force_login(chn.officer)
    assert 'name="code"' in client.get(CONFIRM, ticked(applications)).content.decode()
    html = client.post(ISSUE, {**ticked(applications), "code": "000000"}).content.decode()
    assert "That code is not right" in html and "Sign and issue 2 ICs" in html
    assert not BulkJob.objects.exists()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=60)
    )
    response = client.post(ISSUE, {**ticked(applications), "code": code(device)})
    job = BulkJob.objects.get()
    assert response["Location"] == job_url(job) and job.total == 2


def test_a_page_gone_stale_starts_nothing(client, chn):
    first, second = submitted(chn, 2)
    selection = ticked([first, second])
    client.force_login(chn.officer)
    assert "Sign and issue 2 ICs" in client.get(CONFIRM, selection).content.decode()
    ic.certificate_issue(by=factories.staff_user("CHN"), application=first)  # a colleague
    response = client.post(ISSUE, selection)
    assert response.status_code == 409 and "the list changed" in said(response)
    html = response.content.decode()
    assert "Already issued" in html and "Sign and issue 1 IC" in html
    assert not BulkJob.objects.exists()


def test_members_cannot_open_the_page(client, chn):
    applications = submitted(chn, 1)
    client.force_login(chn.user)
    assert client.get(CONFIRM, ticked(applications)).status_code == 403
