"""The office asks the member for what it needs; the complaint waits, off the workbench, until the
member replies on its page (or through the API), then goes back where it was."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent, Verb
from icportal.complaints import selectors, services
from icportal.complaints.models import Note, Status
from icportal.notifications.models import Email
from icportal.workbench.selectors import queue_cards
from tests import factories
from tests.complaints import factories as c
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db
BASE = "/api/v1/complaints/"
QUESTION = "Send the Bill of Entry screenshot showing the DRN error"


@pytest.fixture
def case(monkeypatch):
    c.fake_icegate(monkeypatch)
    user, officer, certificate = d.issued()
    return user, officer, c.filed(user, certificate)


def _status(complaint) -> str:
    complaint.refresh_from_db()
    return complaint.status


def _workbench_count(officer) -> int:
    card = next(card for card in queue_cards(user=officer) if card.queue.key == "complaints")
    return card.count


def test_asking_mails_the_member_and_takes_it_off_the_workbench(case):
    user, officer, complaint = case
    assert _workbench_count(officer) == 1
    services.complaint_ask_member(by=officer, complaint=complaint, question=QUESTION)
    assert _status(complaint) == Status.WITH_MEMBER
    mail = Email.objects.get(template="complaint_question")
    assert mail.to == user.email and QUESTION in mail.body_text
    assert (
        mail.subject == f"Reply needed: complaint {complaint.reference} (IC {complaint.ic_number})"
    )
    assert reverse("complaints:detail", args=[complaint.slug]) in mail.body_text
    assert _workbench_count(officer) == 0
    # Still in the office's list of open complaints, shown as waiting.
    assert complaint in selectors.complaint_list(user=officer, filters={"open": True})
    office_move = selectors.complaint_list(user=officer, filters={"status": "office"})
    assert complaint not in office_move
    event = AuditEvent.objects.get(verb=Verb.COMPLAINT_ASKED)
    assert describe(event) == f"asked the member a question on {complaint.reference}"


@pytest.mark.parametrize(
    "before,assign,escalate",
    [
        (Status.OPEN, False, False),
        (Status.IN_PROGRESS, True, False),
        (Status.ESCALATED, True, True),
    ],
)
def test_the_reply_puts_it_back_where_it_was(case, settings, before, assign, escalate):
    settings.ICEGATE_HELPDESK_EMAIL = "helpdesk@icegate.test"
    user, officer, complaint = case
    if assign:
        services.complaint_assign(by=officer, complaint=complaint)
    if escalate:
        services.complaint_escalate(by=officer, complaint=complaint)
    assert _status(complaint) == before
    services.complaint_ask_member(by=officer, complaint=complaint, question=QUESTION)
    services.complaint_member_write(by=user, complaint=complaint, text="Screenshot sent by mail")
    assert _status(complaint) == before
    event = AuditEvent.objects.filter(verb=Verb.COMPLAINT_MEMBER_WROTE).get()
    assert event.payload["reply"] is True and describe(event).startswith("replied to the office")


def test_the_member_may_add_information_without_being_asked(case):
    user, _officer, complaint = case
    services.complaint_member_write(
        by=user, complaint=complaint, text="The officer is now on leave"
    )
    assert _status(complaint) == Status.OPEN
    note = Note.objects.get()
    assert note.from_member and note.member_visible and note.author == user
    assert describe(AuditEvent.objects.get(verb=Verb.COMPLAINT_MEMBER_WROTE)).startswith(
        "added information"
    )


def test_refusals_leave_nothing_behind(case):
    user, officer, complaint = case
    with pytest.raises(ValidationError, match="Write the question"):
        services.complaint_ask_member(by=officer, complaint=complaint, question="  ")
    with pytest.raises(ValidationError, match="under 4,000 characters"):
        services.complaint_member_write(by=user, complaint=complaint, text="x" * 4001)
    for outsider in (factories.staff_user("DEL"), user):
        with pytest.raises(PermissionDenied):
            services.complaint_ask_member(by=outsider, complaint=complaint, question=QUESTION)
    for outsider in (factories.member_user(), officer):
        with pytest.raises(PermissionDenied):
            services.complaint_member_write(by=outsider, complaint=complaint, text="Hello")
    services.complaint_resolve(by=officer, complaint=complaint, cause="other", resolution="Done")
    with pytest.raises(ValidationError, match="resolved"):
        services.complaint_member_write(by=user, complaint=complaint, text="One more thing")
    with pytest.raises(ValidationError, match="resolved"):
        services.complaint_ask_member(by=officer, complaint=complaint, question=QUESTION)
    assert not Note.objects.exists()
    assert _status(complaint) == Status.RESOLVED


def test_pages_ask_and_reply(client, case):
    user, officer, complaint = case
    page = reverse("complaints:detail", args=[complaint.slug])
    client.force_login(officer)
    response = client.post(reverse("complaints:ask", args=[complaint.slug]), {"question": QUESTION})
    assert response["Location"] == page
    html = client.get(page).content.decode()
    assert "Question sent: the complaint waits for the member&#x27;s reply." in html
    assert 'data-testid="waiting-member"' in html
    # The workbench's link lists what needs the office: not this one.
    listing = client.get(reverse("complaints:index"), {"status": "office"}).content.decode()
    assert complaint.reference not in listing
    assert complaint.reference in client.get(reverse("complaints:index")).content.decode()

    client.force_login(user)
    html = client.get(page).content.decode()
    assert "The office needs your reply" in html and "Your reply is needed" in html
    assert "Your reply is needed" in client.get(reverse("complaints:index")).content.decode()
    assert f'data-testid="question">{QUESTION}</blockquote>' in html  # beside the reply box
    assert "Question to the member" in html
    empty = client.post(reverse("complaints:write", args=[complaint.slug]), {"text": ""})
    shown = empty.content.decode()  # the page again: summary at the top, message by the box
    assert 'id="error-summary"' in shown and 'href="#id_text"' in shown
    assert 'id="id_text-error">Write your reply<' in shown
    client.post(reverse("complaints:write", args=[complaint.slug]), {"text": "Sent by mail today"})
    html = client.get(page).content.decode()
    assert "Sent to the office." in html and "From the member" in html
    assert "Write to the office" in html  # no longer a reply being waited for

    client.force_login(officer)
    html = client.get(page).content.decode()
    assert "Sent by mail today" in html and 'data-testid="waiting-member"' not in html


def test_api_ask_reply_and_read_the_messages(api, case):
    user, officer, complaint = case
    one = f"{BASE}{complaint.slug}/"
    services.complaint_note_add(
        by=officer, complaint=complaint, text="Checked the upload", member_visible=False
    )
    api.force_authenticate(officer)
    asked = api.post(f"{one}ask/", {"question": QUESTION}, format="json")
    assert asked.status_code == 200 and asked.json()["status"] == "with_member"
    kinds = [(m["kind"], m["text"]) for m in asked.json()["messages"]]
    assert kinds == [("internal", "Checked the upload"), ("question", QUESTION)]
    assert api.post(f"{one}messages/", {"text": "x"}, format="json").status_code == 403
    waiting = api.get(BASE, {"status": "office"}).json()
    assert waiting["count"] == 0

    api.force_authenticate(user)
    read = api.get(one).json()
    assert [m["kind"] for m in read["messages"]] == ["question"]  # no internal notes
    bad = api.post(f"{one}messages/", {"text": ""}, format="json")
    assert bad.status_code == 400 and "text" in bad.json()["error"]["fields"]
    replied = api.post(f"{one}messages/", {"text": "Screenshot attached"}, format="json")
    assert replied.status_code == 200 and replied.json()["status"] == "open"
    assert replied.json()["messages"][-1] == {
        **replied.json()["messages"][-1],
        "kind": "member",
        "text": "Screenshot attached",
        "author": user.full_name,
    }
    assert api.post(f"{one}ask/", {"question": QUESTION}, format="json").status_code == 403
