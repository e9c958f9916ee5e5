"""Where a physical copy goes: the registered address, another Indian address, or the office."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from icportal.audit.models import AuditEvent
from icportal.dispatch import services
from icportal.dispatch.addresses import pin_problem
from icportal.dispatch.models import CopyRequest
from icportal.members.models import Member
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db

MUMBAI = {
    "address_name": "Rekha Shah, Imports desk",
    "address": "Unit 4, Andheri Kurla Road\nAndheri East",
    "address_city": "Mumbai",
    "address_state": "Maharashtra",
    "address_pincode": "400 059",
}


def _ask(user, certificate, deliver_to, address=None):
    return services.copy_request_create(
        by=user,
        certificate=certificate,
        reason="courier",
        deliver_to=deliver_to,
        address=address,
    )


def test_registered_address_is_copied_as_it_is_today_and_kept():
    user, _officer, certificate = d.issued()
    request = _ask(user, certificate, "registered")
    assert request.address_lines == [
        certificate.member.legal_name,
        "12 SIDCO Industrial Estate, Ambattur",
        "Chennai 600098",
        "Tamil Nadu",
    ]
    Member.objects.filter(pk=certificate.member_id).update(address="New premises", pincode="600001")
    request.refresh_from_db()
    assert "12 SIDCO Industrial Estate, Ambattur" in request.address_lines  # the label is as asked
    event = AuditEvent.objects.get(verb="copy.requested")
    assert event.payload["deliver_to"] == "The firm's registered address"


def test_another_indian_address_is_checked_and_kept():
    user, _officer, certificate = d.issued()
    request = _ask(user, certificate, "other", MUMBAI)
    assert request.deliver_to == "other" and request.address_pincode == "400059"
    assert request.address_lines == [
        "Rekha Shah, Imports desk",
        "Unit 4, Andheri Kurla Road",
        "Andheri East",
        "Mumbai 400059",
        "Maharashtra",
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"address_pincode": "600059"}, "address_pincode", "not in Maharashtra"),
        ({"address_pincode": "40005"}, "address_pincode", "6 digits"),
        ({"address_pincode": "056001"}, "address_pincode", "6 digits"),
        ({"address_pincode": "999001"}, "address_pincode", "Army Postal Service"),
        ({"address_state": "Bavaria"}, "address_state", "state or union territory"),
        ({"address": "  "}, "address", "building, street"),
        ({"address_city": ""}, "address_city", "town or city"),
        ({"address_name": ""}, "address_name", "who receives it"),
    ],
)
def test_a_wrong_address_is_refused_on_its_field(change, field, message):
    user, _officer, certificate = d.issued()
    with pytest.raises(ValidationError) as caught:
        _ask(user, certificate, "other", {**MUMBAI, **change})
    assert message in " ".join(caught.value.message_dict[field])
    assert not CopyRequest.objects.exists()


def test_collection_at_the_office_needs_no_address():
    user, _officer, certificate = d.issued()
    request = _ask(user, certificate, "collect", {"address_pincode": "not read"})
    assert request.deliver_to == "collect" and request.address_lines == []


def test_a_firm_without_a_complete_registered_address_must_choose_another():
    user, _officer, certificate = d.issued()
    Member.objects.filter(pk=certificate.member_id).update(pincode="")
    with pytest.raises(ValidationError, match="registered address on file"):
        _ask(user, certificate, "registered")
    assert _ask(user, certificate, "collect").deliver_to == "collect"


def test_pin_regions_across_india():
    assert pin_problem("110001", "Delhi") is None
    assert pin_problem("533464", "Puducherry") is None  # Yanam
    assert pin_problem("700001", "West Bengal") is None
    assert "not in Kerala" in pin_problem("400001", "Kerala")


def test_member_chooses_another_address_on_the_page_and_the_office_prints_the_label(client):
    user, officer, certificate = d.issued()
    client.force_login(user)
    url = reverse("dispatch:request_new", args=[certificate.slug])
    form = client.get(url).content.decode()
    assert "The firm&#x27;s registered address: 12 SIDCO Industrial Estate" in form
    bad = client.post(
        url, {"reason": "courier", "deliver_to": "other", **MUMBAI, "address_pincode": "600059"}
    )
    assert "There is a problem" in bad.content.decode()
    assert "PIN code 600059 is not in Maharashtra" in bad.content.decode()
    response = client.post(url, {"reason": "courier", "deliver_to": "other", **MUMBAI})
    assert response.status_code == 302
    request = CopyRequest.objects.get()
    detail = client.get(response["Location"]).content.decode()
    assert "Another address in India" in detail and "Mumbai 400059" in detail

    client.force_login(officer)
    queue = client.get(reverse("dispatch:index")).content.decode()
    assert "Mumbai 400059" in queue and "another address" in queue
    services.copy_request_approve(by=officer, request=request)
    services.copy_print(by=officer, request=request)
    detail = client.get(reverse("dispatch:detail", args=[request.slug])).content.decode()
    assert "Print the dispatch label" in detail and "Andheri East" in detail
    label = client.get(reverse("dispatch:label", args=[request.slug])).content.decode()
    assert "Rekha Shah, Imports desk" in label and "Mumbai 400059" in label
    assert "Maharashtra" in label and request.reference in label and "copy 1" in label
    client.force_login(user)
    assert client.get(reverse("dispatch:label", args=[request.slug])).status_code == 403


def test_collection_slip_for_a_copy_collected_at_the_office(client):
    user, officer, certificate = d.issued()
    request = _ask(user, certificate, "collect")
    client.force_login(officer)
    queue = client.get(reverse("dispatch:index")).content.decode()
    assert "Collection at the office" in queue
    label = client.get(reverse("dispatch:label", args=[request.slug])).content.decode()
    assert "To be collected at the office" in label and certificate.member.legal_name in label


def test_api_takes_and_shows_the_address(api):
    user, _officer, certificate = d.issued()
    api.force_authenticate(user)
    url = "/api/v1/copy-requests/"
    body = {"certificate": certificate.number, "reason": "courier", "deliver_to": "other"}
    refused = api.post(url, {**body, **MUMBAI, "address_state": "Kerala"}, format="json")
    assert refused.status_code == 400
    assert "not in Kerala" in str(refused.json())
    created = api.post(url, {**body, **MUMBAI}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["deliver_to"] == "other" and data["address_pincode"] == "400059"
    assert data["address_state"] == "Maharashtra"
