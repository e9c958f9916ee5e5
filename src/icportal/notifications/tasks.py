"""Background jobs of the outbox: delivery with retries, the daily tables, ICEGATE reminders."""

import time

from icportal.common.worker import task

from . import services

_last_run: dict[str, float] = {}


def _every(name: str, seconds: float) -> bool:
    """Slow jobs run at most every `seconds` per worker process; delivery runs on every pass."""
    now = time.monotonic()
    if now - _last_run.get(name, float("-inf")) < seconds:
        return False
    _last_run[name] = now
    return True


@task("notifications.deliver")
def deliver(owner: str) -> int:
    return services.emails_deliver_due(owner=owner)


@task("notifications.daily_tables")
def daily_tables(owner: str) -> int:
    return services.daily_tables_send_due() if _every("daily_tables", 60) else 0


@task("notifications.icegate_reminders")
def icegate_reminders(owner: str) -> int:
    return services.icegate_reminders_send_due() if _every("icegate_reminders", 3600) else 0
