"""The registration pages, the login check and the mailbox page (Django test client)."""

import re

import pytest

from icegate_sandbox.models import Message, Registration
from tests.icegate_sandbox.conftest import MEMBER_EMAIL, MEMBER_GSTIN, MEMBER_PAN, PASSWORD, url

pytestmark = pytest.mark.django_db
START = url("register/simplified/")


def _captcha(response) -> str:
    first, second = re.search(r"What is (\d) plus (\d)\?", response.content.decode()).groups()
    return str(int(first) + int(second))


def _latest(kind):
    return Message.objects.filter(kind=kind).latest("sent_at", "pk").data


def test_home_page_links_to_everything(client):
    html = client.get(url("")).content.decode()
    for path in ("register/simplified/", "login/", "mailbox/"):
        assert url(path) in html
    assert "not</strong> the real ICEGATE" in html


def test_registration_through_the_pages(client, taxpayer):
    page = client.get(START)
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("IEC", "GSTIN", "Password", "Captcha"):
        assert f">{label}</label>" in html

    sent = client.post(START, {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN, "action": "send"})
    assert "ac******@leatherworks.example" in sent.content.decode()
    temporary = _latest(Message.Kind.TEMPORARY_PASSWORD)["temporary_password"]

    wrong_captcha = client.post(
        START,
        {
            "iec": MEMBER_PAN,
            "gstin": MEMBER_GSTIN,
            "temporary_password": temporary,
            "captcha": "99",
            "action": "verify",
        },
    )
    assert wrong_captcha.status_code == 400
    assert "There is a problem" in wrong_captcha.content.decode()
    assert 'href="#id_captcha"' in wrong_captcha.content.decode()

    verified = client.post(
        START,
        {
            "iec": MEMBER_PAN,
            "gstin": MEMBER_GSTIN,
            "temporary_password": temporary,
            "captcha": _captcha(wrong_captcha),
            "action": "verify",
        },
    )
    assert verified.status_code == 302
    details_url = verified["Location"]
    details = client.get(details_url).content.decode()
    assert 'value="ac******@leatherworks.example" readonly' in details
    assert 'value="******3210" readonly' in details
    for label in ("ICEGATE ID", "New password", "Confirm password"):
        assert f">{label}</label>" in details

    mismatch = client.post(
        details_url,
        {"icegate_id": "LEATHER01", "password": PASSWORD, "confirm_password": "Other@2026"},
    )
    assert "not the same" in mismatch.content.decode()
    weak = client.post(
        details_url, {"icegate_id": "LEATHER01", "password": "weak", "confirm_password": "weak"}
    )
    assert "PASSWORD_TOO_WEAK" in weak.content.decode()

    completed = client.post(
        details_url, {"icegate_id": "LEATHER01", "password": PASSWORD, "confirm_password": PASSWORD}
    )
    assert completed.status_code == 302
    otp_url = completed["Location"]
    wrong = client.post(
        otp_url,
        {
            "email_otp": "000000" if _latest("email_otp")["otp"] != "000000" else "111111",
            "mobile_otp": _latest("mobile_otp")["otp"],
        },
    )
    assert "OTP_INVALID" in wrong.content.decode()
    done = client.post(
        otp_url,
        {"email_otp": _latest("email_otp")["otp"], "mobile_otp": _latest("mobile_otp")["otp"]},
        follow=True,
    )
    assert "Registration complete" in done.content.decode()
    assert "LEATHER01" in done.content.decode()
    assert Registration.objects.get().iec == MEMBER_PAN
    # the finished registration's step pages are gone
    assert client.get(details_url).status_code == 404

    welcome = client.post(url("login/"), {"icegate_id": "leather01", "password": PASSWORD})
    assert "Welcome to ICEGATE" in welcome.content.decode()
    refused = client.post(url("login/"), {"icegate_id": "leather01", "password": "Wrong@2026"})
    assert refused.status_code == 400 and "INVALID_CREDENTIALS" in refused.content.decode()


def test_sending_needs_a_matching_gst_record(client, taxpayer):
    response = client.post(START, {"iec": "AAACM1234F", "gstin": MEMBER_GSTIN, "action": "send"})
    assert response.status_code == 400
    assert "IEC_GSTIN_MISMATCH" in response.content.decode()
    assert not Message.objects.exists()


def test_verify_needs_the_temporary_password(client, taxpayer):
    page = client.get(START)
    response = client.post(
        START,
        {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN, "captcha": _captcha(page), "action": "verify"},
    )
    assert "Enter the temporary password." in response.content.decode()


def test_an_unknown_registration_page(client):
    assert client.get(url("register/simplified/SRNOTHING/")).status_code == 404


def test_the_mailbox_page(client, taxpayer):
    client.post(START, {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN, "action": "send"})
    html = client.get(url("mailbox/"), {"to": MEMBER_EMAIL}).content.decode()
    assert "ICEGATE simplified registration: your temporary password" in html
    assert _latest(Message.Kind.TEMPORARY_PASSWORD)["temporary_password"] in html
    assert (
        "No messages for nobody@example.com"
        in client.get(url("mailbox/"), {"to": "nobody@example.com"}).content.decode()
    )
