"""Worker task of esanchit's mails: the daily Bill of Entry ↔ IC tables at the cut-off.

Imported by tasks.py, so `common.worker.autodiscover` registers it with esanchit's other tasks.
"""

import time

from icportal.common.worker import task

from .daily import daily_tables_send_due

EVERY_SECONDS = 60  # the cut-off is a minute of the day: no need to look on every pass
_last_run = float("-inf")


@task("esanchit.daily_tables")
def daily_tables(owner: str) -> int:
    global _last_run
    now = time.monotonic()
    if now - _last_run < EVERY_SECONDS:
        return 0
    _last_run = now
    return daily_tables_send_due()
