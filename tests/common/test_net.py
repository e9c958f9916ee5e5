"""Behind the proxy: the client's address comes from X-Forwarded-For only through a trusted proxy.

Sign-in lockouts count per account and address, and the public verification throttle per
address; both must see the member's address, not the proxy's, and never a forged one.
"""

import itertools

import pytest

from icportal.common.net import forwarded_client, trusted_networks
from tests.accounts.test_views import PASSWORD, login

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
CLIENT_A, CLIENT_B = "203.0.113.10", "203.0.113.20"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.0/8"]


@pytest.mark.parametrize(
    "peer, xff, client",
    [
        (PROXY, CLIENT_A, CLIENT_A),  # nginx appended the client it saw
        (PROXY, f"198.51.100.1, {CLIENT_A}", CLIENT_A),  # the left part is the client's own words
        (PROXY, f"{CLIENT_A}, 10.1.2.3", CLIENT_A),  # two trusted proxies in a row
        (PROXY, "10.1.2.3", "10.1.2.3"),  # only proxies: the leftmost one
        (PROXY, f"{CLIENT_A}, not-an-ip", PROXY),  # garbage: nothing left of it is believed
        (PROXY, "", PROXY),
        (CLIENT_B, CLIENT_A, CLIENT_B),  # not through the proxy: the header is ignored
        ("::ffff:127.0.0.1", CLIENT_A, CLIENT_A),
        (PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy(
    behind_nginx, peer, xff, client
):
    assert forwarded_client(peer, xff, trusted_networks()) == client


def test_without_trusted_proxies_the_header_is_never_believed(client, member_user):
    for _ in range(5):
        login(client, member_user.email, "Wrong-Password-1")
    # A forged header from the same address does not escape the lockout.
    response = client.post(
        "/accounts/login/",
        {"username": member_user.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert "Too many wrong passwords" in response.content.decode()


def _login_via(client, email, password, *, xff):
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=xff,
    )


def test_a_lockout_from_one_client_does_not_lock_the_account_elsewhere(
    behind_nginx, client, member_user
):
    for _ in range(5):
        _login_via(client, member_user.email, "Wrong-Password-1", xff=CLIENT_A)
    response = _login_via(client, member_user.email, PASSWORD, xff=CLIENT_A)
    assert "Too many wrong passwords" in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = _login_via(client, member_user.email, PASSWORD, xff=CLIENT_B)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member_user.pk)


def test_a_forged_header_through_the_proxy_does_not_dodge_the_lockout(
    behind_nginx, client, member_user
):
    forged = (f"198.51.100.{n}, {CLIENT_A}" for n in itertools.count(1))
    for _ in range(5):
        _login_via(client, member_user.email, "Wrong-Password-1", xff=next(forged))
    response = _login_via(client, member_user.email, PASSWORD, xff=next(forged))
    assert "Too many wrong passwords" in response.content.decode()


def test_rotating_forged_addresses_do_not_get_past_the_verification_throttle(behind_nginx, api):
    answers = []
    for n in range(130):  # the anonymous rate is 120 a minute
        response = api.get(
            "/api/v1/verify/NOSUCHCODE/",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n % 250}, {CLIENT_A}",
        )
        answers.append(response.status_code)
    assert answers[:120].count(429) == 0
    assert set(answers[120:]) == {429}
    # Another member behind the same proxy is not held back.
    other = api.get("/api/v1/verify/NOSUCHCODE/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_B)
    assert other.status_code != 429
