"""The PKI's admin endpoints are for development and tests only: nothing without the key."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.dev_pki.helpers import certificate


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("revoke", {"serial": "1f"}),
        ("clock", {"at": "2030-01-01T00:00:00+00:00"}),
        ("fault", {"tsa": "down"}),
        ("reset", {}),
    ],
)
@pytest.mark.parametrize("key", ["", "not-the-key"])
def test_admin_endpoints_refuse_without_the_key_and_change_nothing(pki, action, body, key):
    before = pki.admin("reset", {}).json()

    response = pki.admin(action, body, key=key)

    assert response.status_code == 403
    assert "X-Dev-Pki-Admin-Key" in response.json()["error"]
    assert pki.admin("reset", {}).json() == before


def test_revoking_a_serial_never_issued_is_a_404(pki):
    response = pki.admin("revoke", {"serial": "0xdeadbeef"})

    assert response.status_code == 404
    assert "deadbeef" in response.json()["error"]


@pytest.mark.parametrize(
    "body", [{"tsa": "sleepy"}, {"ocsp": "garbage"}, {"crl": "slow"}, {"dns": "down"}]
)
def test_an_unknown_fault_is_a_400(pki, body):
    response = pki.admin("fault", body)

    assert response.status_code == 400
    assert "unknown fault" in response.json()["error"]


def test_revoke_without_a_time_uses_the_services_clock(pki):
    cert = certificate(pki.issue_office()[1])
    moment = dt.datetime(2027, 7, 7, 7, 7, 7, tzinfo=dt.UTC)
    pki.set_clock(moment)

    answer = pki.revoke(cert.serial_number)

    assert answer == {
        "serial": format(cert.serial_number, "x"),
        "at": moment.isoformat(),
        "reason": "key_compromise",
    }
