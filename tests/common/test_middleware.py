"""A NUL character in the address is refused with 400 (PostgreSQL would answer 500)."""

import pytest

from tests.members.factories import token_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/members/?q=a%00b", "/members/a%00b/", "/members/?x%00=1"])
def test_pages_refuse_nul_in_the_address(client, staff, url):
    client.force_login(staff)
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    "url", ["/api/v1/members/?segment=%00", "/api/v1/members/%00/", "/api/v1/offices/?q=%00"]
)
def test_api_refuses_nul_in_the_address_in_its_error_shape(api, staff, url):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(staff)}")
    response = api.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_ordinary_addresses_pass(client, staff):
    client.force_login(staff)
    assert client.get("/members/?q=a+b%20c").status_code == 200
