"""/metrics in the Prometheus text format: counters move when people and the worker do things."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from prometheus_client.parser import text_string_to_metric_families

from icportal.accounts.models import Role
from icportal.accounts.services import user_invite
from tests.esanchit.conftest import (  # noqa: F401
    electronic,
    identity,
    keys_dir,
    passphrase_env,
    run_worker,
    sandbox,
)
from tests.notifications.conftest import smtp  # noqa: F401


def scrape(client, **extra) -> dict:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.django_db
def test_a_page_request_is_counted_by_route_and_status_with_its_time(client):
    before = scrape(client)
    assert client.get("/accounts/login/").status_code == 200
    after = scrape(client)
    labels = {"method": "GET", "status": "200", "route": "accounts:login"}
    assert value(after, "icportal_http_requests_total", **labels) == (
        value(before, "icportal_http_requests_total", **labels) + 1
    )
    timing = {"method": "GET", "route": "accounts:login"}
    name = "icportal_http_request_duration_seconds_count"
    assert value(after, name, **timing) == value(before, name, **timing) + 1
    assert ("icportal_queue_depth", (("queue", "outbox"),)) in after


@pytest.mark.django_db
def test_only_loopback_or_the_bearer_token_may_read_metrics(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    # Through the proxy, a client writing "127.0.0.1" into X-Forwarded-For is still outside,
    # whether or not the proxy is trusted, and so is anything else that came through it.
    spoofed = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1, 203.0.113.9"}
    assert client.get("/metrics", **spoofed).status_code == 403
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client.get("/metrics", **spoofed).status_code == 403
    via_proxy = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert client.get("/metrics", **via_proxy).status_code == 403
    settings.TRUSTED_PROXIES = []
    settings.METRICS_TOKEN = "s3cret-scraper-token"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **outside).status_code == 403
    scrape(client, HTTP_AUTHORIZATION="Bearer s3cret-scraper-token", **outside)
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    scrape(client, REMOTE_ADDR="10.1.2.3")


@pytest.mark.django_db
def test_mail_outcomes_are_counted(
    client,
    smtp,  # noqa: F811
    staff,
    member,
    django_capture_on_commit_callbacks,
):
    def invite(address):
        with django_capture_on_commit_callbacks(execute=True):
            user_invite(
                by=staff, email=address, full_name="Priya Raman", role=Role.MEMBER, member=member
            )

    before = scrape(client)
    smtp.start()
    invite("priya@firm.example")
    smtp.stop()
    invite("arun@firm.example")  # the relay is down
    after = scrape(client)
    for outcome in ("sent", "failed"):
        assert value(after, "icportal_mails_total", outcome=outcome) == (
            value(before, "icportal_mails_total", outcome=outcome) + 1
        )


@pytest.mark.django_db(transaction=True)
def test_signing_time_the_upload_and_its_queue_are_counted(
    client,
    sandbox,  # noqa: F811
    electronic,  # noqa: F811
):
    signed = ("icportal_signing_duration_seconds_count", {"outcome": "signed"})
    before = scrape(client)
    electronic()
    waiting = scrape(client)
    assert value(waiting, signed[0], **signed[1]) == value(before, signed[0], **signed[1]) + 1
    assert value(waiting, "icportal_queue_depth", queue="uploads") == 1
    assert run_worker() == 1
    after = scrape(client)
    accepted = value(after, "icportal_esanchit_uploads_total", outcome="accepted")
    assert accepted == value(before, "icportal_esanchit_uploads_total", outcome="accepted") + 1
    assert value(after, "icportal_queue_depth", queue="uploads") == 0


def test_counters_of_several_processes_add_up_in_multiprocess_mode(tmp_path):
    """Gunicorn's processes and the worker each write their own files; one scrape sums them."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "icportal.config.settings.test",
        "DATABASE_URL": "",
    }
    count = textwrap.dedent(
        """
        import django; django.setup()
        from icportal.common import metrics
        metrics.MAILS.labels("sent").inc(3)
        """
    )
    for _ in range(2):  # two processes, e.g. two gunicorn workers
        subprocess.run([sys.executable, "-c", count], env=env, check=True)
    render = textwrap.dedent(
        """
        import django; django.setup()
        from prometheus_client import generate_latest
        from icportal.common import metrics
        print(generate_latest(metrics.registry()).decode())
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", render], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert 'icportal_mails_total{outcome="sent"} 6.0' in out
