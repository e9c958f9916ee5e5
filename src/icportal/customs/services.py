"""Every write of the customs app: the directory (head office) and notices to customs.

Customs pulls its work: `notices_find` reads certificates cancelled or replaced after an accepted
e-SANCHIT upload that have no notice yet (certificates never calls this app). Each notice is a row
with a status, unique per (IC, event), so a customs house is told exactly once however many workers
look; staff can send it again, or mark one sent by hand where no customs house is on file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icportal.accounts import scopes
from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.certificates.models import CertStatus, DeliveryMode, ImportCertificate
from icportal.common.dates import IST
from icportal.common.worker import claim, release, wake
from icportal.esanchit.models import Upload, UploadStatus
from icportal.notifications.services import email_queue

from .houses import (  # noqa: F401 (the directory's writes: part of this module's interface)
    customs_house_create,
    customs_house_update,
    house_for,
    why_by_hand,
)
from .letter import LetterError, LetterFacts, render_letter, sign_letter
from .mails import CUSTOMS_NOTICE, CustomsNoticePayload
from .models import CustomsHouse, Event, Notice, NoticeStatus

logger = logging.getLogger(__name__)

OTHER_OFFICE = gettext_lazy("Staff act only on their own office's notices to customs")
SEND_TASK = "customs.send"


# -- Finding the work ----------------------------------------------------------------------------


def _accepted_upload(certificate) -> Upload | None:
    return (
        Upload.objects.select_related("office")
        .filter(certificate=certificate, status=UploadStatus.ACCEPTED)
        .exclude(irn="")
        .order_by("-pk")
        .first()
    )


def candidates(*, since: dt.datetime | None = None):
    """Cancelled or replaced ICs with an accepted upload and no notice for that event yet."""
    since = since or timezone.now() - dt.timedelta(days=settings.CUSTOMS_NOTICE_LOOKBACK_DAYS)
    uploaded = Upload.objects.filter(status=UploadStatus.ACCEPTED).exclude(irn="")
    cancelled = Q(status=CertStatus.CANCELLED, cancelled_at__gte=since) & ~Q(
        customs_notices__event=Event.CANCELLED
    )
    replaced = Q(status=CertStatus.SUPERSEDED, replaced_by__issued_at__gte=since) & ~Q(
        customs_notices__event=Event.REPLACED
    )
    return (
        ImportCertificate.objects.filter(cancelled | replaced)
        .filter(pk__in=uploaded.values("certificate_id"))
        .select_related("application", "office")
        .order_by("pk")
    )


def notices_find(*, since: dt.datetime | None = None) -> int:
    """Write the notice of every cancelled or replaced uploaded IC that has none; wake the sender."""
    made = 0
    for certificate in candidates(since=since)[:200]:
        if notice_open(certificate=certificate) is not None:
            made += 1
    return made


def notice_open(*, certificate: ImportCertificate) -> Notice | None:
    """The notice for this IC's cancel or replace, written once (None if there is nothing to tell)."""
    event = {CertStatus.CANCELLED: Event.CANCELLED, CertStatus.SUPERSEDED: Event.REPLACED}.get(
        certificate.status
    )
    upload = _accepted_upload(certificate)
    if event is None or upload is None:
        return None
    port = certificate.application.port_code
    house = house_for(port) if port else None
    reason = why_by_hand(house, port)
    replacement = getattr(certificate, "replaced_by", None) if event == Event.REPLACED else None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                certificate=certificate,
                event=event,
                office=certificate.office,
                port_code=port,
                customs_house=house,
                status=NoticeStatus.BY_HAND if reason else NoticeStatus.WAITING,
                irn=upload.irn,
                drn=upload.drn,
                uploader_icegate_id=(upload.office or certificate.office).icegate_id,
                replacement=replacement,
                letter_token=secrets.token_urlsafe(32),
                last_error=reason,
                next_attempt_at=_first_attempt(replacement),
            )
            if reason:
                _audit(None, Verb.CUSTOMS_NOTICE_BY_HAND, notice, why=reason)
            else:
                wake(SEND_TASK)
    except IntegrityError:  # another worker wrote it first: customs is told once
        return Notice.objects.filter(certificate=certificate, event=event).first()
    return notice


def _first_attempt(replacement) -> dt.datetime | None:
    """A replaced IC's notice waits (a while) for the replacing IC's IRN/DRN, to give both."""
    if replacement is None or replacement.delivery_mode != DeliveryMode.ELECTRONIC:
        return None
    if _accepted_upload(replacement) is not None:
        return None
    wait = dt.timedelta(minutes=settings.CUSTOMS_NOTICE_REPLACEMENT_WAIT_MINUTES)
    return replacement.issued_at + wait


def _audit(by, verb, notice: Notice, **payload) -> None:
    certificate = notice.certificate
    audit_record(  # on the IC: its history says customs was told (or must be, by hand)
        actor=by,
        verb=verb,
        target=certificate,
        member=certificate.member,
        office=notice.office,
        payload={
            "ic": certificate.number,
            "event": notice.event,
            "port_code": notice.port_code,
            "notice_id": notice.pk,
            **payload,
        },
    )


# -- Sending -------------------------------------------------------------------------------------


def due_notices():
    now = timezone.now()
    # A failed letter with no next attempt has used its tries: it waits for staff ("Try sending now").
    return Notice.objects.filter(
        Q(status=NoticeStatus.WAITING, next_attempt_at__isnull=True)
        | Q(status__in=[NoticeStatus.WAITING, NoticeStatus.FAILED], next_attempt_at__lte=now)
    )


def notices_send_due(*, owner: str, limit: int = 10) -> int:
    rows = claim(due_notices(), owner=owner, limit=limit, lease_seconds=300)
    for notice in rows:
        _send_claimed(notice)
    return len(rows)


def _date_ist(value) -> str:
    return f"{value.astimezone(IST):%d/%m/%Y}" if value else ""


def _replacement_numbers(notice: Notice) -> tuple[str, str]:
    replacement = notice.replacement
    if replacement is None:
        return "", ""
    if replacement.delivery_mode != DeliveryMode.ELECTRONIC:
        return "issued on paper: no IRN", "issued on paper: no DRN"
    upload = _accepted_upload(replacement)
    if upload is None:
        return "not yet uploaded (we will write again)", "not yet uploaded"
    return upload.irn, upload.drn


def letter_url(notice: Notice) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("customs:letter", args=[notice.letter_token])


def facts_for(notice: Notice) -> LetterFacts:
    certificate = notice.certificate
    app, member, office = certificate.application, certificate.member, notice.office
    assessed = getattr(certificate, "assessed_boe", None)
    if assessed is not None:
        boe = f"{assessed.boe_no} of {assessed.boe_date:%d/%m/%Y} ({assessed.port_code})"
    elif app.boe_no:
        boe = f"{app.boe_no}" + (f" of {app.boe_date:%d/%m/%Y}" if app.boe_date else "")
    else:
        boe = "not yet known to the council"
    invoice = app.invoice_no or "—"
    if app.invoice_no and app.invoice_date:
        invoice += f" of {app.invoice_date:%d/%m/%Y}"
    replacement_irn, replacement_drn = _replacement_numbers(notice)
    if notice.event == Event.REPLACED:
        number = notice.replacement.number if notice.replacement else "—"
        what = (
            f"IC {certificate.number} was replaced by IC {number} on "
            f"{_date_ist(notice.replacement.issued_at if notice.replacement else None)}; "
            "the earlier IRN/DRN must not be used."
        )
        reason = certificate.replace_reason
    else:
        what = (
            f"IC {certificate.number} was cancelled on {_date_ist(certificate.cancelled_at)}; "
            "its IRN/DRN must not be used."
        )
        reason = certificate.cancel_reason
    house = notice.customs_house
    return LetterFacts(
        reference=notice.reference,
        date=_date_ist(timezone.now()),
        council_name=office.council.name,
        office_name=office.name,
        office_address=office.address,
        office_contact=office.email or settings.DEFAULT_FROM_EMAIL,
        customs_house=house.name if house else f"Customs, port {notice.port_code}",
        officer_name=(house.officer_name if house and house.officer_name else "The nodal officer"),
        port_code=notice.port_code,
        ic_number=certificate.number,
        irn=notice.irn,
        drn=notice.drn,
        uploader_icegate_id=notice.uploader_icegate_id,
        firm=member.legal_name,
        iec=member.iec,
        bill_of_entry=boe,
        invoice=invoice,
        event=notice.event,
        what_happened=what,
        reason=reason,
        replacement_number=notice.replacement.number if notice.replacement else "",
        replacement_irn=replacement_irn,
        replacement_drn=replacement_drn,
        signatory=f"Signing officer, {office.name} office",
    )


def _notice_for_send(pk) -> Notice:
    return Notice.objects.select_related(
        "certificate__application",
        "certificate__member",
        "certificate__assessed_boe",
        "office__council",
        "customs_house",
        "replacement",
    ).get(pk=pk)


def _send_claimed(notice: Notice) -> None:
    """Sign the letter (outside any transaction), then in one: store it, queue the mail, audit."""
    fresh = _notice_for_send(notice.pk)
    house = house_for(fresh.port_code) if fresh.port_code else None
    reason = why_by_hand(house, fresh.port_code)
    if reason:  # the house went away (or lost its address) since the notice was written
        with transaction.atomic():
            release(notice, status=NoticeStatus.BY_HAND, last_error=reason, customs_house=house)
            fresh.status = NoticeStatus.BY_HAND
            _audit(None, Verb.CUSTOMS_NOTICE_BY_HAND, fresh, why=reason)
        return
    fresh.customs_house = house
    facts = facts_for(fresh)
    try:
        signed = sign_letter(render_letter(facts), office=fresh.office)
    except Exception as exc:  # a DSC out of date, a token away: visible on the row, retried
        if not isinstance(exc, LetterError):
            logger.exception("Signing the customs notice %s failed", fresh.pk)
        attempts = fresh.attempts + 1
        retry = attempts < settings.CUSTOMS_NOTICE_MAX_ATTEMPTS
        release(
            notice,
            status=NoticeStatus.FAILED,
            attempts=attempts,
            last_error=f"Letter not signed: {exc}"[:2000],
            next_attempt_at=timezone.now() + dt.timedelta(minutes=2**attempts) if retry else None,
        )
        return
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=fresh.pk)
        if locked.status == NoticeStatus.SENT or locked.locked_by != notice.locked_by:
            return  # someone else sent it meanwhile
        name = f"notice-{fresh.certificate.number.replace('/', '-')}-{fresh.event}.pdf"
        locked.letter.save(name, ContentFile(signed), save=False)
        locked.letter_sha256 = hashlib.sha256(signed).hexdigest()
        email = _queue_mail(locked, facts, house)
        locked.status, locked.customs_house, locked.email = NoticeStatus.SENT, house, email
        locked.sent_to, locked.sent_at = house.officer_email, timezone.now()
        locked.replacement_irn, locked.replacement_drn = (
            facts.replacement_irn,
            facts.replacement_drn,
        )
        locked.attempts, locked.last_error, locked.next_attempt_at = fresh.attempts + 1, "", None
        locked.locked_by, locked.locked_until = "", None
        locked.save()
        _audit(
            None,
            Verb.CUSTOMS_NOTICE_SENT,
            locked,
            customs_house=str(house),
            to=house.officer_email,
            email_id=email.pk,
        )


def _queue_mail(notice: Notice, facts: LetterFacts, house: CustomsHouse):
    return email_queue(
        template=CUSTOMS_NOTICE,
        to=house.officer_email,
        payload=CustomsNoticePayload(
            reference=facts.reference,
            customs_house=f"{house.name} ({house.port_code})",
            officer_name=facts.officer_name,
            ic_number=facts.ic_number,
            irn=facts.irn,
            event=facts.event,
            what_happened=facts.what_happened,
            rows=facts.rows(),
            office_name=facts.office_name,
            contact=facts.office_contact,
            letter_url=letter_url(notice),
        ),
        office=notice.office,
    )


# -- The office's actions ------------------------------------------------------------------------


def _lock(notice: Notice) -> Notice:
    # `of=self`: PostgreSQL locks no row of an outer join (the customs house may be none).
    return (
        Notice.objects.select_for_update(of=("self",))
        .select_related("certificate__member", "office", "customs_house")
        .get(pk=notice.pk)
    )


@transaction.atomic
def notice_mark_sent_by_hand(*, by, notice: Notice, how: str) -> Notice:
    """The office sent the notice itself (a letter by post, a mail from its own account)."""
    scopes.require_own_office(by, office_id=notice.office_id, message=OTHER_OFFICE)
    how = (how or "").strip()
    if not how:
        raise ValidationError({"how": [_("Say how and to whom it was sent (e.g. by post to …)")]})
    notice = _lock(notice)
    if notice.status not in (NoticeStatus.BY_HAND, NoticeStatus.FAILED):
        raise ValidationError(
            {
                "status": [
                    _("This notice is %(status)s: nothing to mark")
                    % {"status": notice.get_status_display().lower()}
                ]
            }
        )
    notice.status, notice.hand_note = NoticeStatus.SENT_BY_HAND, how[:2000]
    notice.sent_by, notice.sent_at, notice.next_attempt_at = by, timezone.now(), None
    notice.save()
    _audit(by, Verb.CUSTOMS_NOTICE_HAND_SENT, notice, how=notice.hand_note)
    return notice


@transaction.atomic
def notice_send_again(*, by, notice: Notice) -> Notice:
    """Staff: send a sent notice again (a new outbox row, the same letter), or try a waiting one
    now (after head office put its customs house on file, or the signing key was renewed)."""
    scopes.require_own_office(by, office_id=notice.office_id, message=OTHER_OFFICE)
    notice = _lock(notice)
    if notice.status == NoticeStatus.SENT_BY_HAND:
        raise ValidationError({"status": [_("This notice was sent by hand.")]})
    if notice.status == NoticeStatus.SENT:
        house = house_for(notice.port_code) or notice.customs_house
        reason = why_by_hand(house, notice.port_code)
        if reason and not (house and house.officer_email):
            raise ValidationError(
                {"status": [_("Cannot send it again: %(reason)s.") % {"reason": reason}]}
            )
        fresh = _notice_for_send(notice.pk)
        fresh.customs_house = house
        email = _queue_mail(notice, facts_for(fresh), house)
        notice.email, notice.sent_to, notice.sent_by = email, house.officer_email, by
        notice.save(update_fields=["email", "sent_to", "sent_by", "updated_at"])
        _audit(by, Verb.CUSTOMS_NOTICE_RESENT, notice, to=house.officer_email, email_id=email.pk)
        return notice
    house = house_for(notice.port_code) if notice.port_code else None
    reason = why_by_hand(house, notice.port_code)
    if reason:
        raise ValidationError(
            {"status": [_("Cannot send it: %(reason)s. Send it by hand.") % {"reason": reason}]}
        )
    notice.status, notice.customs_house = NoticeStatus.WAITING, house
    notice.next_attempt_at, notice.last_error = None, ""
    notice.locked_by, notice.locked_until = "", None
    notice.save()
    _audit(by, Verb.CUSTOMS_NOTICE_RESENT, notice, to=house.officer_email)
    wake(SEND_TASK)
    return notice
