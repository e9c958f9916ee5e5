"""The daily Bill of Entry ↔ IC table (point 5 of the council's 2019 circular): writes.

A member who gets two or more ICs on e-SANCHIT in one IST day cannot tell from ICEGATE's bare IRN
mails which IC is for which Bill of Entry; at the cut-off (DAILY_TABLE_CUTOFF, IST) they get one
mail with the table. Exactly once per member and day: the `DailyTable` row is created under its
unique constraint in the same transaction that queues the mail. The worker runs
`daily_tables_send_due` (task `esanchit.daily_tables`, mail_tasks.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from icportal.common.dates import ist_now
from icportal.notifications.models import Email
from icportal.notifications.services import email_resend, notify_member
from icportal.notifications.templates import register

from . import daily_selectors as selectors
from .models import DailyTable

CATCH_UP_DAYS = 3  # today (after the cut-off) and the two days before, for a worker that was down


@dataclass(frozen=True)
class DailyTableLine:
    bill_of_entry_no: str  # or "Invoice <number>" while the Bill of Entry is not known
    ic_number: str
    drn: str
    irn: str
    uploader_icegate_id: str


@dataclass(frozen=True)
class DailyTablePayload:
    member_name: str
    day: str  # dd/mm/yyyy, IST
    lines: tuple[DailyTableLine, ...]
    link: str


DAILY_TABLE = register(
    "daily_table",
    payload=DailyTablePayload,
    subject="Your Import Certificates of {day}: which IC is for which Bill of Entry",
)


def daily_table_key(*, member, day: dt.date) -> str:
    return f"daily:{member.pk}:{day.isoformat()}"


def downloads_link() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("ic_tables:ic_table")


def daily_table_payload(*, member, day: dt.date, rows) -> DailyTablePayload:
    return DailyTablePayload(
        member_name=member.legal_name,
        day=day.strftime("%d/%m/%Y"),
        lines=tuple(
            DailyTableLine(
                bill_of_entry_no=r.bill_of_entry_no,
                ic_number=r.ic_number,
                drn=r.drn,
                irn=r.irn,
                uploader_icegate_id=r.uploader_icegate_id,
            )
            for r in rows
        ),
        link=downloads_link(),
    )


def daily_table_send(*, member, day: dt.date, by=None, minimum: int = 2) -> DailyTable | None:
    """Queue the day's table for the member, unless it went already (then None).

    The worker needs two ICs on the day; staff sending by hand (`by`) may send a table of one.
    """
    with transaction.atomic():
        rows = selectors.daily_table_rows(member=member, day=day)
        if len({r.ic_number for r in rows}) < minimum:
            return None
        try:
            with transaction.atomic():
                table = DailyTable.objects.create(
                    member=member, day=day, sent_by=by, row_count=len(rows)
                )
        except IntegrityError:
            return None  # another worker, a restarted one or a colleague sent it
        emails = notify_member(
            member=member,
            template=DAILY_TABLE,
            payload=daily_table_payload(member=member, day=day, rows=rows),
            dedupe_key=daily_table_key(member=member, day=day),
        )
        table.email = emails[0]
        table.save(update_fields=["email"])
    return table


def daily_table_send_again(*, table: DailyTable, by) -> list[Email]:
    """Staff chose "send again": audited copies of the mails the table went out with."""
    originals = Email.objects.filter(
        dedupe_key=daily_table_key(member=table.member, day=table.day)
    ).order_by("pk")
    return [email_resend(email=email, by=by) for email in originals]


def daily_table_days(now_ist: dt.datetime) -> list[dt.date]:
    """The days whose tables are due at `now_ist`, oldest first (computed once per run)."""
    cutoff = dt.time.fromisoformat(settings.DAILY_TABLE_CUTOFF)
    latest = now_ist.date() if now_ist.time() >= cutoff else now_ist.date() - dt.timedelta(days=1)
    return [latest - dt.timedelta(days=n) for n in reversed(range(CATCH_UP_DAYS))]


def daily_tables_send_due() -> int:
    """The worker's run: tables for every due day and member not sent yet. Returns how many."""
    sent = 0
    for day in daily_table_days(ist_now()):
        for member in selectors.members_due_daily_table(day=day):
            if daily_table_send(member=member, day=day) is not None:
                sent += 1
    return sent
