import pytest
from django.urls import reverse

from icportal.complaints import services
from tests import factories
from tests.complaints import factories as c
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db
BASE = "/api/v1/complaints/"


@pytest.fixture
def ic(monkeypatch):
    c.fake_icegate(monkeypatch)
    user, officer, certificate = d.issued()
    c.uploaded(certificate)
    return user, officer, certificate


def test_form_is_prefilled_and_every_field_editable(client, ic):
    user, _, certificate = ic
    client.force_login(user)
    url = reverse("complaints:file", args=[certificate.slug])
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["irn"] == c.IRN and form.initial["uploader_icegate_id"] == "CLEINDIA1984"
    data = c.quoted(certificate, uploader_icegate_id="CLEDELHI1984")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(response["Location"]).content.decode()
    assert "Complaint sent" in page and "The uploader ICEGATE ID to quote is CLEINDIA1984" in page


def test_bad_mobile_shows_the_error_beside_the_field(client, ic):
    user, _, certificate = ic
    client.force_login(user)
    response = client.post(
        reverse("complaints:file", args=[certificate.slug]),
        c.quoted(certificate, official_mobile="123"),
    )
    assert response.status_code == 200
    assert "Indian mobile number" in response.content.decode()


def test_scoping_views_and_api(client, api, ic):
    user, _officer, certificate = ic
    complaint = c.filed(user, certificate)
    for outsider in (factories.member_user(), factories.staff_user("DEL")):
        client.force_login(outsider)
        assert client.get(reverse("complaints:detail", args=[complaint.slug])).status_code == 404
        assert client.get(reverse("complaints:file", args=[certificate.slug])).status_code == 404
        api.force_authenticate(outsider)
        assert api.get(f"{BASE}{complaint.slug}/").status_code == 404
        assert api.get(BASE).json()["count"] == 0
        body = {"certificate": certificate.number, **c.quoted(certificate)}
        assert api.post(BASE, body, format="json").status_code == 404


def test_api_file_and_resolve(api, ic):
    user, officer, certificate = ic
    api.force_authenticate(user)
    body = {"certificate": certificate.number, **c.quoted(certificate, drn="DRN9")}
    created = api.post(BASE, body, format="json")
    assert created.status_code == 201, created.content
    assert [f["code"] for f in created.json()["findings"]] == ["DRN_DIFFERS"]
    bad = api.post(BASE, {**body, "irn": "bad/irn"}, format="json")
    assert bad.status_code == 400 and "irn" in bad.json()["error"]["fields"]
    slug = created.json()["reference"].replace("/", "-")
    assert (
        api.post(
            f"{BASE}{slug}/resolve/", {"cause": "other", "resolution": "x"}, format="json"
        ).status_code
        == 403
    )
    api.force_authenticate(officer)
    done = api.post(
        f"{BASE}{slug}/resolve/",
        {"cause": "wrong_number", "resolution": "Quote the right DRN"},
        format="json",
    )
    assert done.json()["status"] == "resolved"


def test_queue_ages_and_head_office_report(client, ic):
    user, officer, certificate = ic
    complaint = c.filed(user, certificate)
    client.force_login(officer)
    assert complaint.reference in client.get(reverse("complaints:index")).content.decode()
    services.complaint_resolve(
        by=officer, complaint=complaint, cause="icegate_fault", resolution="Fixed"
    )
    client.force_login(factories.head_office_user())
    page = client.get(reverse("complaints:report"))
    chn = next(row for row, _ in page.context["table"] if row["office__code"] == "CHN")
    assert chn["icegate_fault"] == 1
    csv = b"".join(
        client.get(reverse("complaints:report") + "?export=csv").streaming_content
    ).decode()
    assert "ICEGATE fault" in csv and "Chennai" in csv
    client.force_login(officer)
    assert client.get(reverse("complaints:report")).status_code == 403
