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
