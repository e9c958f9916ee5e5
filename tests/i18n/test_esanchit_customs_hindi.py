"""e-SANCHIT, customs and the workbench in Hindi (issue 18): the member's most important mail (the IC
on e-SANCHIT, with the DRN, IRN and uploader ICEGATE ID to quote) and the daily table reach a Hindi
reader in Hindi with every identifier unchanged; the customs and workbench pages answer in Hindi to
a browser that asks for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from icportal.customs import services as customs
from icportal.customs.models import Notice
from icportal.esanchit import daily
from icportal.notifications.models import Email
from tests import factories
from tests.certificates import factories as f
from tests.customs.conftest import cancel, uploaded_ic
from tests.esanchit.factories import issued, uploaded
from tests.notifications.conftest import clock  # noqa: F401

pytestmark = pytest.mark.django_db


def hindi(msgid: str) -> str:
    with translation.override("hi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Hindi for {msgid!r}"
    return text


def test_the_ic_uploaded_mail_is_hindi_for_a_hindi_reader_with_every_number_unchanged():
    member, user, officer, epc = f.ready()
    factories.member_user(member=member, email="hindi@firm.example", language="hi")
    certificate = issued(user, officer, epc, invoice_no="INV-77")
    upload = uploaded(certificate, irn="IRN2026000123", drn="DRN2026000456")
    mails = {m.to: m for m in Email.objects.filter(dedupe_key=f"ic-uploaded:{upload.pk}")}
    english, hindi_mail = mails[user.email], mails["hindi@firm.example"]

    subject = hindi("IC {ic_number} on e-SANCHIT: IRN {irn}, DRN {drn}")
    assert hindi_mail.subject == subject.format(
        ic_number=certificate.number, irn="IRN2026000123", drn="DRN2026000456"
    )
    assert english.subject == (
        f"IC {certificate.number} on e-SANCHIT: IRN IRN2026000123, DRN DRN2026000456"
    )
    for body in (hindi_mail.body_text, hindi_mail.body_html):
        assert hindi("How to use them in the Bill of Entry") in body
        assert hindi("not yet known") in body  # the Bill of Entry number, not reported yet
        # What the member quotes at the port, exactly as ICEGATE and the council wrote it.
        for value in (certificate.number, "IRN2026000123", "DRN2026000456", "CLEINDIA1984"):
            assert value in body
        assert certificate.document_type_code in body and "INV-77" in body
        assert "How to use them" not in body
    assert hindi("Uploader ICEGATE ID:") in hindi_mail.body_text
    assert "How to use them in the Bill of Entry" in english.body_text


def test_the_daily_table_mail_is_hindi_and_a_cancelled_line_says_so_in_hindi(clock):  # noqa: F811
    clock.set(dt.datetime(2026, 12, 1, 9, 0))
    member, user, officer, epc = f.ready()
    user.language = "hi"
    user.save(update_fields=["language"])
    ups = []
    for hour in (10, 11):
        clock.set(dt.datetime(2026, 12, 1, hour, 0))
        ups.append(uploaded(issued(user, officer, epc)))
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    assert daily.daily_tables_send_due() == 1
    mail = Email.objects.get(template="daily_table")
    title = hindi("Your Import Certificates of {day}: which IC is for which Bill of Entry")
    assert mail.subject == title.format(day="01/12/2026")
    words = ("Bill of Entry No.", "IC No.", "DRN", "IRN", "Uploader ICEGATE ID", "Status")
    header = " | ".join(w if w in ("DRN", "IRN") else hindi(w) for w in words)
    assert header in mail.body_text.splitlines()
    for upload in ups:
        number = upload.certificate.number
        line = f"{number} | {upload.drn} | {upload.irn} | CLEINDIA1984 | {hindi('in force')}"
        assert line in mail.body_text
    assert hindi("Download this table for any range of days (CSV or PDF), and see every version "
                 "mailed to you") in mail.body_html  # fmt: skip

    # The office sends it again after a cancel: the struck line reads "cancelled" in Hindi.
    cancel(officer, ups[0].certificate)
    daily.daily_table_send_again(member=member, day=dt.date(2026, 12, 1), by=officer)
    again = Email.objects.filter(template="daily_table").latest("pk")
    assert f"[{hindi('cancelled')} - {hindi('do not use')}]" in again.body_text
    assert ups[0].certificate.number in again.body_text


def test_a_member_reads_the_ic_table_page_in_hindi(client):
    _member, user, _officer, _epc = f.ready()
    user.language = "hi"
    user.save(update_fields=["language"])
    client.force_login(user)
    page = client.get("/outbox/ic-table/").content.decode()
    assert hindi("Which IC is for which Bill of Entry") in page
    assert hindi("Uploader ICEGATE ID") in page and 'lang="hi"' in page


def test_the_customs_pages_answer_in_hindi_to_accept_language_hi(client):
    _user, officer, certificate = uploaded_ic(port_code="INPPG6")  # no customs house on file
    cancel(officer, certificate)
    customs.notices_find()  # the worker's customs.find
    client.force_login(officer)
    notices = client.get("/customs/notices/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert hindi("Notices to customs") in notices and hindi("Mark sent by hand") in notices
    assert hindi("To send by hand (no customs house on file)") in notices  # the status label
    assert certificate.number in notices and "INPPG6" in notices
    houses = client.get("/customs/houses/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert hindi("Customs houses") in houses
    english = client.get("/customs/notices/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Notices to customs" in english and hindi("Notices to customs") not in english


def test_the_sent_by_hand_form_refused_in_hindi(client):
    _user, officer, certificate = uploaded_ic(port_code="INPPG6")
    cancel(officer, certificate)
    customs.notices_find()
    notice = Notice.objects.get()
    client.force_login(officer)
    response = client.post(
        f"/customs/notices/{notice.pk}/hand/", {"how": " "}, HTTP_ACCEPT_LANGUAGE="hi"
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in page
    assert f'href="#how-{notice.pk}"' in page
    assert hindi("Say how and to whom it was sent (e.g. by post to …)") in page


def test_the_workbench_answers_in_hindi(client):
    _member, _user, officer, _epc = f.ready()
    client.force_login(officer)
    page = client.get("/workbench/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert hindi("Workbench") in page and hindi("IC applications to decide") in page
    assert hindi("Bulk actions") in page
