"""Complaints reach the side that can fix them (circular §6): the port's customs house when the
diagnosis points to customs, the ICEGATE helpdesk otherwise; the office sees why and may switch."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from icportal.audit.models import AuditEvent
from icportal.complaints import services
from icportal.complaints.models import Status
from icportal.customs.models import CustomsHouse
from tests.complaints import factories as c
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db
CUSTOMS_MAIL = "nodal.chennai@customs.gov.test"


def _confirm_chennai_sea():
    CustomsHouse.objects.filter(port_code="INMAA1").update(
        officer_email=CUSTOMS_MAIL, officer_name="Shri R. Kumar", to_be_confirmed=False
    )


@pytest.fixture
def matching(monkeypatch):
    """An uploaded IC whose complaint matches every record, and ICEGATE accepts: customs side."""
    c.fake_icegate(monkeypatch)
    user, officer, certificate = d.issued()
    c.uploaded(certificate)
    return user, officer, c.filed(user, certificate)


def test_customs_side_goes_to_the_ports_customs_house_with_the_eight_fields(matching):
    _confirm_chennai_sea()
    _user, officer, complaint = matching
    complaint = services.complaint_escalate(by=officer, complaint=complaint)
    mail = complaint.escalation_email
    assert mail.to == CUSTOMS_MAIL and mail.template == "complaint_customs_escalation"
    assert complaint.escalated_to == "customs" and complaint.status == Status.ESCALATED
    assert complaint.escalation_customs_house.port_code == "INMAA1"
    assert "customs side" in complaint.escalation_why
    for label, value in (
        ("Name of the company", complaint.company_name),
        ("IE Code", complaint.iec),
        ("Bill of Entry number", complaint.boe_no),
        ("Import Certificate number", complaint.ic_number),
        ("DRN number", complaint.drn),
        ("IRN number", complaint.irn),
        ("Name of customs official and designation", "S. Raman, Appraiser"),
        ("Mobile number of customs official", complaint.official_mobile),
    ):
        assert f"{label}: {value}" in mail.body_text
    event = AuditEvent.objects.get(verb="complaint.escalated")
    assert event.payload["side"] == "customs" and event.payload["to"] == CUSTOMS_MAIL


def test_icegate_side_findings_keep_going_to_the_helpdesk(monkeypatch, settings):
    settings.ICEGATE_HELPDESK_EMAIL = "helpdesk@icegate.test"
    _confirm_chennai_sea()
    c.fake_icegate(monkeypatch, "REJECTED", ["IRN_NOT_FOUND"])
    user, officer, certificate = d.issued()
    c.uploaded(certificate)
    complaint = services.complaint_escalate(by=officer, complaint=c.filed(user, certificate))
    assert complaint.escalation_email.to == "helpdesk@icegate.test"
    assert complaint.escalated_to == "icegate" and "rejects" in complaint.escalation_why


def test_the_office_can_choose_the_other_side(matching, settings):
    settings.ICEGATE_HELPDESK_EMAIL = "helpdesk@icegate.test"
    _confirm_chennai_sea()
    _user, officer, complaint = matching
    complaint = services.complaint_escalate(by=officer, complaint=complaint, side="icegate")
    assert complaint.escalation_email.to == "helpdesk@icegate.test"
    assert complaint.escalation_why.startswith("Chosen by the office instead of the suggestion")
    with pytest.raises(ValidationError, match="Already escalated"):
        services.complaint_escalate(by=officer, complaint=complaint, side="customs")


def test_customs_side_without_an_address_on_file_says_so(matching):
    _user, officer, complaint = matching  # the seeded house is still to be confirmed
    with pytest.raises(ValidationError, match="still to be confirmed"):
        services.complaint_escalate(by=officer, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.escalated_at is None


def test_page_shows_the_choice_why_and_the_other_side(client, matching, settings):
    settings.ICEGATE_HELPDESK_EMAIL = "helpdesk@icegate.test"
    _confirm_chennai_sea()
    _user, officer, complaint = matching
    client.force_login(officer)
    url = reverse("complaints:detail", args=[complaint.slug])
    page = client.get(url).content.decode()
    assert "Escalate to Chennai Customs House (sea) (INMAA1)</strong> (suggested)" in page
    assert "problem is on the customs side" in page
    assert "Escalate to the ICEGATE helpdesk instead" in page
    response = client.post(
        reverse("complaints:escalate", args=[complaint.slug]), {"side": "icegate"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Escalated to ICEGATE helpdesk" in page and "Chosen by the office" in page


def test_api_escalates_to_the_side_asked(api, matching):
    _confirm_chennai_sea()
    _user, officer, complaint = matching
    api.force_authenticate(officer)
    response = api.post(f"/api/v1/complaints/{complaint.slug}/escalate/", {}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["escalated_to"] == "customs" and body["escalation_customs_house"] == "INMAA1"
    assert "customs side" in body["escalation_why"]
