"""A body that cannot be read decides nothing: review and withdraw (which never read their body
before) answer 400 and leave the report unreviewed and the application where it was."""

import pytest

from icportal.certificates.models import Application, AssessedBoe
from tests.certificates.api_support import API, Firm, upload

pytestmark = pytest.mark.django_db

UNREADABLE = [
    (b'{"post_adjustment": tru', "application/json"),
    (b"[" * 5000 + b"]" * 5000, "application/json"),
    (b'{"post_adjustment": "\\ud800"}', "application/json"),
    (b"not multipart at all", "multipart/form-data; boundary=BoUnDaRy"),
    (
        b'--BoUnDaRy\r\nContent-Disposition: form-data; name="post_adjustment"\r\n\r\ntr',
        "multipart/form-data; boundary=BoUnDaRy",
    ),
    (b'{"post_adjustment": true}', "application/json; charset=utf-7"),
]
IDS = ["broken-json", "nested", "surrogate", "garbage-multipart", "cut-short", "utf-7"]


@pytest.mark.parametrize(("body", "content_type"), UNREADABLE, ids=IDS)
def test_review_of_an_unreadable_body_reviews_nothing(body, content_type):
    firm = Firm()
    ic = firm.issued(values=("1000.00",))
    boe = {
        "boe_no": "4567890",
        "boe_date": ic["issued_at"][:10],
        "port_code": "INMAA1",
        "assessed_value": "1100.00",
        "assessed_copy": upload("boe.pdf"),
    }
    report = firm.api.post(f"{API}/certificates/{ic['slug']}/assessed-boe/", boe).json()
    review = f"{API}/assessed-boes/{report['id']}/review/"
    answer = firm.staff_api.generic("POST", review, body, content_type=content_type)
    assert answer.status_code == 400, answer.content
    assert answer.json()["error"]["message"]
    assert AssessedBoe.objects.get(pk=report["id"]).reviewed_at is None
    # Sent properly, the same review goes through.
    assert firm.staff_api.post(review, {}, format="json").status_code == 200


@pytest.mark.parametrize(("body", "content_type"), UNREADABLE, ids=IDS)
def test_withdraw_with_an_unreadable_body_withdraws_nothing(body, content_type):
    firm = Firm()
    app = firm.submitted()
    url = f"{API}/ic-applications/{app['slug']}/withdraw/"
    answer = firm.api.generic("POST", url, body, content_type=content_type)
    assert answer.status_code == 400, answer.content
    assert Application.objects.get(reference=app["reference"]).status == app["status"]
    assert firm.api.post(url).json()["status"] == "withdrawn"
