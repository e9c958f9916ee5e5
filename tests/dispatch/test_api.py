import pytest

from tests import factories
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db
BASE = "/api/v1/copy-requests/"


def test_member_requests_and_office_walks_it_through(api):
    user, officer, certificate = d.issued()
    api.force_authenticate(user)
    created = api.post(BASE, {"certificate": certificate.number, "reason": "sez"}, format="json")
    assert created.status_code == 201, created.content
    slug = created.json()["reference"].replace("/", "-")
    assert api.post(f"{BASE}{slug}/acknowledge/").status_code == 400
    api.force_authenticate(officer)
    assert api.post(f"{BASE}{slug}/approve/").json()["status"] == "approved"
    assert api.post(f"{BASE}{slug}/print/").json()["copy_number"] == 1
    body = {
        "method": "courier",
        "courier_name": "DTDC",
        "docket_no": "X9",
        "dispatch_date": "2024-01-01",
    }
    assert api.post(f"{BASE}{slug}/dispatch/", body, format="json").status_code == 200
    again = api.post(f"{BASE}{slug}/dispatch/", body, format="json")
    assert again.status_code == 400 and "already dispatched" in again.content.decode()
    api.force_authenticate(user)
    assert api.post(f"{BASE}{slug}/acknowledge/").json()["status"] == "acknowledged"


def test_scoping_and_bad_input(api):
    user, _officer, certificate = d.issued()
    request = d.requested(user, certificate)
    api.force_authenticate(factories.member_user())
    assert api.get(f"{BASE}{request.slug}/").status_code == 404
    assert api.get(BASE).json()["count"] == 0
    created = api.post(BASE, {"certificate": certificate.number, "reason": "sez"}, format="json")
    assert created.status_code == 404
    api.force_authenticate(factories.staff_user("DEL"))
    assert api.post(f"{BASE}{request.slug}/approve/").status_code == 404
    api.force_authenticate(user)
    bad = api.post(BASE, {"certificate": certificate.number, "reason": "nonsense"}, format="json")
    assert bad.status_code == 400
    assert api.post(f"{BASE}{request.slug}/approve/").status_code == 403
