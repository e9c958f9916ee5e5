import pytest

CIRCULAR_IDS = {
    "Chennai": "CLEINDIA1984",
    "Delhi": "CLEDELHI1984",
    "Kolkata": "CLEKOLKATA1984",
    "Mumbai": "CLEMUMBAI1984",
    "Kanpur": "CLEKANPUR1984",
    "Agra": "CLEAGRA1984",
    "Jalandhar": "CLEJALANDHAR1984",
}


@pytest.mark.django_db
def test_public_directory_lists_the_seven_offices_of_the_circular(client):
    response = client.get("/offices/")
    assert response.status_code == 200
    html = response.content.decode()
    for name, icegate_id in CIRCULAR_IDS.items():
        assert name in html
        assert icegate_id in html


@pytest.mark.django_db
def test_offices_api_is_public_and_lists_the_icegate_ids(api):
    response = api.get("/api/v1/offices/")
    assert response.status_code == 200
    assert {o["name"]: o["icegate_id"] for o in response.json()} == CIRCULAR_IDS
    head = [o for o in response.json() if o["is_head_office"]]
    assert [o["code"] for o in head] == ["CHN"]


@pytest.mark.django_db
def test_head_office_manage_page_lists_offices_and_the_latest_office_changes(client, head_office):
    from icportal.offices.models import Office
    from icportal.offices.services import office_update

    office_update(by=head_office, office=Office.objects.get(code="AGR"), phone="0562-2222222")
    client.force_login(head_office)
    response = client.get("/offices/manage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "CLEAGRA1984" in html
    assert "Agra" in html and head_office.full_name in html  # the change, and who made it


def test_an_office_icegate_id_like_0_is_refused_naming_the_rule(client, head_office):
    from icportal.offices.models import Office

    agra = Office.objects.get(code="AGR")
    client.force_login(head_office)
    form = {
        "name": agra.name,
        "region": agra.region,
        "icegate_id": "0",
        "address": agra.address,
        "email": agra.email,
        "phone": agra.phone,
        "is_active": "on",
    }
    html = client.post("/offices/manage/AGR/", form).content.decode()
    assert "ICEGATE ID must be at least 6 characters (got 1)" in html
    assert Office.objects.get(code="AGR").icegate_id == "CLEAGRA1984"
    client.post("/offices/manage/AGR/", {**form, "icegate_id": "cleagra2026"})
    assert Office.objects.get(code="AGR").icegate_id == "CLEAGRA2026"
