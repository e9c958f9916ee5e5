"""Mails about e-SANCHIT: the IC uploaded mail (circular point 2) and the ICEGATE reminder."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from icportal.certificates.links import certificate_link
from icportal.certificates.models import OPEN_STATUSES, AppStatus
from icportal.common.dates import ist_today
from icportal.members.models import Member, RegistrationStatus

from ..models import Email
from ..templates import EmailTemplate, IcegateReminderPayload, IcUploadedPayload
from .outbox import notify_member

REMINDER_INTERVAL = dt.timedelta(days=7)
IN_PROGRESS = {AppStatus.DRAFT, *OPEN_STATUSES}


def ic_uploaded_notify(*, upload) -> list[Email]:
    """Tell the member an IC is on e-SANCHIT, with all they must quote in the Bill of Entry.

    Called by esanchit when an upload is accepted; calling it again for the same upload (a retry,
    a second worker) queues nothing more.
    """
    upload_model = apps.get_model("esanchit", "Upload")
    upload = upload_model.objects.select_related(
        "certificate__application", "certificate__member__office", "certificate__office", "office"
    ).get(pk=upload.pk)
    if upload.status != "accepted":
        raise ValueError(f"Upload {upload.pk} is {upload.status}, not accepted")
    certificate = upload.certificate
    application = certificate.application
    payload = IcUploadedPayload(
        member_name=certificate.member.legal_name,
        ic_number=certificate.number,
        invoice_no=application.invoice_no or "—",
        bill_of_entry_no=application.boe_no or "not yet known",
        drn=upload.drn,
        irn=upload.irn,
        uploader_icegate_id=(upload.office or certificate.office).icegate_id,
        document_type_code=certificate.document_type_code,
        link=certificate_link(certificate),
    )
    return notify_member(
        member=certificate.member,
        template=EmailTemplate.IC_UPLOADED,
        payload=payload,
        dedupe_key=f"ic-uploaded:{upload.pk}",
    )


def members_due_icegate_reminder(*, now=None):
    now = now or timezone.now()
    recently_reminded = Email.objects.filter(
        template=EmailTemplate.ICEGATE_REMINDER,
        created_at__gte=now - REMINDER_INTERVAL,
        member__isnull=False,
    ).values("member_id")
    return (
        Member.objects.filter(is_active=True, ic_applications__status__in=IN_PROGRESS)
        .exclude(icegate_registration__status=RegistrationStatus.VERIFIED)
        .exclude(pk__in=recently_reminded)
        .annotate(
            in_progress=Count(
                "ic_applications", filter=Q(ic_applications__status__in=IN_PROGRESS), distinct=True
            )
        )
        .select_related("office")
        .order_by("pk")
    )


def icegate_reminders_send_due() -> int:
    """At most one reminder a week to each member with work in progress but no verified ICEGATE ID."""
    year, week, _ = ist_today().isocalendar()
    guide = settings.SITE_URL.rstrip("/") + reverse("members:icegate_guide")
    sent = 0
    for member in members_due_icegate_reminder():
        notify_member(
            member=member,
            template=EmailTemplate.ICEGATE_REMINDER,
            payload=IcegateReminderPayload(
                member_name=member.legal_name,
                open_applications=member.in_progress,
                guide_link=guide,
            ),
            dedupe_key=f"icegate-reminder:{member.pk}:{year}-W{week:02d}",
        )
        sent += 1
    return sent
