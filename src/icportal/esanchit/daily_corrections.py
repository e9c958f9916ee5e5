"""Correction mails: an IC a member got as valid in a daily table was cancelled or replaced since.

Pulled, never pushed: certificates knows nothing of tables, so the worker's pass finds lines of
mailed tables whose IC is no longer in force and that have no `DailyCorrection` yet; the row's
unique certificate makes it one correction per IC, ever. Like the table, the row and its mail are
two steps (a pending row is mailed by the next pass). A replacement uploaded electronically usually
gets its IRN within minutes: the mail waits up to REPLACEMENT_IRN_WAIT for it, so it can say which
IRN and DRN the Bill of Entry must now carry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from icportal.certificates.models import DeliveryMode
from icportal.notifications.models import Email
from icportal.notifications.services import email_resend, notify_member
from icportal.notifications.templates import register

from . import daily_selectors as selectors
from .daily import downloads_link
from .models import DailyCorrection, LineState

REPLACEMENT_IRN_WAIT = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class DailyCorrectionPayload:
    member_name: str
    title: str
    ic_number: str
    bill_of_entry_no: str
    irn: str
    drn: str
    table_day: str  # dd/mm/yyyy: the day of the table the member got the IC in
    what: str  # "cancelled" / "replaced"
    reason: str
    new_ic_number: str = ""
    new_irn: str = ""
    new_drn: str = ""
    new_note: str = ""  # why there is no IRN/DRN to quote (yet)
    link: str = ""


DAILY_CORRECTION = register("daily_correction", payload=DailyCorrectionPayload, subject="{title}")


def correction_key(*, correction: DailyCorrection) -> str:
    return f"daily-correction:{correction.certificate_id}"


def daily_corrections_find(*, limit: int = 500) -> int:
    """Make the missing correction rows (one per IC). Returns how many were made."""
    made, seen = 0, set()
    for line in selectors.lines_owing_correction()[:limit]:
        if line.certificate_id in seen:
            continue  # an older table the IC was also in: the newest line speaks for it
        seen.add(line.certificate_id)
        state, _replaced_by = selectors.certificate_state(line.certificate)
        try:
            with transaction.atomic():
                DailyCorrection.objects.create(
                    certificate=line.certificate,
                    member=line.table.member,
                    line=line,
                    what=state,
                    replacement=getattr(line.certificate, "replaced_by", None),
                )
        except IntegrityError:
            continue  # another worker made it
        made += 1
    return made


def _payload(correction: DailyCorrection, upload) -> DailyCorrectionPayload:
    certificate, line, new = correction.certificate, correction.line, correction.replacement
    replaced = correction.what == LineState.REPLACED
    note = ""
    # Lazy words: the outbox writes them in each recipient's language.
    if replaced and new is not None and upload is None:
        note = (
            _("It is a paper IC: it is not uploaded to e-SANCHIT and has no IRN or DRN.")
            if new.delivery_mode != DeliveryMode.ELECTRONIC
            else _(
                "Its IRN and DRN are not recorded yet: ICEGATE mails them to you when it is "
                "uploaded, and it will be in your table of that day."
            )
        )
    headline = (
        format_lazy(_("IC {number} replaced by {new}"), number=certificate.number, new=new.number)
        if replaced and new is not None
        else format_lazy(_("IC {number} cancelled"), number=certificate.number)
    )
    return DailyCorrectionPayload(
        member_name=correction.member.legal_name,
        title=format_lazy(
            _("Correction to your table of {day}: {headline}"),
            day=f"{line.table.day:%d/%m/%Y}",
            headline=headline,
        ),
        ic_number=certificate.number,
        bill_of_entry_no=line.bill_of_entry_no,
        irn=line.irn,
        drn=line.drn,
        table_day=f"{line.table.day:%d/%m/%Y}",
        what="replaced" if replaced else "cancelled",
        reason=(new.replace_reason if replaced and new is not None else certificate.cancel_reason),
        new_ic_number=new.number if replaced and new is not None else "",
        new_irn=upload.irn if upload else "",
        new_drn=upload.drn if upload else "",
        new_note=note,
        link=downloads_link(),
    )


def _waiting_for_irn(correction: DailyCorrection, upload) -> bool:
    new = correction.replacement
    return (
        new is not None
        and upload is None
        and new.delivery_mode == DeliveryMode.ELECTRONIC
        and correction.created_at > timezone.now() - REPLACEMENT_IRN_WAIT
    )


def daily_correction_mail(*, correction: DailyCorrection, wait: bool = True) -> DailyCorrection:
    """Queue the correction's mail once; with `wait`, not before the replacement's IRN (or the
    wait is over)."""
    with transaction.atomic():
        correction = (
            DailyCorrection.objects.select_for_update(of=("self",))
            .select_related("certificate", "replacement", "line__table", "member__office")
            .get(pk=correction.pk)
        )
        if correction.status != DailyCorrection.Status.PENDING:
            return correction
        upload = selectors.accepted_upload_of(correction.replacement)
        if wait and _waiting_for_irn(correction, upload):
            return correction
        emails = notify_member(
            member=correction.member,
            template=DAILY_CORRECTION,
            payload=_payload(correction, upload),
            dedupe_key=correction_key(correction=correction),
        )
        correction.email, correction.status = emails[0], DailyCorrection.Status.QUEUED
        correction.save(update_fields=["email", "status"])
    return correction


def daily_corrections_send_due() -> int:
    """The worker's pass: new corrections found, pending ones mailed. Returns how many went."""
    daily_corrections_find()
    sent = 0
    for correction in selectors.pending_corrections()[:200]:
        if daily_correction_mail(correction=correction).email_id is not None:
            sent += 1
    return sent


def daily_correction_resend(*, correction: DailyCorrection, by) -> list[Email]:
    """Staff: the queued correction again (audited copies), or a pending one now without waiting."""
    if correction.status == DailyCorrection.Status.PENDING:
        daily_correction_mail(correction=correction, wait=False)
        return list(Email.objects.filter(dedupe_key=correction_key(correction=correction)))
    originals = Email.objects.filter(dedupe_key=correction_key(correction=correction))
    return [email_resend(email=email, by=by) for email in originals.order_by("pk")]
