"""Staff preview and send of the daily table; members' CSV and PDF downloads."""

import datetime as dt
import subprocess

import pikepdf
import pytest

from icportal.audit.models import AuditEvent, Verb
from icportal.esanchit.models import DailyTable
from icportal.notifications.models import Email
from tests import factories

from .factories import two_uploads_on_dec1

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_of_uploads(clock):
    member, user, officer, ups = two_uploads_on_dec1(clock)
    clock.set(dt.datetime(2026, 12, 1, 14, 0))  # before the cut-off
    return member, user, officer, ups


def test_staff_preview_then_send_once_then_send_again(client, day_of_uploads):
    member, _user, officer, ups = day_of_uploads
    client.force_login(officer)
    url = f"/outbox/daily-table/?iec={member.iec}&day=2026-12-01"
    page = client.get(url).content.decode()
    assert all(u.certificate.number in page and u.irn in page for u in ups)
    data = {"iec": member.iec, "day": "2026-12-01"}
    assert client.post("/outbox/daily-table/", data).status_code == 302
    table = DailyTable.objects.get()
    assert table.sent_by == officer and table.row_count == 2
    client.post("/outbox/daily-table/", data)  # a second click without "send again"
    assert Email.objects.filter(template="daily_table").count() == 1
    client.post("/outbox/daily-table/", {**data, "again": "yes"})
    assert Email.objects.filter(template="daily_table").count() == 2
    assert AuditEvent.objects.filter(verb=Verb.EMAIL_RESENT).count() == 1
    assert "by the worker" not in client.get(url).content.decode()


def test_staff_of_another_office_cannot_preview(client, day_of_uploads):
    member = day_of_uploads[0]
    client.force_login(factories.staff_user("DEL"))
    page = client.get(f"/outbox/daily-table/?iec={member.iec}&day=2026-12-01")
    assert ups_absent(page.content.decode(), day_of_uploads[3])
    client.post("/outbox/daily-table/", {"iec": member.iec, "day": "2026-12-01"})
    assert not DailyTable.objects.exists()


def ups_absent(page, ups):
    return all(u.certificate.number not in page for u in ups)


def test_members_download_csv_and_pdf_for_a_range(client, day_of_uploads, tmp_path):
    _member, user, _officer, ups = day_of_uploads
    client.force_login(user)
    assert "/outbox/ic-table/" in client.get("/ic/").content.decode()
    base = "/outbox/ic-table/?from=2026-11-25&to=2026-12-01"
    page = client.get(base).content.decode()
    assert all(u.certificate.number in page for u in ups)
    response = client.get(base + "&export=csv")
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Uploaded on (IST),Bill of Entry No.,IC No.,DRN,IRN")
    assert all(u.certificate.number in csv_text and u.drn in csv_text for u in ups)
    response = client.get(base + "&export=pdf")
    assert response["Content-Type"] == "application/pdf"
    path = str(tmp_path / "ic-table.pdf")
    with open(path, "wb") as out:
        out.write(response.content)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 1
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert all(u.certificate.number in text and u.irn in text for u in ups)


def test_members_see_only_their_own_uploads(client, day_of_uploads):
    ups = day_of_uploads[3]
    other = factories.member_user(member=factories.MemberFactory())
    client.force_login(other)
    assert ups_absent(
        client.get("/outbox/ic-table/?from=2026-12-01&to=2026-12-01").content.decode(), ups
    )


def test_staff_get_no_member_download_page(client, day_of_uploads):
    client.force_login(day_of_uploads[2])
    assert client.get("/outbox/ic-table/").status_code == 403
