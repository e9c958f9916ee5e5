"""The confirmation pages before issuing, an urgent approval, cancelling and replacing an IC:
the figures shown, the code asked for (step-up), stale pages refused, nothing done without both."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from icportal.audit.models import AuditEvent, Verb
from icportal.certificates import services
from icportal.certificates.models import (
    Application,
    AppStatus,
    CertStatus,
    DeliveryMode,
    ImportCertificate,
    UrgentRequest,
)
from tests import factories
from tests.accounts.test_two_factor import code
from tests.certificates import factories as f
from tests.certificates.test_views_staff import balance, said, unverified, url
from tests.certificates.test_views_staff_actions import _replace_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client):
    member, user, officer, epc = f.ready()
    client.force_login(officer)
    return member, officer, f.submitted_application(user, epc)


@pytest.fixture
def device(settings, case):
    """Two-step verification on, the officer's authenticator set up (the session not verified)."""
    settings.STAFF_2FA_REQUIRED = True
    return TOTPDevice.objects.create(user=case[1], name="Authenticator app", confirmed=True)


def html_of(response) -> str:
    assert response.status_code == 200, response
    return response.content.decode()


def pause_over(device):
    """django-otp waits 1, 2, 4 … s after a wrong code; let that time pass before the next one."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=60)
    )


# --- issue -----------------------------------------------------------------------------------


def test_the_issue_page_shows_what_will_be_signed(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    member, user, officer, epc = f.ready(fob=Decimal("10000000"))
    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    app = f.submitted_application(user, epc, values=("1000.00", "234567.50"))
    client.force_login(officer)
    html = html_of(client.get(url("issue", app)))
    assert f"Issue the IC for {app.reference}" in html
    assert member.legal_name in html and member.iec in html
    assert 'data-testid="confirm-items">2<' in html
    # Indian grouping: the value, the balance now (5% of the FOB) and after.
    assert "₹2,35,567.50" in html and "₹5,00,000.00" in html and "₹2,64,432.50" in html
    assert "Not enough entitlement" not in html
    assert 'name="code"' in html and 'autocomplete="one-time-code"' in html
    assert f'value="{app.version}"' in html
    assert f'href="{url("application", app)}"' in html  # back without issuing
    assert Application.objects.get(pk=app.pk).status == AppStatus.SUBMITTED


def test_a_balance_too_low_is_flagged_before_signing(client):
    _member, user, officer, epc = f.ready()  # ₹50,000 of entitlement
    first, second = (f.submitted_application(user, epc, values=("30000.00",)) for _ in "12")
    services.certificate_issue(by=officer, application=first)
    client.force_login(officer)
    html = html_of(client.get(url("issue", second)))
    assert "Not enough entitlement" in html and "short by ₹10,000.00" in html
    assert 'data-testid="confirm-short"' in html


def test_issuing_needs_the_code_even_in_a_verified_session(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    member, user, officer, epc = f.ready()
    app = f.submitted_application(user, epc)
    device = TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    client.force_login(officer)
    client.post("/accounts/two-factor/verify/", {"code": code(device), "next": "/"})
    assert client.session.get("otp_device_id")  # the session is verified …

    html = html_of(client.post(url("issue", app), {"version": app.version}))
    assert "There is a problem" in html and "Enter the 6-digit code" in html  # … still asked
    html = html_of(client.post(url("issue", app), {"version": app.version, "code": "000000"}))
    assert "That code is not right" in html and "4 tries left" in html
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the sign-in's lockout counts it
    assert not ImportCertificate.objects.exists() and balance(member) == Decimal("50000.00")
    assert not AuditEvent.objects.filter(verb=Verb.IC_ISSUED).exists()

    pause_over(device)
    response = client.post(url("issue", app), {"version": app.version, "code": code(device, 1)})
    certificate = ImportCertificate.objects.get(application=app)
    assert response["Location"] == url("certificate", certificate)
    assert f"IC {certificate.number} issued" in said(response)
    assert balance(member) == Decimal("49000.00")
    assert AuditEvent.objects.filter(verb=Verb.IC_ISSUED, actor=officer).count() == 1
    assert AuditEvent.objects.filter(verb=Verb.TWO_FACTOR_VERIFIED, actor=officer).count() == 2


def test_switched_off_the_page_has_a_plain_confirm_button(client, case):
    member, _officer, app = case
    html = html_of(client.get(url("issue", app)))
    assert 'name="code"' not in html and "Sign and issue IC" in html
    response = client.post(url("issue", app), {"version": app.version})
    assert balance(member) == Decimal("49000.00")
    assert ImportCertificate.objects.filter(application=app).exists(), said(response)


def test_a_stale_issue_page_is_refused(client, case):
    _member, _officer, app = case
    seen = app.version
    Application.objects.filter(pk=app.pk).update(version=F("version") + 1)  # someone saved it
    response = client.post(url("issue", app), {"version": seen})
    assert "changed since you opened this page" in said(response)
    assert "Nothing was signed" in said(response)
    assert response["Location"] == url("application", app)
    assert not ImportCertificate.objects.exists()


def test_a_page_left_open_while_a_colleague_issued_is_refused(client, case):
    member, _officer, app = case
    page = client.get(url("issue", app)).content.decode()
    assert f'value="{app.version}"' in page
    services.certificate_issue(by=factories.staff_user("CHN"), application=app)
    response = client.post(url("issue", app), {"version": app.version})
    assert "is now issued: it changed since you opened this page" in said(response)
    assert ImportCertificate.objects.count() == 1 and balance(member) == Decimal("49000.00")


@pytest.mark.parametrize("name", ["issue", "cancel", "replace"])
def test_members_are_refused_and_other_offices_get_404(client, case, name):
    _member, officer, app = case
    target = app
    if name != "issue":
        target = services.certificate_issue(by=officer, application=app)
    client.force_login(app.created_by)
    assert client.get(url(name, target)).status_code == 403
    assert client.post(url(name, target), {"reason": "x", "version": "2"}).status_code == 403
    client.force_login(factories.staff_user("DEL"))
    assert client.get(url(name, target)).status_code == 404
    assert client.post(url(name, target), {"reason": "x", "version": "2"}).status_code == 404
    assert ImportCertificate.objects.filter(status=CertStatus.ISSUED).count() == (name != "issue")


# --- urgent approval -------------------------------------------------------------------------


def test_urgent_approval_page_and_the_code(client, case, device):
    member, officer, app = case
    unverified(member)
    request = services.urgent_request(by=officer, application=app, reason="Goods at port")
    second = factories.staff_user("CHN", full_name="Second Officer")
    second_device = TOTPDevice.objects.create(user=second, name="Phone", confirmed=True)
    client.force_login(second)
    page = url("urgent_approve", pk=request.pk)
    html = html_of(client.get(page))
    assert "Approve the urgent physical IC" in html and "Goods at port" in html
    assert officer.full_name in html and "signed and sealed on paper" in html
    assert "₹49,000.00" in html and 'name="code"' in html

    html = html_of(client.post(page, {"version": app.version, "code": "123456"}))
    assert "That code is not right" in html
    assert UrgentRequest.objects.get(pk=request.pk).status == UrgentRequest.Status.PENDING
    pause_over(second_device)
    response = client.post(page, {"version": app.version, "code": code(second_device)})
    certificate = ImportCertificate.objects.get(application=app)
    assert certificate.delivery_mode == DeliveryMode.URGENT_PHYSICAL
    assert response["Location"] == url("certificate", certificate)
    approval = AuditEvent.objects.get(verb=Verb.URGENT_APPROVED)
    assert approval.payload["second_factor_verified"] is True


def test_a_stale_urgent_approval_is_refused(client, case):
    member, officer, app = case
    unverified(member)
    request = services.urgent_request(by=officer, application=app, reason="Goods at port")
    client.force_login(factories.staff_user("CHN"))
    response = client.post(url("urgent_approve", pk=request.pk), {"version": app.version + 1})
    assert "changed since you opened this page" in said(response)
    assert UrgentRequest.objects.get(pk=request.pk).status == UrgentRequest.Status.PENDING


# --- cancel ----------------------------------------------------------------------------------


def test_cancel_page_reason_code_and_balance_after(client, case, device):
    member, officer, app = case
    certificate = services.certificate_issue(by=officer, application=app)
    page = url("cancel", certificate)
    html = html_of(client.get(page))
    assert f"Cancel IC {certificate.number}" in html and member.legal_name in html
    assert "₹49,000.00" in html and "₹50,000.00" in html  # the balance now and after
    assert 'name="reason"' in html and 'name="code"' in html

    html = html_of(client.post(page, {"reason": "", "code": ""}))
    assert 'href="#id_reason"' in html and "Give the reason for cancelling" in html
    html = html_of(client.post(page, {"reason": "Shipment cancelled", "code": "000000"}))
    assert "That code is not right" in html and "Shipment cancelled" in html  # kept as typed
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.ISSUED and balance(member) == Decimal("49000.00")

    pause_over(device)
    response = client.post(page, {"reason": "Shipment cancelled", "code": code(device)})
    assert response["Location"] == url("certificate", certificate)
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.CANCELLED
    assert balance(member) == Decimal("50000.00")
    assert AuditEvent.objects.get(verb=Verb.IC_CANCELLED).payload["reason"] == "Shipment cancelled"
    assert "already cancelled" in said(client.get(page))


def test_the_certificate_page_links_to_cancel_instead_of_a_form(client, case):
    _member, officer, app = case
    certificate = services.certificate_issue(by=officer, application=app)
    html = html_of(client.get(url("certificate", certificate)))
    assert "Cancel this IC…" in html and f'href="{url("cancel", certificate)}"' in html
    assert 'name="reason"' not in html and "data-confirm" not in html


# --- replace ---------------------------------------------------------------------------------


def test_replace_shows_the_new_value_then_asks_for_the_code(client, case, device):
    member, officer, app = case
    certificate = services.certificate_issue(by=officer, application=app)
    data = _replace_post(certificate)
    html = html_of(client.post(url("replace", certificate), data))
    assert f"Replace IC {certificate.number}" in html and "₹1,500.00" in html
    assert "₹49,000.00" in html and "₹48,500.00" in html  # now, and after (+1,000 −1,500)
    assert "Invoice amended by the supplier" in html and 'name="code"' in html
    assert 'name="items-0-value_inr" value="1500.00"' in html  # carried to the next step
    assert not ImportCertificate.objects.filter(replaces=certificate).exists()

    html = html_of(client.post(url("replace", certificate), {**data, "confirm": "1"}))
    assert "Enter the 6-digit code" in html
    html = html_of(
        client.post(url("replace", certificate), {**data, "confirm": "1", "code": "999999"})
    )
    assert "That code is not right" in html
    assert not ImportCertificate.objects.filter(replaces=certificate).exists()
    pause_over(device)
    response = client.post(
        url("replace", certificate), {**data, "confirm": "1", "code": code(device)}
    )
    replacement = ImportCertificate.objects.get(replaces=certificate)
    assert response["Location"] == url("certificate", replacement)
    assert balance(member) == Decimal("48500.00")


def test_replace_with_bad_lines_stays_on_the_form(client, case):
    _member, officer, app = case
    certificate = services.certificate_issue(by=officer, application=app)
    bad = _replace_post(certificate, **{"items-0-value_inr": "-5"})
    html = html_of(client.post(url("replace", certificate), {**bad, "confirm": "1"}))
    assert 'data-testid="replace-form"' in html and "There is a problem" in html
    assert not ImportCertificate.objects.filter(replaces=certificate).exists()


def test_a_code_on_a_confirmation_page_covers_the_next_ones_for_five_minutes(
    client, settings, case
):
    """A code works once: an officer issuing one IC after another is not made to wait for the
    app's next code each time; after STEP_UP_SECONDS the page asks again."""
    from icportal.accounts import otp

    settings.STAFF_2FA_REQUIRED = True
    _member, user, officer, epc = f.ready(fob=Decimal("10000000"))
    device = TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    client.force_login(officer)
    first, second, third = (f.submitted_application(user, epc) for _ in range(3))
    assert 'name="code"' in html_of(client.get(url("issue", first)))
    response = client.post(url("issue", first), {"version": first.version, "code": code(device)})
    assert response.status_code == 302
    assert 'name="code"' not in html_of(client.get(url("issue", second)))
    assert client.post(url("issue", second), {"version": second.version}).status_code == 302
    assert ImportCertificate.objects.filter(application__in=[first, second]).count() == 2
    session = client.session
    session[otp.STEP_UP_KEY] -= otp.STEP_UP_SECONDS + 1
    session.save()
    assert 'name="code"' in html_of(client.get(url("issue", third)))
    client.post(url("issue", third), {"version": third.version})
    assert not ImportCertificate.objects.filter(application=third).exists()
