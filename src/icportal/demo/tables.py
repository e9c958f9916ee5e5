"""A day of daily Bill of Entry ↔ IC tables for the demo (issue 15 §1).

Two days ago, Anna's firm had two ICs accepted on ICEGATE before the cut-off (its first table went
at 18:00) and one after it (a supplementary table went after midnight); then one of the first two
was cancelled, and the correction mail went. Made by the real services, with the moments moved back
the way `history` moves its ICs: the rows say when they happened, the mails when the demo loaded.

`people.load()` calls `build()` once, inside its transaction, after `history.build()`.
"""

from __future__ import annotations

import datetime as dt
import random

from icportal.certificates import services as ic
from icportal.certificates.models import ImportCertificate
from icportal.common.dates import IST, ist_today
from icportal.esanchit import daily, daily_corrections
from icportal.esanchit.models import DailyTable, Upload, UploadStatus

from .history import _application, _firms, _uploaded

# (hour, minute) IST of each IC's acceptance on ICEGATE; the cut-off is at 18:00.
ACCEPTED = ((10, 40), (12, 15), (20, 30))


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=IST)


def build(*, seed: int = 15) -> DailyTable | None:
    """Returns the supplementary table (None if the demo firm is missing)."""
    rng = random.Random(seed)  # noqa: S311 - made-up demo figures, not a secret
    firms = _firms()
    if not firms:
        return None
    user, epc, officer, items = firms[0]  # Anna's firm: the first and heaviest
    day = ist_today() - dt.timedelta(days=2)
    certificates = []
    for n, (hour, minute) in enumerate(ACCEPTED, start=900):
        accepted = _at(day, hour, minute)
        issued = accepted - dt.timedelta(minutes=20)
        app = _application(rng, n, user, epc, items, issued - dt.timedelta(hours=3))
        certificate = ic.certificate_issue(by=officer, application=app)
        ImportCertificate.objects.filter(pk=certificate.pk).update(issued_at=issued)
        _uploaded(rng, n, certificate, officer, issued)
        Upload.objects.filter(certificate=certificate, status=UploadStatus.ACCEPTED).update(
            accepted_at=accepted
        )
        certificates.append(certificate)
        if len(certificates) == 2:  # the cut-off: the first table of the day
            first = daily.daily_table_send(member=user.member, day=day)
            if first is not None:
                DailyTable.objects.filter(pk=first.pk).update(created_at=_at(day, 18, 0))
    supplementary = daily.daily_table_create(member=user.member, day=day, kind="supplementary")
    if supplementary is not None:
        daily.daily_table_mail(table=supplementary)
        after_midnight = _at(day + dt.timedelta(days=1), 0, 1)
        DailyTable.objects.filter(pk=supplementary.pk).update(created_at=after_midnight)
    ic.certificate_cancel(
        by=officer,
        certificate=certificates[1],
        reason="Duplicate of an IC already used at customs: cancelled at the firm's request",
    )
    daily_corrections.daily_corrections_send_due()
    return supplementary
