"""The API asks staff for the same second factor as the website before an IC is issued, replaced or
cancelled: a session verified with the code, or an API token created from such a session."""

import pytest
from rest_framework.test import APIClient

from icportal.accounts.models import ApiToken
from icportal.audit.models import AuditEvent, Verb
from icportal.certificates.models import AppStatus, CertStatus, ImportCertificate
from tests.accounts.test_two_factor import set_up
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def case(client):
    _, user, officer, epc = f.ready()
    client.force_login(officer)
    return officer, user, epc


def issue(client, app):
    return client.post(
        f"{API}/ic-applications/{app.slug}/issue/",
        {"version": app.version},
        content_type="application/json",
    )


def token_client(key) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def refused(response) -> bool:
    error = response.json()["error"]
    return (
        response.status_code == 403
        and error["code"] == "second_factor_required"
        and "two-step verification" in error["message"]
    )


def test_a_session_without_the_code_cannot_issue_through_the_api(client, case):
    officer, user, epc = case
    app = f.submitted_application(user, epc)
    assert refused(issue(client, app))
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED
    assert not ImportCertificate.objects.exists()
    # Reading and scrutiny do not need the code.
    assert client.get(f"{API}/ic-applications/{app.slug}/").status_code == 200
    assert client.post(f"{API}/ic-applications/{app.slug}/assign/").status_code == 200

    set_up(client, officer)  # confirms a device and verifies this session
    app.refresh_from_db()
    assert issue(client, app).status_code == 201
    assert ImportCertificate.objects.filter(application=app).exists()


def test_only_a_token_made_after_the_code_issues_replaces_or_cancels(client, case):
    officer, user, epc = case
    made = client.post(f"{API}/tokens/", {"name": "Office script"}, content_type="application/json")
    plain = made.json()
    assert made.status_code == 201 and plain["second_factor"] is False

    set_up(client, officer)
    response = client.post("/accounts/tokens/", {"name": "Signing script"})
    strong_key = response.context["new_key"]
    strong = ApiToken.objects.get(name="Signing script")
    assert strong.second_factor and not ApiToken.objects.get(name="Office script").second_factor
    event = AuditEvent.objects.get(verb=Verb.TOKEN_CREATED, target_id=str(strong.pk))
    assert event.payload["second_factor"] is True

    weak_api, strong_api = token_client(plain["key"]), token_client(strong_key)
    app = f.submitted_application(user, epc)
    assert refused(issue(weak_api, app))
    assert issue(strong_api, app).status_code == 201
    certificate = ImportCertificate.objects.get(application=app)

    cert = f"{API}/certificates/{certificate.slug}"
    assert refused(weak_api.post(f"{cert}/cancel/", {"reason": "x"}, format="json"))
    assert refused(weak_api.post(f"{cert}/replace/", {}, format="json"))  # before the body
    assert refused(weak_api.post(f"{API}/urgent-requests/1/approve/"))
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.ISSUED
    assert weak_api.get(f"{cert}/").status_code == 200  # it still reads

    # A token made from a verified token carries the second factor on; one made from a plain one not.
    child = strong_api.post(f"{API}/tokens/", {"name": "Child"}, format="json").json()
    assert child["second_factor"] is True
    assert (
        weak_api.post(f"{API}/tokens/", {"name": "C2"}, format="json").json()["second_factor"]
        is False
    )

    response = strong_api.post(f"{cert}/cancel/", {"reason": "Import called off"}, format="json")
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.CANCELLED


def test_the_tokens_page_says_which_tokens_can_issue(client, case):
    officer, _, _ = case
    page = client.get("/accounts/tokens/").content.decode()
    assert "cannot issue, replace or cancel ICs" in page and "/accounts/two-factor/verify/" in page
    client.post("/accounts/tokens/", {"name": "Plain"})
    set_up(client, officer)
    page = client.post("/accounts/tokens/", {"name": "Strong"}).content.decode()
    assert "a token you create now may also issue, replace and cancel ICs" in page
    assert "Yes (made after a two-step code)" in page and ">No<" in page


def test_members_and_the_setting_off_are_not_asked(client, case, settings):
    officer, user, epc = case
    client.force_login(user)
    assert "Issues ICs" not in client.get("/accounts/tokens/").content.decode()
    settings.STAFF_2FA_REQUIRED = False
    client.force_login(officer)
    app = f.submitted_application(user, epc)
    assert issue(client, app).status_code == 201
    assert ImportCertificate.objects.filter(application=app).exists()
