"""The pages of the daily table's versions and corrections: what the office and the member see."""

import datetime as dt
import subprocess

import pytest

from icportal.audit.models import AuditEvent, Verb
from icportal.certificates import services as certificate_services
from icportal.esanchit import daily, daily_corrections
from icportal.esanchit.models import DailyCorrection, DailyTable
from icportal.notifications.models import Email
from tests import factories

from .factories import two_uploads_on_dec1

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_then_cancelled(clock):
    """Two ICs in the table of 1 December (sent at the cut-off), then the first cancelled."""
    member, user, officer, ups = two_uploads_on_dec1(clock)
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    daily.daily_tables_send_due()
    clock.set(dt.datetime(2026, 12, 1, 19, 0))
    certificate_services.certificate_cancel(
        by=officer, certificate=ups[0].certificate, reason="Invoice withdrawn"
    )
    daily_corrections.daily_corrections_send_due()
    return member, user, officer, ups


DAY_URL = "/outbox/daily-table/?iec={iec}&day=2026-12-01"


def test_office_sees_versions_strikes_the_cancelled_ic_and_sends_again(client, sent_then_cancelled):
    member, _user, officer, (a, _b) = sent_then_cancelled
    client.force_login(officer)
    page = client.get(DAY_URL.format(iec=member.iec)).content.decode()
    assert (
        f"<del>{a.certificate.number}</del>" in page and "Cancelled</strong> — do not use" in page
    )
    assert "First table" in page and "01/12/2026 18:00" in page and "by the worker" in page
    assert "Resend this version" in page
    assert "Corrections mailed to" in page and a.certificate.number in page
    data = {"iec": member.iec, "day": "2026-12-01", "again": "yes"}
    assert client.post("/outbox/daily-table/", data).status_code == 302
    v2 = DailyTable.objects.get(version=2)
    assert (v2.kind, v2.sent_by, v2.row_count) == ("again", officer, 1)
    page = client.get(DAY_URL.format(iec=member.iec)).content.decode()
    assert "Sent again (complete)" in page and officer.email in page
    event = AuditEvent.objects.get(verb=Verb.EMAIL_RESENT)
    assert event.payload["version"] == 2 and event.actor == officer


def test_office_resends_a_version_unchanged(client, sent_then_cancelled):
    member, _user, officer, _ups = sent_then_cancelled
    client.force_login(officer)
    v1 = DailyTable.objects.get(version=1)
    client.post("/outbox/daily-table/", {"iec": member.iec, "day": "2026-12-01", "resend": v1.pk})
    first, copy = Email.objects.filter(template="daily_table").order_by("pk")
    assert copy.body_text == first.body_text and "CANCELLED" not in copy.body_text
    assert DailyTable.objects.count() == 1  # a resend is not a new version
    assert AuditEvent.objects.filter(verb=Verb.EMAIL_RESENT).count() == 1


def test_office_lists_recent_tables_without_choosing_a_member(client, sent_then_cancelled):
    member, _user, officer, _ups = sent_then_cancelled
    client.force_login(officer)
    page = client.get("/outbox/daily-table/").content.decode()
    assert "Tables sent recently" in page and member.iec in page and "01/12/2026" in page


def test_member_sees_status_versions_and_the_version_as_mailed(client, sent_then_cancelled):
    _member, user, _officer, (a, _b) = sent_then_cancelled
    client.force_login(user)
    page = client.get("/outbox/ic-table/?from=2026-11-28&to=2026-12-01").content.decode()
    assert (
        f"<del>{a.certificate.number}</del>" in page and "Cancelled</strong> — do not use" in page
    )
    assert "Tables mailed to you for these days" in page and "First table" in page
    assert "Corrections mailed to you" in page
    assert "Resend this version" not in page  # staff only
    v1 = DailyTable.objects.get(version=1)
    version_page = client.get(f"/outbox/daily-table/{v1.pk}/").content.decode()
    # As it was mailed: both ICs, in force on that evening.
    assert version_page.count("In force") == 2 and "<del>" not in version_page


def test_another_firm_cannot_open_a_version(client, sent_then_cancelled):
    other = factories.member_user(member=factories.MemberFactory())
    client.force_login(other)
    v1 = DailyTable.objects.get(version=1)
    assert client.get(f"/outbox/daily-table/{v1.pk}/").status_code == 404


def test_exports_never_show_a_cancelled_ic_as_valid(client, sent_then_cancelled, tmp_path):
    _member, user, _officer, (a, b) = sent_then_cancelled
    client.force_login(user)
    base = "/outbox/ic-table/?from=2026-12-01&to=2026-12-01"
    csv_text = b"".join(client.get(base + "&export=csv").streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[0].endswith("Uploader ICEGATE ID,Status")
    [a_line] = [line for line in csv_text.splitlines() if a.certificate.number in line]
    [b_line] = [line for line in csv_text.splitlines() if b.certificate.number in line]
    assert a_line.endswith("CANCELLED — do not use") and b_line.endswith("In force")
    path = tmp_path / "table.pdf"
    path.write_bytes(client.get(base + "&export=pdf").content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "CANCELLED" in text and "In force" in text


def test_office_resends_a_correction(client, sent_then_cancelled):
    member, _user, officer, (a, _b) = sent_then_cancelled
    client.force_login(officer)
    correction = DailyCorrection.objects.get()
    data = {"iec": member.iec, "day": "2026-12-01", "correction": correction.pk}
    assert client.post("/outbox/daily-table/", data).status_code == 302
    first, copy = Email.objects.filter(template="daily_correction").order_by("pk")
    assert copy.body_text == first.body_text and a.certificate.number in copy.subject
    assert AuditEvent.objects.filter(verb=Verb.EMAIL_RESENT, actor=officer).count() == 1
