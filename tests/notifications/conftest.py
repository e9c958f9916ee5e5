"""A real SMTP server on loopback (aiosmtpd) for every outbox test."""

import datetime as dt
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from icportal.common.dates import IST


class Mailbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [
            email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes
        ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_ENABLED = True
    yield server
    server.stop()


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        def set(self, ist_datetime: dt.datetime):
            moment = ist_datetime.replace(tzinfo=IST).astimezone(dt.UTC)
            monkeypatch.setattr(timezone, "now", lambda: moment)
            return moment

        def advance(self, **delta):
            moment = timezone.now() + dt.timedelta(**delta)
            monkeypatch.setattr(timezone, "now", lambda: moment)
            return moment

    return Clock()
