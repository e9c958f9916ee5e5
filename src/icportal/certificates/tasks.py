"""Worker task of certificates: the weekly ICEGATE registration reminders.

A reminder goes at most once a week to a member: looking once an hour is plenty.
"""

from icportal.common.worker import task

from .services.reminders import icegate_reminders_send_due


@task("certificates.icegate_reminders", every=3600)
def icegate_reminders(owner: str) -> int:
    return icegate_reminders_send_due()
