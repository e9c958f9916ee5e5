"""The favicon, and numbers shown the same way on the pages as in the IC PDF."""

from decimal import Decimal

import pytest

from icportal.certificates import services
from icportal.documents.content import content_for
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def test_favicon_answers_without_signing_in_and_every_page_links_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in html


def test_a_quantity_reads_5000_grouped_on_the_certificate_page_and_in_the_pdf(client):
    _, user, officer, epc = f.ready()
    application = f.submitted_application(user, epc)
    application.items.update(quantity=Decimal("5000.000"))
    issued = services.certificate_issue(by=officer, application=application)
    client.force_login(user)
    html = client.get(f"/ic/certificates/{issued.slug}/").content.decode()
    assert "5,000 PCS" in html
    assert content_for(issued).lines[0].quantity == "5,000"


def test_the_firms_mobile_reads_plus_91_and_two_groups_of_five(client, member_user):
    member_user.member.gstn_mobile = "+919840012345"
    member_user.member.save(update_fields=["gstn_mobile"])
    client.force_login(member_user)
    html = client.get("/members/mine/").content.decode()
    assert "+91 98400 12345" in html
