"""Log lines carry the request id that the response returns (JSON in production, text in dev)."""

from __future__ import annotations

import copy
import json
import logging
import logging.config

import pytest

from icportal.common.logs import use_log_format

pytestmark = pytest.mark.django_db


@pytest.fixture
def configure_logging(capsys):
    """Apply the portal's LOGGING (as base.py builds it) for one test, then put things back."""
    from icportal.config.settings import base

    root = logging.getLogger()
    saved = root.handlers[:], root.level

    def configure(log_format: str):
        config = use_log_format(copy.deepcopy(base.LOGGING), log_format)
        logging.config.dictConfig(config)  # the console handler writes to the captured stderr

    yield configure
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def lines(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def test_a_json_line_carries_the_request_id_from_the_proxy(client, configure_logging, capsys):
    configure_logging("json")
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="edge-7f3a.42")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "edge-7f3a.42"
    records = [json.loads(line) for line in lines(capsys)]
    [not_found] = [r for r in records if r["logger"] == "django.request"]
    assert not_found["request_id"] == "edge-7f3a.42"
    assert not_found["level"] == "WARNING"
    assert not_found["message"] == "Not Found: /no-such-page/"
    assert "time" in not_found and not_found["status_code"] == 404
    assert "request" not in not_found  # the id is enough; no request object dumped


def test_a_malformed_incoming_id_is_replaced_by_a_fresh_one(client, configure_logging, capsys):
    configure_logging("json")
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID='x"\n{"forged": 1}')
    generated = response["X-Request-ID"]
    assert len(generated) == 32 and generated.isalnum()
    [record] = [json.loads(line) for line in lines(capsys)]
    assert record["request_id"] == generated and "forged" not in record
    # Each request gets its own id.
    assert client.get("/no-such-page/")["X-Request-ID"] != generated


def test_development_text_lines_show_the_request_id_too(client, configure_logging, capsys):
    configure_logging("text")
    response = client.get("/no-such-page/")
    [line] = lines(capsys)
    assert f"[{response['X-Request-ID']}] Not Found: /no-such-page/" in line
    # Outside a request (the worker, commands) the id is a dash.
    logging.getLogger("icportal.test").warning("Worker pass done")
    assert "[-] Worker pass done" in lines(capsys)[0]


def test_an_unknown_log_format_is_refused_at_start():
    with pytest.raises(ValueError, match="LOG_FORMAT must be json or text"):
        use_log_format({"handlers": {"console": {}}}, "xml")
