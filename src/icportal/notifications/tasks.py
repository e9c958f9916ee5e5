"""Background job of the outbox: delivery with retries, on every worker pass."""

from icportal.common.worker import task

from . import services


@task("notifications.deliver")
def deliver(owner: str) -> int:
    return services.emails_deliver_due(owner=owner)
