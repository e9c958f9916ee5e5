"""The daily table tells the truth (issue 15 §1): ICs in force only, struck-through cancels and
replaces, one supplementary table a day, one correction mail per IC, versions that never change,
and a worker killed between a row and its mail."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from icportal.certificates import services as certificate_services
from icportal.esanchit import daily, daily_corrections
from icportal.esanchit.models import DailyCorrection, DailyTable
from icportal.notifications.models import Email
from icportal.notifications.services import emails_deliver_due
from tests.certificates import factories as f

from .factories import uploaded

pytestmark = pytest.mark.django_db

DEC1 = dt.date(2026, 12, 1)


def mails(template="daily_table"):
    return Email.objects.filter(template=template).order_by("pk")


def cancel(firm, upload, reason="Shipment cancelled by the supplier"):
    return certificate_services.certificate_cancel(
        by=firm.officer, certificate=upload.certificate, reason=reason
    )


def replace(firm, upload, reason="Invoice amended by the supplier"):
    return certificate_services.certificate_replace(
        by=firm.officer,
        certificate=upload.certificate,
        header=f.header(invoice_no="INV-NEW"),
        items=[f.item_row("900.00")],
        reason=reason,
    )


def first_table_at_cutoff(firm, clock):
    a = firm.upload_at(dt.datetime(2026, 12, 1, 10, 0), invoice_no="INV-A")
    b = firm.upload_at(dt.datetime(2026, 12, 1, 11, 0), invoice_no="INV-B")
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    assert daily.daily_tables_send_due() == 1
    return a, b


def test_an_ic_replaced_before_the_table_is_not_in_it_and_its_replacement_is(firm, clock):
    a = firm.upload_at(dt.datetime(2026, 12, 1, 10, 0), invoice_no="INV-A")
    c = firm.upload_at(dt.datetime(2026, 12, 1, 11, 0), invoice_no="INV-C")
    clock.set(dt.datetime(2026, 12, 1, 12, 0))
    b = uploaded(replace(firm, a))
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    assert daily.daily_tables_send_due() == 1
    [mail] = mails()
    assert a.certificate.number not in mail.body_text  # never received: not listed at all
    assert f"{b.certificate.number} | {b.drn} | {b.irn} | CLEINDIA1984 | in force" in mail.body_text
    assert c.certificate.number in mail.body_text
    assert DailyTable.objects.get().row_count == 2


def test_a_cancelled_ic_is_not_counted_towards_a_table(firm, clock):
    a = firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 11, 0))
    cancel(firm, a)
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    assert daily.daily_tables_send_due() == 0 and not mails().exists()


def test_cancel_after_the_table_sends_one_correction_and_send_again_strikes_it(firm, clock):
    a, b = first_table_at_cutoff(firm, clock)
    [first_mail] = mails()
    clock.set(dt.datetime(2026, 12, 1, 19, 0))
    cancel(firm, a, reason="Supplier withdrew the invoice")
    assert daily_corrections.daily_corrections_send_due() == 1
    assert daily_corrections.daily_corrections_send_due() == 0  # exactly once
    [correction] = mails("daily_correction")
    assert correction.subject == (
        f"Correction to your table of 01/12/2026: IC {a.certificate.number} cancelled"
    )
    assert f"Import Certificate {a.certificate.number} (Bill of Entry Invoice INV-A, " in (
        correction.body_text
    )
    assert f"IRN {a.irn}, DRN {a.drn})" in correction.body_text
    assert "has been CANCELLED" in correction.body_text
    assert "Reason: Supplier withdrew the invoice" in correction.body_text

    table = daily.daily_table_send_again(member=firm, day=DEC1, by=firm.officer)
    assert (table.version, table.kind, table.row_count) == (2, "again", 1)
    again = mails().last()
    assert "(version 2)" in again.subject
    assert (
        f"[CANCELLED - do not use] Invoice INV-A | {a.certificate.number} | {a.drn} | {a.irn} "
        "| CLEINDIA1984 | cancelled" in again.body_text
    )
    assert f"{b.certificate.number} | {b.drn} | {b.irn} | CLEINDIA1984 | in force" in (
        again.body_text
    )
    assert f"<del><code>{a.certificate.number}</code></del>" in again.body_html
    # The first version stays as it was mailed.
    first = DailyTable.objects.get(version=1)
    assert [line.state for line in first.lines.all()] == ["in_force", "in_force"]
    first_mail.refresh_from_db()
    assert "CANCELLED" not in first_mail.body_text
    # The same IC cancelled in two tables still gets one correction.
    assert daily_corrections.daily_corrections_send_due() == 0


def test_replace_after_the_table_waits_for_the_new_irn_and_quotes_it(firm, clock):
    a, _b = first_table_at_cutoff(firm, clock)
    clock.set(dt.datetime(2026, 12, 1, 19, 0))
    new = replace(firm, a)
    assert daily_corrections.daily_corrections_send_due() == 0  # the new IC has no IRN yet
    assert DailyCorrection.objects.get().status == "pending"
    clock.set(dt.datetime(2026, 12, 1, 19, 5))
    new_upload = uploaded(new)
    assert daily_corrections.daily_corrections_send_due() == 1
    [mail] = mails("daily_correction")
    assert mail.subject.endswith(f"IC {a.certificate.number} replaced by {new.number}")
    assert f"REPLACED by Import Certificate {new.number}" in mail.body_text
    assert f"IRN: {new_upload.irn}" in mail.body_text
    assert f"DRN: {new_upload.drn}" in mail.body_text
    assert "Reason: Invoice amended by the supplier" in mail.body_text


def test_a_replacement_without_irn_after_the_wait_is_mailed_saying_so(firm, clock):
    a, _b = first_table_at_cutoff(firm, clock)
    clock.set(dt.datetime(2026, 12, 1, 19, 0))
    new = replace(firm, a)
    daily_corrections.daily_corrections_send_due()
    clock.set(dt.datetime(2026, 12, 1, 19, 31))
    assert daily_corrections.daily_corrections_send_due() == 1
    [mail] = mails("daily_correction")
    assert new.number in mail.body_text and "IRN and DRN are not recorded yet" in mail.body_text


def test_an_ic_accepted_after_the_table_goes_in_one_supplementary_after_ist_midnight(firm, clock):
    a, b = first_table_at_cutoff(firm, clock)
    c = firm.upload_at(dt.datetime(2026, 12, 1, 20, 0), invoice_no="INV-C")
    d = firm.upload_at(dt.datetime(2026, 12, 1, 23, 59), invoice_no="INV-D")
    clock.set(dt.datetime(2026, 12, 1, 23, 59, 30))
    assert daily.daily_tables_send_due() == 0  # the day is not over: more may come
    clock.set(dt.datetime(2026, 12, 2, 0, 0, 30))  # 2 December in India, 1 December in UTC
    assert daily.daily_tables_send_due() == 1
    assert daily.daily_tables_send_due() == 0
    table = DailyTable.objects.get(kind="supplementary")
    assert (table.day, table.version, table.row_count) == (DEC1, 2, 2)
    mail = mails().last()
    assert mail.subject.startswith("Supplementary table for 01/12/2026")
    assert "ADDS TO the table you already received for 01/12/2026" in mail.body_text
    assert "(version 1 of 01/12/2026 18:00)" in mail.body_text
    assert c.certificate.number in mail.body_text and d.certificate.number in mail.body_text
    assert a.certificate.number not in mail.body_text and b.certificate.number not in mail.body_text
    # Exactly once, under the constraint, whoever tries.
    assert daily.daily_table_create(member=firm, day=DEC1, kind="supplementary") is None
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyTable.objects.create(member=firm, day=DEC1, version=9, kind="supplementary")


def test_at_the_cut_off_the_ic_of_that_second_is_in_the_first_table_the_next_is_not(firm, clock):
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    on_time = firm.upload_at(dt.datetime(2026, 12, 1, 18, 0))
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    assert daily.daily_tables_send_due() == 1
    late = firm.upload_at(dt.datetime(2026, 12, 1, 18, 0, 1))
    [first] = mails()
    assert on_time.certificate.number in first.body_text
    assert late.certificate.number not in first.body_text
    clock.set(dt.datetime(2026, 12, 2, 0, 0))
    assert daily.daily_tables_send_due() == 1
    assert late.certificate.number in mails().last().body_text


def test_worker_killed_between_the_table_row_and_its_mail(firm, clock, smtp):
    smtp.start()
    firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 11, 0))
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    # What the worker had done when it was killed: the row, not its mail.
    table = daily.daily_table_create(member=firm, day=DEC1)
    assert table.status == "pending" and not mails().exists()
    clock.set(dt.datetime(2026, 12, 1, 18, 1))
    assert daily.daily_tables_send_due() == 1  # the next pass mails it
    assert daily.daily_tables_send_due() == 0
    table.refresh_from_db()
    assert table.status == "queued" and table.email == mails().get()
    # Killed again, after the mail was queued but before SMTP: the outbox sends it once.
    emails_deliver_due(owner="w1")
    emails_deliver_due(owner="w2")
    delivered = [m for m in smtp.mailbox.messages if "01/12/2026" in m["Subject"]]
    assert len(delivered) == 1


def test_worker_killed_between_the_correction_row_and_its_mail(firm, clock):
    a, _b = first_table_at_cutoff(firm, clock)
    cancel(firm, a)
    assert daily_corrections.daily_corrections_find() == 1  # the row; the worker dies here
    assert not mails("daily_correction").exists()
    assert daily_corrections.daily_corrections_send_due() == 1
    assert daily_corrections.daily_corrections_send_due() == 0
    assert mails("daily_correction").count() == 1


def test_an_ic_cancelled_between_the_row_and_its_mail_is_struck_in_the_mail(firm, clock):
    a = firm.upload_at(dt.datetime(2026, 12, 1, 10, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 11, 0))
    firm.upload_at(dt.datetime(2026, 12, 1, 12, 0))
    clock.set(dt.datetime(2026, 12, 1, 18, 0))
    daily.daily_table_create(member=firm, day=DEC1)
    cancel(firm, a)
    daily.daily_tables_send_due()
    [mail] = mails()
    assert "[CANCELLED - do not use] Invoice" in mail.body_text
    assert a.certificate.number in mail.body_text
    assert DailyTable.objects.get().row_count == 2
    # It never reached the member as valid: no correction is owed.
    assert daily_corrections.daily_corrections_send_due() == 0
