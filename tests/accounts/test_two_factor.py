"""Two-step verification (TOTP) before the staff actions that lead to a signed IC."""

import datetime as dt
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from icportal.accounts import otp
from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent, Verb
from icportal.certificates import services
from icportal.certificates.models import AppStatus, CertStatus, ImportCertificate
from tests.certificates import factories as f
from tests.certificates.test_views_staff import said, url

pytestmark = pytest.mark.django_db

SETUP = "/accounts/two-factor/"
VERIFY = "/accounts/two-factor/verify/"
PASSWORD = "Correct-Horse-9"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def case(client):
    _, user, officer, epc = f.ready()
    client.force_login(officer)
    return officer, f.submitted_application(user, epc)


def code(device, later=0):
    """The code the app shows now (or `later` steps on: a code is accepted only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later * device.step
    return f"{totp.token():06d}"


def issue(client, app, data=None, **extra):
    return client.post(url("issue", app), {"version": app.version, **(data or {})}, **extra)


def next_of(response) -> str:
    return parse_qs(urlsplit(response["Location"]).query)["next"][0]


def set_up(client, officer) -> TOTPDevice:
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    client.post(SETUP, {"code": code(device), "next": "/"})
    return TOTPDevice.objects.get(pk=device.pk)


def test_staff_without_a_device_is_sent_to_set_up_and_nothing_is_issued(client, case):
    _, app = case
    page = url("application", app)
    response = issue(client, app, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?")
    assert next_of(response) == page
    assert "Set up two-step verification before issuing certificates" in said(response)
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED
    assert not ImportCertificate.objects.exists()


def test_set_up_confirms_the_device_verifies_the_session_and_issuing_works(client, case):
    officer, app = case
    page = url("application", app)
    response = client.get(SETUP, {"next": page})
    html = response.content.decode()
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = response.context["secret"]
    assert secret in html and secret.replace(" ", "") == otp.secret(device)
    assert client.get(SETUP).context["secret"] == secret  # reloading keeps the same key

    wrong = client.post(SETUP, {"code": "000000", "next": page})
    assert "That code is not right" in wrong.content.decode()
    # django-otp's back-off: one second after a wrong code, then the right code is taken.
    too_soon = client.post(SETUP, {"code": code(device), "next": page}).content.decode()
    assert "Wait 1 second before entering another code" in too_soon
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=2)
    )

    response = client.post(SETUP, {"code": code(device), "next": page})
    assert response["Location"] == page
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(verb=Verb.TWO_FACTOR_SET_UP, actor=officer).count() == 1
    event = AuditEvent.objects.get(verb=Verb.TWO_FACTOR_SET_UP)
    assert describe(event) == "set up two-step verification with an authenticator app"

    # The confirmation page asks for the code again (a step-up), and the set-up's code was used.
    response = issue(client, app, data={"code": code(device, later=1)})
    certificate = ImportCertificate.objects.get(application=app)
    assert response["Location"] == url("certificate", certificate)
    assert client.get(SETUP).context["done"]


def test_setup_page_shows_an_otpauth_url_for_icportal(client, case):
    officer, _ = case
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    link = otp.otpauth_url(device)
    assert link.startswith(f"otpauth://totp/icportal%3A{officer.email.replace('@', '%40')}?")
    assert f"secret={otp.secret(device)}" in link and "issuer=icportal" in link


def test_a_fresh_login_with_a_device_is_asked_for_the_code(client, case):
    officer, app = case
    device = set_up(client, officer)
    client.logout()
    client.post("/accounts/login/", {"username": officer.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(officer.pk)
    response = issue(client, app)
    assert response.status_code == 200  # the confirmation page again, with what is missing
    assert "Enter the 6-digit code your authenticator app shows now" in response.content.decode()
    assert not ImportCertificate.objects.filter(application=app).exists()

    page = url("application", app)
    response = client.post(VERIFY, {"code": code(device, later=1), "next": page})
    assert response["Location"] == page
    assert AuditEvent.objects.filter(verb=Verb.TWO_FACTOR_VERIFIED, actor=officer).exists()
    assert client.get(VERIFY, {"next": page})["Location"] == page  # already verified
    # A verified session still types the code on the confirmation page; a used one is refused.
    response = issue(client, app, data={"code": code(device, later=1)})
    assert "That code is not right" in response.content.decode()
    assert not ImportCertificate.objects.filter(application=app).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=60)
    )
    issue(client, app, data={"code": code(device, later=2)})
    assert ImportCertificate.objects.filter(application=app).exists()


def test_five_wrong_codes_in_a_row_pause_verification(client, case):
    officer, _ = case
    device = set_up(client, officer)
    client.logout()
    client.force_login(officer)
    for left in (4, 3, 2, 1):
        # django-otp's own back-off (1, 2, 4, 8 s) would refuse at once; let that time pass.
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=60)
        )
        html = client.post(VERIFY, {"code": "000000", "next": "/"}).content.decode()
        assert "That code is not right" in html and f"{left} tr" in html
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=60)
    )
    html = client.post(VERIFY, {"code": "000000", "next": "/"}).content.decode()
    assert "5 wrong codes in a row" in html and "Try again after" in html
    device.refresh_from_db()
    assert device.throttling_failure_count == 5

    # Even the right code is refused while paused, and is not counted.
    response = client.post(VERIFY, {"code": code(device, later=1), "next": "/"})
    assert response.status_code == 200
    assert re.search(
        r"5 wrong codes in a row.*Try again after \d\d:\d\d IST", response.content.decode()
    )
    assert not client.session.get("otp_device_id")

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=16)
    )
    response = client.post(VERIFY, {"code": code(device, later=1), "next": "/"})
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_cancel_replace_and_urgent_approval_are_guarded_too(client, case):
    officer, app = case
    certificate = services.certificate_issue(by=officer, application=app, version=app.version)
    response = client.post(url("cancel", certificate), {"reason": "Shipment cancelled"})
    assert response["Location"].startswith(SETUP + "?")
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.ISSUED
    response = client.get(url("replace", certificate))
    assert response["Location"].startswith(SETUP + "?")
    assert next_of(response) == url("replace", certificate)
    response = client.post(url("urgent_approve", pk=1))
    assert response["Location"].startswith(SETUP + "?")


def test_member_users_are_never_asked(client, case):
    _, app = case
    member_user = app.created_by
    client.force_login(member_user)
    assert not otp.needs_second_factor(member_user)
    assert issue(client, app).status_code == 403  # refused as not staff, not sent to set up
    assert client.get(SETUP).status_code == 403
    assert client.get(VERIFY).status_code == 403


def test_head_office_is_asked_too(head_office):
    assert otp.needs_second_factor(head_office)


def test_switched_off_nobody_is_asked(client, case, settings):
    settings.STAFF_2FA_REQUIRED = False
    _, app = case
    issue(client, app)
    assert ImportCertificate.objects.filter(application=app).exists()


def test_next_must_be_on_this_site(client, case):
    officer, _ = case
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(SETUP, {"code": code(device), "next": "https://evil.example/x"})
    assert response["Location"] == "/"
