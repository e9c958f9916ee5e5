"""Recording the dispatch: one error summary, a message beside each box, the chosen method kept,
and only the chosen method's boxes asked for."""

import re

import pytest
from django.urls import reverse

from icportal.dispatch.models import Status
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(client):
    user, officer, certificate = d.issued()
    request = d.printed(user, officer, certificate)
    client.force_login(officer)
    return request


def _post(client, request, **data):
    return client.post(reverse("dispatch:dispatch", args=[request.slug]), data)


def _summary_links(html: str) -> list[str]:
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index("error-summary"))
    ]
    return re.findall(r'href="#([^"]+)"', summary)


def test_nothing_chosen_asks_for_the_method_and_links_to_its_first_radio(client, printed):
    response = _post(client, printed)
    html = response.content.decode()
    assert response.status_code == 200 and _summary_links(html) == ["id_method_0"]
    assert "Choose courier or hand-over at the office" in html
    assert 'id="id_method-error"' in html  # beside the radios, inside their fieldset
    printed.refresh_from_db()
    assert printed.status == Status.PRINTED


def test_courier_chosen_asks_only_for_the_courier_boxes_and_keeps_the_choice(client, printed):
    html = _post(
        client, printed, method="courier", receiver_name="", receiver_id=""
    ).content.decode()
    assert _summary_links(html) == ["id_courier_name", "id_docket_no", "id_dispatch_date"]
    assert re.search(r'<input[^>]*value="courier"[^>]*checked', html)  # the radio is kept
    assert 'id="id_receiver_name-error"' not in html and 'id="id_receiver_id-error"' not in html
    for field in ("courier_name", "docket_no", "dispatch_date"):
        assert f'id="id_{field}-error"' in html


def test_hand_over_chosen_asks_only_for_the_receiver(client, printed):
    html = _post(client, printed, method="hand", dispatch_date="99/99/2026").content.decode()
    assert _summary_links(html) == ["id_receiver_name", "id_receiver_id"]
    assert re.search(r'<input[^>]*value="hand"[^>]*checked', html)
    assert "The month must be 1–12" not in html  # a courier box, ignored for a hand-over


def test_a_wrong_date_is_named_together_with_the_other_missing_boxes(client, printed):
    html = _post(
        client, printed, method="courier", courier_name="Blue Dart", dispatch_date="31/02/2026"
    ).content.decode()
    assert _summary_links(html) == ["id_docket_no", "id_dispatch_date"]
    assert "31/02/2026 is not a date: February 2026 has 28 days" in html
    assert 'value="Blue Dart"' in html and 'value="31/02/2026"' in html  # what was typed stays


def test_the_date_box_is_text_with_an_example_and_both_groups_have_headings(client, printed):
    html = client.get(reverse("dispatch:detail", args=[printed.slug])).content.decode()
    date_box = re.search(r'<input[^>]*name="dispatch_date"[^>]*>', html).group(0)
    assert 'type="text"' in date_box and "For example, 27/03/2026" in html
    assert "Courier details</legend>" in html and "Hand-over details</legend>" in html
    assert 'data-reveal="method"' in html and "web/reveal.js" in html
    assert "error-summary" not in html


def test_a_typed_day_records_the_dispatch(client, printed):
    response = _post(
        client,
        printed,
        method="courier",
        courier_name="Blue Dart",
        docket_no="BD1",
        dispatch_date="1/3/2024",
        receiver_name="typed before switching to courier",
    )
    assert response.status_code == 302
    printed.refresh_from_db()
    assert (
        printed.status == Status.DISPATCHED and f"{printed.dispatch_date:%d/%m/%Y}" == "01/03/2024"
    )
    assert printed.receiver_name == ""  # the other method's boxes are not recorded


def test_decline_without_a_reason_shows_the_summary(client):
    user, officer, certificate = d.issued()
    request = d.requested(user, certificate)
    client.force_login(officer)
    html = client.post(reverse("dispatch:decline", args=[request.slug]), {}).content.decode()
    assert _summary_links(html) == ["id_reason"] and "Say why: the member reads it" in html
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_a_screen_reader_hears_the_hint_and_the_message_with_the_box(client, printed):
    html = _post(client, printed, method="courier", dispatch_date="31/02/2026").content.decode()
    box = re.search(r'<input[^>]*name="dispatch_date"[^>]*>', html).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', box).group(1).split()
    assert described == ["id_dispatch_date_helptext", "id_dispatch_date_error"]
    assert all(f'id="{ref}"' in html for ref in described) and 'aria-invalid="true"' in box
    group = re.search(r'<fieldset id="id_method"[^>]*>', html).group(0)
    assert "aria-describedby" not in group  # no hint and no message on the radios this time
