"""Background jobs of the outbox: delivery with retries, the daily tables, ICEGATE reminders."""

from icportal.common.worker import task

from . import services


@task("notifications.deliver", every=0)
def deliver(owner: str) -> int:
    return services.emails_deliver_due(owner=owner)


@task("notifications.daily_tables", every=60)
def daily_tables(owner: str) -> int:
    return services.daily_tables_send_due()


@task("notifications.icegate_reminders", every=3600)
def icegate_reminders(owner: str) -> int:
    return services.icegate_reminders_send_due()
