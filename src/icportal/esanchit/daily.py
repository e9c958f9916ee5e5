"""The daily Bill of Entry ↔ IC table (point 5 of the council's 2019 circular): writes.

A member who gets two or more ICs on e-SANCHIT in one IST day cannot tell from ICEGATE's bare IRN
mails which IC is for which Bill of Entry; at the cut-off (DAILY_TABLE_CUTOFF, IST) they get one
mail with the table. Each version of a day's table is a `DailyTable` row with its lines (a
snapshot), made in one transaction under its constraint (one first table and one supplementary a
day); its mail is queued by a second step (`daily_table_mail`), so a worker killed in between
leaves a `pending` row the next pass mails, once (the mail's dedupe key is the version's).

- first: ICs in force at the cut-off (two or more; staff by hand may send one);
- supplementary: once the day is over, the ICs accepted that day that no version showed;
- again (staff): the table as it stands now, cancelled or replaced ICs the member got before
  struck through.

Corrections of ICs cancelled or replaced after a table are in daily_corrections.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.certificates.models import ImportCertificate
from icportal.common.dates import IST, ist_now
from icportal.notifications.models import Email
from icportal.notifications.services import email_resend, notify_member
from icportal.notifications.templates import register

from . import daily_selectors as selectors
from .models import DailyTable, DailyTableLine

CATCH_UP_DAYS = 3  # today (after the cut-off) and the two days before, for a worker that was down
Kind = DailyTable.Kind


@dataclass(frozen=True)
class DailyTableLineText:
    bill_of_entry_no: str  # or "Invoice <number>" while the Bill of Entry is not known
    ic_number: str
    drn: str
    irn: str
    uploader_icegate_id: str
    struck: bool = False  # cancelled or replaced since the member got it: never shown as valid
    status: str = "in force"  # "cancelled" / "replaced by CLE/…" (lazy: the reader's language)


@dataclass(frozen=True)
class DailyTablePayload:
    member_name: str
    day: str  # dd/mm/yyyy, IST
    lines: tuple[DailyTableLineText, ...]
    link: str
    kind: str = Kind.FIRST
    version: int = 1
    title: str = ""
    earlier: str = ""  # supplementary / again: when the earlier version(s) went, IST


DAILY_TABLE = register("daily_table", payload=DailyTablePayload, subject="{title}")

# The payload's words stay lazy: the outbox reads them in each recipient's language.
TITLES = {
    Kind.FIRST: _("Your Import Certificates of {day}: which IC is for which Bill of Entry"),
    Kind.SUPPLEMENTARY: _(
        "Supplementary table for {day}: more Import Certificates uploaded that day"
    ),
    Kind.AGAIN: _(
        "Your Import Certificates of {day}: the table as it stands now (version {version})"
    ),
}


def daily_table_key(*, table: DailyTable) -> str:
    """The mail's dedupe key; version 1 keeps the key its mails always had."""
    base = f"daily:{table.member_id}:{table.day.isoformat()}"
    return base if table.version == 1 else f"{base}:v{table.version}"


def downloads_link() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("ic_tables:ic_table")


def _line_text(row: selectors.TableRow) -> DailyTableLineText:
    return DailyTableLineText(
        bill_of_entry_no=row.bill_of_entry_no,
        ic_number=row.ic_number,
        drn=row.drn,
        irn=row.irn,
        uploader_icegate_id=row.uploader_icegate_id,
        struck=not row.in_force,
        status=row.status_text,
    )


def daily_table_payload(*, table: DailyTable, rows) -> DailyTablePayload:
    day = table.day.strftime("%d/%m/%Y")
    earlier = DailyTable.objects.filter(
        member_id=table.member_id, day=table.day, version__lt=table.version
    ).order_by("version")
    return DailyTablePayload(
        member_name=table.member.legal_name,
        day=day,
        lines=tuple(_line_text(r) for r in rows),
        link=downloads_link(),
        kind=table.kind,
        version=table.version,
        title=format_lazy(TITLES[table.kind], day=day, version=table.version),
        earlier=_earlier_text(earlier),
    )


def _earlier_text(earlier):
    """ "version 1 of 01/12/2026 18:00, version 2 of …", lazy like the title."""
    versions = [
        format_lazy(
            _("version {version} of {sent}"),
            version=t.version,
            sent=f"{t.created_at.astimezone(IST):%d/%m/%Y %H:%M}",
        )
        for t in earlier
    ]
    return format_lazy(", ".join(["{}"] * len(versions)), *versions)


def _create(*, member, day: dt.date, kind: str, rows, by) -> DailyTable | None:
    """The version row and its lines, under the constraints; None if it exists already."""
    version = (
        DailyTable.objects.filter(member=member, day=day).aggregate(n=Max("version"))["n"] or 0
    ) + 1
    try:
        with transaction.atomic():
            table = DailyTable.objects.create(
                member=member,
                day=day,
                version=version,
                kind=kind,
                status=DailyTable.Status.PENDING,
                sent_by=by,
                row_count=sum(1 for r in rows if r.in_force),
            )
            DailyTableLine.objects.bulk_create(
                DailyTableLine(
                    table=table,
                    position=n,
                    certificate_id=r.certificate_id,
                    state=r.state,
                    replaced_by_number=r.replaced_by_number,
                    uploaded_at=r.uploaded_at,
                    bill_of_entry_no=r.bill_of_entry_no[:60],
                    ic_number=r.ic_number,
                    drn=r.drn,
                    irn=r.irn,
                    uploader_icegate_id=r.uploader_icegate_id,
                )
                for n, r in enumerate(rows, 1)
            )
    except IntegrityError:
        return None  # another worker, a restarted one or a colleague made it
    if by is not None and kind == Kind.AGAIN:  # the table's mail, sent again (a new version)
        audit_record(
            actor=by,
            verb=Verb.EMAIL_RESENT,
            target=table,
            member=member,
            office=member.office,
            payload={"daily_table": day.isoformat(), "version": version, "kind": kind},
        )
    return table


def daily_table_create(
    *, member, day: dt.date, kind: str = Kind.FIRST, by=None, minimum: int = 2
) -> DailyTable | None:
    """Step 1: the version row and its snapshot (its mail is step 2). None: nothing to send,
    or this kind went already."""
    with transaction.atomic():
        if kind == Kind.SUPPLEMENTARY:
            rows = selectors.supplementary_rows(member=member, day=day)
        else:
            rows = selectors.daily_table_rows(member=member, day=day)
        if kind == Kind.FIRST and DailyTable.objects.filter(member=member, day=day).exists():
            return None
        in_force = sum(1 for r in rows if r.in_force)
        if kind == Kind.AGAIN and not rows:
            return None  # again may carry only struck lines: that is news too
        if kind != Kind.AGAIN and in_force < (minimum if kind == Kind.FIRST else 1):
            return None
        return _create(member=member, day=day, kind=kind, rows=rows, by=by)


def _refresh_lines(table: DailyTable) -> None:
    """Just before the mail is queued: a line whose IC was cancelled or replaced since the row was
    made is struck through, so the mail never shows it as valid."""
    lines = list(table.lines.filter(state="in_force"))
    certificates = ImportCertificate.objects.select_related("replaced_by").in_bulk(
        [line.certificate_id for line in lines]
    )
    for line in lines:
        state, replaced_by = selectors.certificate_state(certificates[line.certificate_id])
        if state != line.state:
            line.state, line.replaced_by_number = state, replaced_by
            line.save(update_fields=["state", "replaced_by_number"])
            table.row_count -= 1


def daily_table_mail(*, table: DailyTable) -> DailyTable:
    """Step 2: queue the version's mail, once (locked row, dedupe key); a queued table is left."""
    with transaction.atomic():
        table = (
            DailyTable.objects.select_for_update(of=("self",))
            .select_related("member__office")
            .get(pk=table.pk)
        )
        if table.status != DailyTable.Status.PENDING:
            return table
        _refresh_lines(table)
        emails = notify_member(
            member=table.member,
            template=DAILY_TABLE,
            payload=daily_table_payload(table=table, rows=selectors.version_rows(table)),
            dedupe_key=daily_table_key(table=table),
        )
        table.email, table.status = emails[0], DailyTable.Status.QUEUED
        table.save(update_fields=["email", "status", "row_count"])
    return table


def daily_table_send(*, member, day: dt.date, by=None, minimum: int = 2) -> DailyTable | None:
    """The day's first table, made and mailed; None if it went already or is not needed.

    The worker needs two ICs in force on the day; staff sending by hand (`by`) may send one.
    """
    table = daily_table_create(member=member, day=day, by=by, minimum=minimum)
    return daily_table_mail(table=table) if table is not None else None


def daily_table_send_again(*, member, day: dt.date, by) -> DailyTable | None:
    """Staff chose "send again": the table as it stands now, as a new version."""
    table = daily_table_create(member=member, day=day, kind=Kind.AGAIN, by=by)
    return daily_table_mail(table=table) if table is not None else None


def daily_table_resend(*, table: DailyTable, by) -> list[Email]:
    """Staff resend of one version's mail unchanged (an audited copy per addressee)."""
    originals = Email.objects.filter(dedupe_key=daily_table_key(table=table)).order_by("pk")
    return [email_resend(email=email, by=by) for email in originals]


def daily_table_days(now_ist: dt.datetime) -> list[dt.date]:
    """The days whose tables are due at `now_ist`, oldest first (computed once per run)."""
    cutoff = dt.time.fromisoformat(settings.DAILY_TABLE_CUTOFF)
    latest = now_ist.date() if now_ist.time() >= cutoff else now_ist.date() - dt.timedelta(days=1)
    return [latest - dt.timedelta(days=n) for n in reversed(range(CATCH_UP_DAYS))]


def daily_tables_mail_pending() -> int:
    """Mail every version whose row exists without its mail (a worker died between the steps)."""
    mailed = 0
    for table in selectors.pending_tables()[:200]:
        if daily_table_mail(table=table).email_id is not None:
            mailed += 1
    return mailed


def daily_tables_send_due() -> int:
    """The worker's run: first tables of the due days, supplementary tables of the days that are
    over, and any version still owing its mail. Returns how many tables went."""
    now = ist_now()
    sent = daily_tables_mail_pending()
    for day in daily_table_days(now):
        for member in selectors.members_due_daily_table(day=day):
            if daily_table_send(member=member, day=day) is not None:
                sent += 1
        if day < now.date():  # nothing more can be accepted on a day that is over
            for member in selectors.members_due_supplementary(day=day):
                table = daily_table_create(member=member, day=day, kind=Kind.SUPPLEMENTARY)
                if table is not None:
                    daily_table_mail(table=table)
                    sent += 1
    return sent
