"""The start page hands each role to the page its owning app registered (web/panels.py), and the
navbar's search box still answers at /search/."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_members_land_on_their_home_page(client, member_user):
    client.force_login(member_user)
    page = client.get("/").content.decode()
    assert member_user.member.legal_name in page and "Latest Import Certificates" in page


@pytest.mark.parametrize("role", ["staff", "head_office"])
def test_office_staff_and_head_office_land_on_the_workbench(client, role):
    user = factories.staff_user("CHN") if role == "staff" else factories.head_office_user()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("workbench:index")


def test_signed_out_visitors_are_asked_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_navbar_search_box_answers_at_search(client, staff):
    client.force_login(staff)
    page = client.get(reverse("workbench:index")).content.decode()
    assert 'action="/search/"' in page
    assert client.get("/search/", {"q": "nothing-like-this"}).status_code == 200
