"""The BoE ↔ IC table pages take days typed DD/MM/YYYY, still read ISO from links, and name a
wrong day beside its box instead of quietly showing other days."""

import datetime as dt

import pytest

from .factories import two_uploads_on_dec1

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_of_uploads(clock):
    member, user, officer, ups = two_uploads_on_dec1(clock)
    clock.set(dt.datetime(2026, 12, 1, 14, 0))
    return member, user, officer, ups


def test_a_typed_range_shows_those_days_and_the_boxes_say_dd_mm_yyyy(client, day_of_uploads):
    _member, user, _officer, ups = day_of_uploads
    client.force_login(user)
    for first, last in (("25/11/2026", "1/12/2026"), ("2026-11-25", "2026-12-01")):
        page = client.get("/outbox/ic-table/", {"from": first, "to": last}).content.decode()
        assert all(u.certificate.number in page for u in ups)
        assert 'value="25/11/2026"' in page and 'value="01/12/2026"' in page
        assert 'type="date"' not in page and "For example, 27/03/2026" in page


def test_a_wrong_day_is_named_and_no_file_of_other_days_is_given(client, day_of_uploads):
    client.force_login(day_of_uploads[1])
    page = client.get("/outbox/ic-table/", {"from": "31/11/2026", "to": "01/12/2026"})
    html = page.content.decode()
    assert 'id="error-summary"' in html and 'href="#from"' in html
    message = "From: 31/11/2026 is not a date: November 2026 has 30 days"
    assert f'id="from-error">{message}<' in html and 'value="31/11/2026"' in html
    export = client.get("/outbox/ic-table/", {"from": "31/11/2026", "export": "csv"})
    assert export.status_code == 400 and message in export.content.decode()


def test_staff_preview_reads_a_typed_day_and_names_a_wrong_one(client, day_of_uploads):
    member, _user, officer, ups = day_of_uploads
    client.force_login(officer)
    page = client.get("/outbox/daily-table/", {"iec": member.iec, "day": "1.12.2026"})
    html = page.content.decode()
    assert all(u.certificate.number in html for u in ups) and 'value="01/12/2026"' in html
    html = client.get("/outbox/daily-table/", {"iec": member.iec, "day": "1/13/2026"}).content
    assert b'id="day-error">Day: The month must be 1\xe2\x80\x9312<' in html
    response = client.post("/outbox/daily-table/", {"iec": member.iec, "day": "1/13/2026"})
    assert response.status_code == 200  # nothing sent for a day nobody meant
