"""Worker tasks of esanchit's mails: the daily Bill of Entry ↔ IC tables and their corrections.

Imported by tasks.py, so `common.worker.autodiscover` registers them with esanchit's other tasks.
The cut-off is a minute of the day, and certificates never tell esanchit of a cancel (it pulls):
looking once a minute is plenty for both.
"""

from icportal.common.worker import task

from .daily import daily_tables_send_due
from .daily_corrections import daily_corrections_send_due


@task("esanchit.daily_tables", every=60)
def daily_tables(owner: str) -> int:
    return daily_tables_send_due()


@task("esanchit.daily_corrections", every=60)
def daily_corrections(owner: str) -> int:
    return daily_corrections_send_due()
