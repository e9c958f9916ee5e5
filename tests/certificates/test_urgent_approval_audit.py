"""§4: the second officer's approval of an urgent physical IC is its own audit event (who, when,
second factor), and every signing action names the signer."""

import pytest

from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent, Verb
from icportal.certificates import services
from icportal.certificates.models import ImportCertificate, UrgentRequest
from tests import factories
from tests.accounts.test_two_factor import code, set_up
from tests.certificates import factories as f
from tests.certificates.test_views_staff import unverified, url

pytestmark = pytest.mark.django_db


def _urgent_case():
    member, user, officer, epc = f.ready()
    unverified(member)
    app = f.submitted_application(user, epc)
    request = services.urgent_request(by=officer, application=app, reason="Goods at port")
    second = factories.staff_user("CHN", full_name="Second Officer")
    return officer, second, app, request


def test_the_approval_is_its_own_event_naming_both_officers():
    officer, second, _app, request = _urgent_case()
    certificate = services.urgent_approve(by=second, request=request, second_factor=True)
    approval = AuditEvent.objects.get(verb=Verb.URGENT_APPROVED)
    assert approval.actor == second and approval.target_id == str(certificate.pk)
    assert approval.payload["approved_by"] == "Second Officer"
    assert approval.payload["requested_by"] == officer.full_name
    assert approval.payload["second_factor_verified"] is True
    assert approval.payload["approved_at"].startswith(str(approval.created_at.date()))
    sentence = describe(approval)
    assert f"approved urgent physical IC {certificate.number} as the second officer" in sentence
    assert "second factor verified" in sentence
    issued = AuditEvent.objects.get(verb=Verb.IC_ISSUED)
    assert issued.actor == officer  # the issuing officer, the approver in the row of its own


def test_an_approval_without_the_code_says_so():
    _officer, second, _app, request = _urgent_case()
    services.urgent_approve(by=second, request=request)
    approval = AuditEvent.objects.get(verb=Verb.URGENT_APPROVED)
    assert approval.payload["second_factor_verified"] is False
    assert "no second factor" in describe(approval)


def test_through_the_page_with_two_step_verification_the_timeline_shows_it(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    _officer, second, app, request = _urgent_case()
    client.force_login(second)
    device = set_up(client, second)  # confirms the device and verifies this session
    # The confirmation page asks for a code again: the next one (the set-up's is used).
    client.post(
        url("urgent_approve", pk=request.pk),
        {"version": app.version, "code": code(device, later=1)},
    )
    assert UrgentRequest.objects.get(pk=request.pk).status == UrgentRequest.Status.APPROVED
    certificate = ImportCertificate.objects.get(application=app)
    approval = AuditEvent.objects.get(verb=Verb.URGENT_APPROVED)
    assert approval.payload["second_factor_verified"] is True
    page = client.get(url("application", app)).content.decode()
    assert f"approved urgent physical IC {certificate.number} as the second officer" in page
    assert "second factor verified" in page


def test_the_api_records_the_second_factor_of_the_token(api):
    _officer, second, _app, request = _urgent_case()
    api.force_authenticate(second)
    answer = api.post(f"/api/v1/urgent-requests/{request.pk}/approve/")
    assert answer.status_code == 201, answer.content
    approval = AuditEvent.objects.get(verb=Verb.URGENT_APPROVED)
    assert approval.actor == second and approval.payload["second_factor_verified"] is False
