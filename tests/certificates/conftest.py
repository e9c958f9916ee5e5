"""Fixtures shared with the outbox tests: a real SMTP server and a settable clock."""

from tests.notifications.conftest import clock, smtp  # noqa: F401
