"""The weekly ICEGATE registration reminder to members with IC applications in progress.

Certificates owns it, not members: "in progress" is a fact of IC applications (their statuses),
which members cannot name without importing certificates (docs/decisions.md, issue 14).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from icportal.common.dates import ist_today
from icportal.members.models import Member, RegistrationStatus
from icportal.notifications.models import Email
from icportal.notifications.services import notify_member

from ..mails import ICEGATE_REMINDER, IcegateReminderPayload
from ..models import OPEN_STATUSES, AppStatus

REMINDER_INTERVAL = dt.timedelta(days=7)
IN_PROGRESS = {AppStatus.DRAFT, *OPEN_STATUSES}


def members_due_icegate_reminder(*, now=None) -> QuerySet[Member]:
    now = now or timezone.now()
    recently_reminded = Email.objects.filter(
        template=ICEGATE_REMINDER,
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
            template=ICEGATE_REMINDER,
            payload=IcegateReminderPayload(
                member_name=member.legal_name,
                open_applications=member.in_progress,
                guide_link=guide,
            ),
            dedupe_key=f"icegate-reminder:{member.pk}:{year}-W{week:02d}",
        )
        sent += 1
    return sent
