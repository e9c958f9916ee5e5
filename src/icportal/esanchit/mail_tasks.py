"""Worker task of esanchit's mails: the daily Bill of Entry ↔ IC tables at the cut-off.

Imported by tasks.py, so `common.worker.autodiscover` registers it with esanchit's other tasks.
The cut-off is a minute of the day: looking once a minute is plenty.
"""

from icportal.common.worker import task

from .daily import daily_tables_send_due


@task("esanchit.daily_tables", every=60)
def daily_tables(owner: str) -> int:
    return daily_tables_send_due()
