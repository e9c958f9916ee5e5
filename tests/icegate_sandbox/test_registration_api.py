"""Simplified registration (four steps), DSC registration, login and the IEC look-up, via the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from icegate_sandbox.models import Message, Registration, SimplifiedRegistration
from tests.icegate_sandbox.conftest import (
    ADMIN,
    MEMBER_EMAIL,
    MEMBER_GSTIN,
    MEMBER_MOBILE,
    MEMBER_PAN,
    PASSWORD,
    gstin_for,
    post_json,
    url,
)

pytestmark = pytest.mark.django_db


def _latest(kind: str) -> dict:
    return Message.objects.filter(kind=kind).latest("sent_at", "pk").data


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code


def _start_and_verify(client) -> str:
    start = post_json(
        client, "api/registration/simplified/start", {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN}
    )
    assert start.status_code == 200, start.content
    temporary = _latest(Message.Kind.TEMPORARY_PASSWORD)["temporary_password"]
    verify = post_json(
        client,
        "api/registration/simplified/verify",
        {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN, "temporary_password": temporary},
    )
    assert verify.status_code == 200, verify.content
    return verify.json()["registration_id"]


def _complete(client, registration_id, icegate_id="LEATHER01", password=PASSWORD):
    return post_json(
        client,
        "api/registration/simplified/complete",
        {"registration_id": registration_id, "icegate_id": icegate_id, "password": password},
    )


def _confirm(client, registration_id, email_otp=None, mobile_otp=None):
    return post_json(
        client,
        "api/registration/simplified/confirm",
        {
            "registration_id": registration_id,
            "email_otp": email_otp or _latest(Message.Kind.EMAIL_OTP)["otp"],
            "mobile_otp": mobile_otp or _latest(Message.Kind.MOBILE_OTP)["otp"],
        },
    )


def test_the_four_steps_register_an_icegate_id(client, taxpayer):
    start = post_json(
        client, "api/registration/simplified/start", {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN}
    )
    assert start.json()["email"] == "ac******@leatherworks.example"
    mail = Message.objects.get(kind=Message.Kind.TEMPORARY_PASSWORD)
    assert mail.to == MEMBER_EMAIL  # the e-mail held in the GST records
    temporary = mail.data["temporary_password"]
    assert temporary in mail.body

    verify = post_json(
        client,
        "api/registration/simplified/verify",
        {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN, "temporary_password": temporary},
    ).json()
    assert verify["email"] == "ac******@leatherworks.example"  # masked, from the GST records
    assert verify["mobile"] == "******3210"
    registration_id = verify["registration_id"]

    assert _complete(client, registration_id, icegate_id="leather01").status_code == 200
    email_otp = Message.objects.get(kind=Message.Kind.EMAIL_OTP)
    sms_otp = Message.objects.get(kind=Message.Kind.MOBILE_OTP)
    assert (email_otp.to, email_otp.channel) == (MEMBER_EMAIL, "email")
    assert (sms_otp.to, sms_otp.channel) == (MEMBER_MOBILE, "sms")
    assert len(email_otp.data["otp"]) == 6 and email_otp.data["otp"].isdigit()

    confirmed = _confirm(client, registration_id)
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["icegate_id"] == "LEATHER01"
    registration = Registration.objects.get(icegate_id="LEATHER01")
    assert (registration.method, registration.role, registration.iec) == (
        "simplified",
        "IEC",
        MEMBER_PAN,
    )
    assert registration.email == MEMBER_EMAIL and registration.mobile == MEMBER_MOBILE

    login = post_json(client, "api/auth/login", {"icegate_id": "LEATHER01", "password": PASSWORD})
    assert login.status_code == 200
    assert login.json()["message"] == "Welcome to ICEGATE"
    assert login.json()["role"] == "IEC" and login.json()["token"]

    lookup = client.get(url("api/registrations"), {"iec": MEMBER_PAN}).json()
    assert lookup["registrations"][0]["icegate_id"] == "LEATHER01"
    assert lookup["registrations"][0]["method"] == "simplified"
    assert lookup["registrations"][0]["email"] == MEMBER_EMAIL


@pytest.mark.parametrize(
    ("iec", "gstin", "status", "code"),
    [
        ("AAACL1234", MEMBER_GSTIN, 400, "IEC_INVALID"),
        (
            MEMBER_PAN,
            MEMBER_GSTIN[:-1] + ("A" if MEMBER_GSTIN[-1] != "A" else "B"),
            400,
            "GSTIN_INVALID",
        ),
        ("AAACM1234F", MEMBER_GSTIN, 400, "IEC_GSTIN_MISMATCH"),
        ("AAACM1234F", gstin_for("AAACM1234F"), 404, "GSTIN_NOT_FOUND"),
    ],
)
def test_start_checks_the_pair_against_the_gst_records(client, taxpayer, iec, gstin, status, code):
    _error(
        post_json(client, "api/registration/simplified/start", {"iec": iec, "gstin": gstin}),
        status,
        code,
    )
    assert not Message.objects.exists()


def test_verify_needs_the_right_temporary_password_and_locks_after_five(client, taxpayer):
    post_json(
        client, "api/registration/simplified/start", {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN}
    )
    body = {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN, "temporary_password": "wrong"}
    for _ in range(4):
        _error(
            post_json(client, "api/registration/simplified/verify", body),
            400,
            "TEMPORARY_PASSWORD_INVALID",
        )
    _error(
        post_json(client, "api/registration/simplified/verify", body), 409, "REGISTRATION_LOCKED"
    )
    body["temporary_password"] = _latest(Message.Kind.TEMPORARY_PASSWORD)["temporary_password"]
    _error(post_json(client, "api/registration/simplified/verify", body), 409, "NOT_STARTED")


def test_the_temporary_password_expires(client, taxpayer):
    post_json(
        client, "api/registration/simplified/start", {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN}
    )
    SimplifiedRegistration.objects.update(
        temporary_password_expires_at=timezone.now() - timedelta(seconds=1)
    )
    body = {
        "iec": MEMBER_PAN,
        "gstin": MEMBER_GSTIN,
        "temporary_password": _latest(Message.Kind.TEMPORARY_PASSWORD)["temporary_password"],
    }
    _error(
        post_json(client, "api/registration/simplified/verify", body),
        400,
        "TEMPORARY_PASSWORD_EXPIRED",
    )


@pytest.mark.parametrize(
    ("icegate_id", "valid"),
    [
        ("A", True),
        ("A" * 25, True),
        ("A" * 26, False),
        ("LEATHER 01", False),
        ("LEATHER-01", False),
        ("", False),
    ],
)
def test_icegate_id_is_1_to_25_letters_or_digits(client, taxpayer, icegate_id, valid):
    registration_id = _start_and_verify(client)
    response = _complete(client, registration_id, icegate_id=icegate_id)
    if valid:
        assert response.status_code == 200, response.content
    else:
        assert response.json()["error"]["code"] in {"ICEGATE_ID_INVALID", "MISSING_FIELD"}
        assert response.status_code == 400


def test_icegate_id_must_be_unique(client, taxpayer, member):
    registration_id = _start_and_verify(client)
    _error(
        _complete(client, registration_id, icegate_id=member.icegate_id.lower()),
        409,
        "ICEGATE_ID_TAKEN",
    )


@pytest.mark.parametrize(
    "password",
    ["Short@1", "lowercase@123", "UPPERCASE@123", "NoDigits@here", "NoSpecial123"],
)
def test_password_needs_8_characters_upper_lower_digit_and_special(client, taxpayer, password):
    registration_id = _start_and_verify(client)
    _error(_complete(client, registration_id, password=password), 400, "PASSWORD_TOO_WEAK")
    assert not Message.objects.filter(kind=Message.Kind.EMAIL_OTP).exists()


def test_wrong_otps_are_counted_and_lock_after_five(client, taxpayer):
    registration_id = _start_and_verify(client)
    _complete(client, registration_id)
    right_mobile = _latest(Message.Kind.MOBILE_OTP)["otp"]
    wrong = "000000" if _latest(Message.Kind.EMAIL_OTP)["otp"] != "000000" else "111111"
    for tries_left in (4, 3, 2, 1):
        response = _confirm(client, registration_id, email_otp=wrong, mobile_otp=right_mobile)
        _error(response, 400, "OTP_INVALID")
        assert f"{tries_left} tries left" in response.json()["error"]["message"]
    _error(
        _confirm(client, registration_id, email_otp=wrong, mobile_otp=right_mobile),
        409,
        "REGISTRATION_LOCKED",
    )
    _error(_confirm(client, registration_id), 409, "REGISTRATION_LOCKED")
    assert not Registration.objects.exists()


def test_a_wrong_mobile_otp_alone_fails_too(client, taxpayer):
    registration_id = _start_and_verify(client)
    _complete(client, registration_id)
    email_otp = _latest(Message.Kind.EMAIL_OTP)["otp"]
    wrong = "000000" if _latest(Message.Kind.MOBILE_OTP)["otp"] != "000000" else "111111"
    _error(
        _confirm(client, registration_id, email_otp=email_otp, mobile_otp=wrong), 400, "OTP_INVALID"
    )


def test_otps_expire_after_ten_minutes(client, taxpayer):
    registration_id = _start_and_verify(client)
    _complete(client, registration_id)
    pending = SimplifiedRegistration.objects.get()
    assert pending.otp_expires_at - timezone.now() <= timedelta(minutes=10)
    assert pending.otp_expires_at - timezone.now() > timedelta(minutes=9)
    SimplifiedRegistration.objects.update(otp_expires_at=timezone.now() - timedelta(seconds=1))
    _error(_confirm(client, registration_id), 400, "OTP_EXPIRED")
    # asking again (step 3) sends new OTPs that work
    assert _complete(client, registration_id).status_code == 200
    assert _confirm(client, registration_id).status_code == 201


def test_steps_in_the_wrong_order(client, taxpayer):
    _error(_complete(client, "SRNOSUCHREGISTRATION"), 404, "REGISTRATION_NOT_FOUND")
    registration_id = _start_and_verify(client)
    _error(_confirm(client, registration_id, "123456", "123456"), 409, "WRONG_STEP")
    _complete(client, registration_id)
    assert _confirm(client, registration_id).status_code == 201
    _error(_confirm(client, registration_id), 409, "ALREADY_REGISTERED")


def test_dsc_registration_binds_the_certificate(client, registered_identity):
    body = {
        "icegate_id": "CLEINDIA1984",
        "password": PASSWORD,
        "role": "PGA",
        "pga_name": "Council for Leather Exports",
        "email": "ho@cle.example",
        "mobile": "9444000001",
        "certificate_pem": registered_identity.pem,
    }
    # Registering a government agency needs the sandbox admin key; nothing is registered without.
    _error(post_json(client, "api/registration/dsc", body), 401, "ADMIN_KEY_REQUIRED")
    wrong = {"HTTP_X_SANDBOX_ADMIN_KEY": "guess"}
    _error(post_json(client, "api/registration/dsc", body, **wrong), 403, "ADMIN_KEY_INVALID")
    assert not Registration.objects.exists()
    response = post_json(client, "api/registration/dsc", body, **ADMIN)
    assert response.status_code == 201, response.content
    registration = Registration.objects.get()
    assert registration.method == "dsc" and registration.role == "PGA"
    assert response.json()["certificate_sha256"] == registration.certificate_sha256
    assert len(registration.certificate_sha256) == 64
    _error(post_json(client, "api/registration/dsc", body, **ADMIN), 409, "ICEGATE_ID_TAKEN")
    login = post_json(
        client, "api/auth/login", {"icegate_id": "cleindia1984", "password": PASSWORD}
    )
    assert login.json() == {
        "token": login.json()["token"],
        "message": "Welcome to ICEGATE",
        "role": "PGA",
    }


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"certificate_pem": "not a certificate"}, "CERTIFICATE_INVALID"),
        ({"role": "CHA"}, "ROLE_INVALID"),
        ({"role": "IEC"}, "INVALID_FIELD"),  # an IEC registration with a pga_name
        ({"iec": MEMBER_PAN}, "INVALID_FIELD"),  # a PGA registration with an IEC
        ({"pga_name": ""}, "MISSING_FIELD"),
        ({"email": "nobody"}, "EMAIL_INVALID"),
        ({"mobile": "12345"}, "MOBILE_INVALID"),
        ({"password": "weak"}, "PASSWORD_TOO_WEAK"),
        ({"icegate_id": "CLE INDIA"}, "ICEGATE_ID_INVALID"),
        ({"certificate_pem": 42}, "INVALID_FIELD"),
        ({"extra": 1}, "UNKNOWN_FIELD"),
    ],
)
def test_dsc_registration_rejects_bad_details(client, registered_identity, change, code):
    body = {
        "icegate_id": "CLEINDIA1984",
        "password": PASSWORD,
        "role": "PGA",
        "pga_name": "Council for Leather Exports",
        "email": "ho@cle.example",
        "mobile": "9444000001",
        "certificate_pem": registered_identity.pem,
        **change,
    }
    _error(post_json(client, "api/registration/dsc", body, **ADMIN), 400, code)
    assert not Registration.objects.exists()


def test_an_exporter_registers_by_dsc_without_the_admin_key(client, registered_identity):
    body = {
        "icegate_id": "TANNERY02",
        "password": PASSWORD,
        "role": "IEC",
        "iec": MEMBER_PAN,
        "email": MEMBER_EMAIL,
        "mobile": MEMBER_MOBILE,
        "certificate_pem": registered_identity.pem,
    }
    response = post_json(client, "api/registration/dsc", body)
    assert response.status_code == 201, response.content
    assert Registration.objects.get().role == "IEC"


def test_login_with_a_wrong_password_or_id(client, member):
    _error(
        post_json(
            client, "api/auth/login", {"icegate_id": member.icegate_id, "password": "Wrong@123"}
        ),
        401,
        "INVALID_CREDENTIALS",
    )
    _error(
        post_json(client, "api/auth/login", {"icegate_id": "NOBODY", "password": PASSWORD}),
        401,
        "INVALID_CREDENTIALS",
    )


def test_registration_lookup_needs_an_iec(client, member):
    _error(client.get(url("api/registrations")), 400, "MISSING_PARAMETER")
    _error(
        client.get(url("api/registrations"), {"iec": MEMBER_PAN, "x": 1}), 400, "UNKNOWN_PARAMETER"
    )
    assert client.get(url("api/registrations"), {"iec": "AAAAA0001A"}).json()["registrations"] == []
