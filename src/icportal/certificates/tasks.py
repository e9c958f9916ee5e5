"""Worker task of certificates: the weekly ICEGATE registration reminders."""

import time

from icportal.common.worker import task

from .services.reminders import icegate_reminders_send_due

EVERY_SECONDS = 3600  # a reminder goes at most once a week: looking once an hour is plenty
_last_run = float("-inf")


@task("certificates.icegate_reminders")
def icegate_reminders(owner: str) -> int:
    global _last_run
    now = time.monotonic()
    if now - _last_run < EVERY_SECONDS:
        return 0
    _last_run = now
    return icegate_reminders_send_due()
