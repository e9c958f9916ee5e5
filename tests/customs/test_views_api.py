"""The directory page and API (staff read, head office write), the office's notice pages and the
IC page's panel, and the letter link customs receives."""

from __future__ import annotations

import pytest
from django.urls import reverse

from icportal.customs import services
from icportal.customs.models import CustomsHouse, Notice, NoticeStatus
from icportal.workbench.selectors import queue_cards
from tests import factories
from tests.customs.conftest import cancel, confirm, uploaded_ic

pytestmark = pytest.mark.django_db
HOUSES = "/api/v1/customs-houses/"
NOTICES = "/api/v1/customs-notices/"


def test_directory_page_search_sort_export_and_edit(client, staff, head_office):
    client.force_login(staff)
    page = client.get(reverse("customs:houses"), {"q": "kolkata"}).content.decode()
    assert "INCCU1" in page and "INCCU4" in page and "INMAA1" not in page
    assert "To be confirmed" in page and "Add a customs house" not in page  # staff read only
    assert client.get(reverse("customs:house_new")).status_code == 403
    export = client.get(reverse("customs:houses"), {"export": "csv", "sort": "name"})
    assert export.status_code == 200 and b"INNSA1" in b"".join(export.streaming_content)
    client.force_login(head_office)
    response = client.post(
        reverse("customs:house_new"), {"port_code": "MAA", "name": "", "officer_email": "x"}
    )
    form = response.context["form"]
    assert "like INMAA1" in " ".join(form.errors["port_code"])
    assert form.errors["name"] and form.errors["officer_email"]
    response = client.post(
        reverse("customs:house_new"),
        {"port_code": "inppg6", "name": "ICD Patparganj", "officer_email": "ppg@customs.test"},
    )
    assert response.status_code == 302
    assert CustomsHouse.objects.get(port_code="INPPG6").name == "ICD Patparganj"
    response = client.post(
        reverse("customs:house_edit", args=["INMAA1"]),
        {
            "port_code": "INXXX1",  # disabled: ignored
            "name": "Chennai Customs House (sea)",
            "officer_name": "Shri R. Kumar",
            "officer_email": "ac.imports@chennaicustoms.test",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    house = CustomsHouse.objects.get(port_code="INMAA1")
    assert house.officer_email == "ac.imports@chennaicustoms.test" and not house.to_be_confirmed
    page = client.get(reverse("customs:houses")).content.decode()
    assert "changed customs house Chennai Customs House (sea) (INMAA1)" in page  # its history


def test_api_reads_for_staff_writes_for_head_office(api, staff, head_office, member_user):
    api.force_authenticate(member_user)
    assert api.get(HOUSES).status_code == 403
    api.force_authenticate(staff)
    body = api.get(HOUSES, {"confirmed": "no", "sort": "name"}).json()
    assert body["count"] == 10 and body["results"][0]["to_be_confirmed"] is True
    assert api.get(f"{HOUSES}inmaa4/").json()["name"] == "Chennai Air Cargo Complex"
    assert api.post(HOUSES, {"port_code": "INPPG6", "name": "x"}, format="json").status_code == 403
    api.force_authenticate(head_office)
    bad = api.post(HOUSES, {"port_code": "PPG", "name": "ICD Patparganj"}, format="json")
    assert bad.status_code == 400 and "port_code" in bad.json()["error"]["fields"]
    made = api.post(
        HOUSES,
        {"port_code": "inppg6", "name": "ICD Patparganj", "officer_email": "ppg@customs.test"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["port_code"] == "INPPG6"
    changed = api.patch(f"{HOUSES}INPPG6/", {"to_be_confirmed": True}, format="json")
    assert changed.status_code == 200 and changed.json()["to_be_confirmed"] is True
    assert api.get(f"{HOUSES}INZZZ1/").status_code == 404


def test_office_sees_the_by_hand_task_on_its_queue_and_the_ic_page(client, api, identity):
    _user, officer, certificate = uploaded_ic()
    cancel(officer, certificate)
    services.notices_find()
    notice = Notice.objects.get()
    client.force_login(officer)
    queue = client.get(reverse("customs:notices")).content.decode()
    assert certificate.number in queue and "To send by hand" in queue
    assert "still to be confirmed" in queue and "Mark sent by hand" in queue
    ic_page = client.get(reverse("certificates:certificate", args=[certificate.slug]))
    assert "Notice to customs" in ic_page.content.decode()
    assert "Send it by hand" in ic_page.content.decode()
    # Another office sees none of it; the member sees no customs panel.
    other = factories.staff_user("DEL")
    api.force_authenticate(other)
    assert api.get(NOTICES).json()["count"] == 0
    client.force_login(_user)
    member_page = client.get(reverse("certificates:certificate", args=[certificate.slug]))
    assert "Notice to customs" not in member_page.content.decode()
    # The office marks it sent by hand, from the IC page.
    client.force_login(officer)
    back = reverse("certificates:certificate", args=[certificate.slug])
    response = client.post(
        reverse("customs:notice_hand", args=[notice.pk]),
        {"how": "By speed post to the Assistant Commissioner", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT_BY_HAND
    assert "Sent by hand" in client.get(back).content.decode()
    history = client.get(
        reverse("certificates:application", args=[certificate.application.slug])
    ).content.decode()
    assert "sent the notice that IC" in history and "is to be sent by hand" in history


def test_api_lists_marks_and_sends_again(api, identity):
    _user, officer, certificate = uploaded_ic()
    confirm()
    cancel(officer, certificate)
    services.notices_find()
    services.notices_send_due(owner="test")
    notice = Notice.objects.get()
    api.force_authenticate(officer)
    [row] = api.get(NOTICES, {"status": "sent"}).json()["results"]
    assert row["certificate"] == certificate.number and row["email_status"] is not None
    hand = api.post(f"{NOTICES}{notice.pk}/hand-sent/", {"how": "post"}, format="json")
    assert hand.status_code == 400  # it was mailed: nothing to mark
    again = api.post(f"{NOTICES}{notice.pk}/send/", {}, format="json")
    assert again.status_code == 200 and again.json()["sent_to"] == "nodal.chennai@customs.gov.test"


def test_the_letter_link_in_the_mail_opens_the_signed_pdf_without_an_account(client, identity):
    _user, officer, certificate = uploaded_ic()
    confirm()
    cancel(officer, certificate)
    services.notices_find()
    services.notices_send_due(owner="test")
    notice = Notice.objects.get()
    assert services.letter_url(notice) in notice.email.body_text
    response = client.get(reverse("customs:letter", args=[notice.letter_token]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("customs:letter", args=["not-the-token"])).status_code == 404


def test_the_workbench_counts_notices_to_send_by_hand(client, identity):
    _user, officer, certificate = uploaded_ic()
    cancel(officer, certificate)
    services.notices_find()
    client.force_login(officer)
    page = client.get(reverse("workbench:index")).content.decode()
    assert "Notices to customs to send by hand" in page
    cards = {c.queue.key: c.count for c in queue_cards(user=officer)}
    assert cards["customs_notices"] == 1
