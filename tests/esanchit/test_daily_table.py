"""The daily Bill of Entry ↔ IC table (circular point 5): once per member and IST day."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from icportal.common import worker
from icportal.common.dates import IST
from icportal.esanchit import daily
from icportal.esanchit.models import DailyTable
from icportal.notifications.models import Email

pytestmark = pytest.mark.django_db

DEC1 = dt.date(2026, 12, 1)


def tables():
    return list(DailyTable.objects.values_list("member_id", "day"))


def daily_mails():
    return Email.objects.filter(template="daily_table")


def test_two_uploads_in_a_day_give_one_mail_with_both_rows(firm, clock):
    a = firm.upload_at(dt.datetime(2026, 12, 1, 10, 0), invoice_no="INV-A")
    b = firm.upload_at(dt.datetime(2026, 12, 1, 11, 0), invoice_no="INV-B")
    a.certificate.application.boe_no = "7654321"
    a.certificate.application.save(update_fields=["boe_no"])

    clock.set(dt.datetime(2026, 12, 1, 17, 59))
    assert daily.daily_tables_send_due() == 0  # before the cut-off

    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    assert daily.daily_tables_send_due() == 1
    [mail] = daily_mails()
    assert mail.dedupe_key == f"daily:{firm.pk}:2026-12-01" and mail.member == firm
    assert "01/12/2026" in mail.subject
    lines = mail.body_text.splitlines()
    assert "Bill of Entry No. | IC No. | DRN | IRN | Uploader ICEGATE ID | Status" in lines
    assert (
        f"7654321 | {a.certificate.number} | {a.drn} | {a.irn} | CLEINDIA1984 | in force" in lines
    )
    assert (
        f"Invoice INV-B | {b.certificate.number} | {b.drn} | {b.irn} | CLEINDIA1984 | in force"
        in lines
    )
    assert b.irn in mail.body_html and "/outbox/ic-table/" in mail.body_text
    assert DailyTable.objects.get().email == mail


def test_one_upload_gives_no_table(firm, clock):
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    clock.set(dt.datetime(2026, 12, 1, 19, 0))
    assert daily.daily_tables_send_due() == 0
    assert tables() == [] and not daily_mails().exists()


def test_running_twice_or_from_two_workers_sends_one(firm, clock):
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 5))
    clock.set(dt.datetime(2026, 12, 1, 18, 30))
    assert daily.daily_tables_send_due() == 1
    assert daily.daily_tables_send_due() == 0
    for owner in ("worker-a", "worker-b"):
        worker.autodiscover()["esanchit.daily_tables"].run(owner)
    # Even called straight for the day, the unique row stops a second mail.
    assert daily.daily_table_send(member=firm, day=DEC1) is None
    assert tables() == [(firm.pk, DEC1)] and daily_mails().count() == 1


def test_midnight_ist_neither_skips_nor_repeats_a_day(firm, clock):
    firm.upload_at(dt.datetime(2026, 12, 1, 20, 0))  # after the cut-off, still 1 December
    firm.upload_at(dt.datetime(2026, 12, 1, 23, 58))
    clock.set(dt.datetime(2026, 12, 1, 23, 59))
    assert daily.daily_tables_send_due() == 1
    clock.set(dt.datetime(2026, 12, 2, 0, 1))  # 2 December in India, still 1 December in UTC
    assert daily.daily_tables_send_due() == 0
    firm.upload_at(dt.datetime(2026, 12, 2, 0, 2))
    firm.upload_at(dt.datetime(2026, 12, 2, 9, 0))
    clock.set(dt.datetime(2026, 12, 2, 18, 0))
    assert daily.daily_tables_send_due() == 1
    assert sorted(tables()) == [(firm.pk, DEC1), (firm.pk, dt.date(2026, 12, 2))]
    dec2 = daily_mails().get(dedupe_key=f"daily:{firm.pk}:2026-12-02")
    assert dec2.body_text.count("CLEINDIA1984") == 2  # only the two ICs of 2 December


def test_the_day_is_fixed_when_the_run_starts_even_if_midnight_passes_during_it(
    firm, clock, monkeypatch
):
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 11, 0))
    before = dt.datetime(2026, 12, 1, 23, 59, 59, tzinfo=IST).astimezone(dt.UTC)
    after = dt.datetime(2026, 12, 2, 0, 0, 1, tzinfo=IST).astimezone(dt.UTC)
    calls = iter([before])
    monkeypatch.setattr(timezone, "now", lambda: next(calls, after))
    assert daily.daily_tables_send_due() == 1
    assert tables() == [(firm.pk, DEC1)]


def test_a_worker_that_was_down_catches_up_yesterday(firm, clock):
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 11, 0))
    clock.set(dt.datetime(2026, 12, 2, 9, 0))  # before today's cut-off
    assert daily.daily_table_days(timezone.now().astimezone(IST)) == [
        dt.date(2026, 11, 29),
        dt.date(2026, 11, 30),
        DEC1,
    ]
    assert daily.daily_tables_send_due() == 1
    assert tables() == [(firm.pk, DEC1)]


def test_the_cut_off_is_a_setting(firm, clock, settings):
    settings.DAILY_TABLE_CUTOFF = "12:00"
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 11, 0))
    clock.set(dt.datetime(2026, 12, 1, 12, 0))
    assert daily.daily_tables_send_due() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_workers_at_the_same_moment_send_one_table(firm, clock):
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 11, 0))
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    barrier, results = threading.Barrier(2), []

    def run():
        barrier.wait()
        try:
            results.append(daily.daily_tables_send_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1]
    assert tables() == [(firm.pk, DEC1)] and daily_mails().count() == 1
