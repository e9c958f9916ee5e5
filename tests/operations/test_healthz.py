"""/healthz against real parts: the worker loop's heartbeat, SMTP (aiosmtpd) and the ICEGATE
sandbox served over HTTP by a server the test can stop."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from icportal.common import worker
from icportal.common.models import WorkerHeartbeat
from tests.notifications.conftest import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_relay(settings):
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_ENABLED = (
        "127.0.0.1",
        server.port,
        True,
    )
    yield server
    server.stop()


class Sandbox:
    """The sandbox on its own HTTP server, so a test can stop it as ICEGATE going down."""

    def __init__(self):
        self.server = LiveServer("127.0.0.1:0")
        self.url = self.server.url
        self.running = True

    def stop(self):
        if self.running:
            self.server.stop()
            self.running = False


@pytest.fixture
def icegate(settings):
    sandbox = Sandbox()
    settings.ICEGATE_MODE = "gateway"
    settings.ICEGATE_BASE_URL = f"{sandbox.url}/sandbox/icegate/"
    yield sandbox
    sandbox.stop()


def one_worker_pass():
    """The real worker loop, stopped after its first pass."""
    passes = iter([False, True])
    worker.run_forever(idle_sleep=0, stop=lambda: next(passes))


def healthz(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_everything_up_answers_200_with_each_part_ok(client, smtp_relay, icegate):
    one_worker_pass()
    status, body = healthz(client)
    assert status == 200, body
    assert body["status"] == "ok" and body["failing"] == []
    checks = body["checks"]
    assert {name for name, check in checks.items() if check["ok"]} == {
        "database",
        "worker",
        "queues",
        "icegate",
        "smtp",
    }
    assert checks["worker"]["workers_alive"] == 1
    assert checks["worker"]["last_seen_seconds_ago"] < checks["worker"]["max_age_seconds"]
    assert (checks["queues"]["outbox"], checks["queues"]["uploads"]) == (0, 0)
    assert checks["queues"]["documents_waiting"] == 0
    # No login, and nothing private: not the relay's or ICEGATE's address, no worker host names.
    text = client.get("/healthz").content.decode()
    assert str(smtp_relay.port) not in text and icegate.url not in text
    assert worker.worker_id() not in text


def test_a_stale_heartbeat_is_503_naming_the_worker(client, smtp_relay, icegate, settings):
    one_worker_pass()
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - dt.timedelta(minutes=10))
    status, body = healthz(client)
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["last_seen_seconds_ago"] >= 600


def test_no_worker_ever_is_503(client, smtp_relay, icegate):
    status, body = healthz(client)
    assert (status, body["failing"]) == (503, ["worker"])


def test_a_stopped_sandbox_is_503_naming_icegate(client, smtp_relay, icegate):
    one_worker_pass()
    assert healthz(client)[0] == 200
    icegate.stop()
    status, body = healthz(client)
    assert status == 503
    assert body["failing"] == ["icegate"]
    assert body["checks"]["icegate"]["error"] == "ConnectError"


def test_a_stopped_mail_relay_is_503_naming_smtp(client, smtp_relay, icegate):
    one_worker_pass()
    smtp_relay.stop()
    status, body = healthz(client)
    assert (status, body["failing"]) == (503, ["smtp"])


def test_the_answer_is_kept_briefly_so_polling_is_cheap(client, smtp_relay, icegate, settings):
    settings.HEALTHZ_CACHE_SECONDS = 60
    one_worker_pass()
    first = healthz(client)
    smtp_relay.stop()
    assert healthz(client) == first  # the same answer, probes not repeated
    settings.HEALTHZ_CACHE_SECONDS = 0
    assert healthz(client)[1]["failing"] == ["smtp"]
