"""The member's IC pages: check your answers and submit, query and reply, clone, withdraw,
the issued IC and the assessed Bill of Entry."""

import datetime as dt
from decimal import Decimal

import pytest

from icportal.certificates import services
from icportal.certificates.models import Application, AppStatus
from icportal.common.dates import ist_today
from icportal.members.models import IcegateRegistration, RegistrationStatus
from tests import factories
from tests.certificates import factories as f
from tests.certificates.member_pages import draft, edit_post, url, with_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    return f.ready()


@pytest.fixture
def client_a(client, ready):
    client.force_login(ready[1])
    return client


# --- Check your answers, submit ---------------------------------------------------------------


def test_check_page_lists_what_stops_submission_with_links(client_a, ready):
    _, user, _, epc = ready
    app = services.application_create(by=user, member=user.member, epc=epc)
    html = client_a.get(url("application_check", app)).content.decode()
    assert "You cannot submit yet" in html
    assert "Enter the invoice number" in html
    assert url("application_edit", app) + "#id_invoice_no" in html
    assert "Attach the commercial invoice (PDF)" in html
    assert "Add at least one item" in html
    assert "Submit application" not in html
    assert client_a.post(url("application_check", app), {"version": app.version}).status_code == 200
    app.refresh_from_db()
    assert app.status == AppStatus.DRAFT


def test_submit_from_check_page_shows_the_confirmation(client_a, ready):
    _, user, _, epc = ready
    app = with_documents(user, draft(user, epc))
    html = client_a.get(url("application_check", app)).content.decode()
    assert "Submit application" in html and "Change" in html
    response = client_a.post(url("application_check", app), {"version": app.version})
    assert response.url == url("application", app) + "?submitted=1"
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED
    html = client_a.get(response.url).content.decode()
    assert "Application submitted" in html and app.reference in html
    assert "one working day" in html


def test_submit_with_a_stale_version_is_refused(client_a, ready):
    _, user, _, epc = ready
    app = with_documents(user, draft(user, epc))
    html = client_a.post(
        url("application_check", app), {"version": app.version - 1}
    ).content.decode()
    assert "Someone else saved this application" in html
    app.refresh_from_db()
    assert app.status == AppStatus.DRAFT


# --- Query and reply, clone, withdraw ---------------------------------------------------------


def test_member_edits_under_query_then_replies(client_a, ready):
    _, user, officer, epc = ready
    app = f.submitted_application(user, epc)
    services.query_raise(by=officer, application=app, question="Is the invoice value FOB or CIF?")
    app.refresh_from_db()
    html = client_a.get(url("application", app)).content.decode()
    assert "Is the invoice value FOB or CIF?" in html and "Send reply" in html
    rows = [f.item_row("900.00")]
    assert client_a.post(url("application_edit", app), edit_post(app, rows)).status_code == 302
    html = client_a.post(
        url("application_reply", app), {"reply": "", "version": ""}
    ).content.decode()
    assert "Write your reply" in html
    response = client_a.post(url("application_reply", app), {"reply": "CIF; value corrected."})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED and app.total_value == Decimal("900.00")
    assert app.queries.get().reply == "CIF; value corrected."


def test_clone_makes_a_new_draft_and_withdraw_ends_one(client_a, ready):
    _, user, _, epc = ready
    app = f.submitted_application(user, epc, values=("10.00", "20.00"))
    response = client_a.post(url("application_clone", app))
    copy = Application.objects.exclude(pk=app.pk).get()
    assert response.url == url("application_edit", copy)
    assert copy.items.count() == 2 and copy.invoice_no == "" and copy.status == AppStatus.DRAFT
    client_a.post(url("application_withdraw", copy))
    copy.refresh_from_db()
    assert copy.status == AppStatus.WITHDRAWN
    assert client_a.get(url("application_edit", copy)).status_code == 302  # no longer editable


# --- The certificate and the assessed Bill of Entry -------------------------------------------


def test_certificate_page_shows_what_to_quote_and_takes_the_assessed_boe(client_a, ready):
    _, user, officer, epc = ready
    issued = services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
    html = client_a.get(url("certificate", slug=issued.slug)).content.decode()
    assert issued.number in html and issued.office.icegate_id in html
    assert issued.document_type_code in html and issued.notification_number in html
    assert "Report assessed Bill of Entry" in html
    data = {
        "boe_no": "1234567",
        "boe_date": (ist_today() - dt.timedelta(days=1)).isoformat(),
        "port_code": "INMAA1",
        "assessed_value": "1000.00",
        "assessed_copy": f.pdf("assessed.pdf"),
    }
    bad = client_a.post(url("boe_report", slug=issued.slug), {**data, "boe_no": "12"})
    assert "Bill of Entry number must be 7 digits" in bad.content.decode()
    data["assessed_copy"] = f.pdf("assessed.pdf")
    response = client_a.post(url("boe_report", slug=issued.slug), data)
    assert response.status_code == 302
    html = client_a.get(response.url).content.decode()
    assert "Assessed Bill of Entry reported" in html and "1234567" in html
    download = client_a.get(url("certificate", slug=issued.slug) + "?file=boe")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_urgent_physical_ic_carries_the_customs_discretion_warning(client, ready):
    member, user, officer, epc = ready
    IcegateRegistration.objects.filter(member=member).update(
        status=RegistrationStatus.NOT_REGISTERED
    )
    app = f.submitted_application(user, epc)
    request = services.urgent_request(by=officer, application=app, reason="Perishable trims")
    issued = services.urgent_approve(by=factories.staff_user("CHN"), request=request)
    client.force_login(user)
    html = client.get(url("certificate", slug=issued.slug)).content.decode()
    assert "acceptance is at the discretion of Customs" in html
