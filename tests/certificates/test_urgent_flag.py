"""The member's urgent flag: a reason, the office's queue lists it first, the office decides."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent
from icportal.certificates import services
from icportal.certificates.models import Application
from tests import factories
from tests.certificates import factories as f
from tests.certificates.api_support import API, client_for

pytestmark = pytest.mark.django_db


def _two_submitted():
    _member, user, officer, epc = f.ready()
    older = f.submitted_application(user, epc, invoice_no="INV-OLD")
    newer = f.submitted_application(user, epc, invoice_no="INV-NEW")
    return user, officer, older, newer


def test_member_marks_urgent_with_a_reason_and_it_is_audited():
    user, _officer, _older, app = _two_submitted()
    with pytest.raises(ValidationError, match="Say why it is urgent"):
        services.application_mark_urgent(by=user, application=app, urgent=True, reason=" ")
    app = services.application_mark_urgent(
        by=user, application=app, urgent=True, reason="Goods at Chennai port since Monday"
    )
    assert app.urgent and app.urgent_reason == "Goods at Chennai port since Monday"
    assert app.urgent_marked_at is not None
    event = AuditEvent.objects.filter(verb="ic_app.updated", target_id=str(app.pk)).latest("pk")
    assert "marked IC application" in describe(event) and "Goods at Chennai port" in describe(event)
    app = services.application_mark_urgent(by=user, application=app, urgent=False)
    assert not app.urgent and app.urgent_reason == "" and app.urgent_marked_at is None


def test_another_firm_cannot_mark_it_and_an_issued_one_cannot_be_marked():
    user, officer, app, _newer = _two_submitted()
    with pytest.raises(PermissionDenied):
        services.application_mark_urgent(
            by=factories.member_user(), application=app, urgent=True, reason="Mine"
        )
    services.certificate_issue(by=officer, application=app)
    with pytest.raises(ValidationError, match="issued"):
        services.application_mark_urgent(by=user, application=app, urgent=True, reason="Late")


def test_the_member_cannot_issue_an_urgent_physical_ic_themselves():
    user, _officer, app, _newer = _two_submitted()
    services.application_mark_urgent(by=user, application=app, urgent=True, reason="Port")
    with pytest.raises(PermissionDenied):
        services.urgent_request(by=user, application=app, reason="Port")
    with pytest.raises(PermissionDenied):
        services.certificate_issue(by=user, application=app)


def test_office_queue_lists_the_urgent_one_first_with_its_reason(client):
    user, officer, older, newer = _two_submitted()
    client.force_login(officer)
    queue = reverse("certificates:queue")

    def order():
        html = client.get(queue).content.decode()
        return html.index(older.reference) < html.index(newer.reference), html

    first_is_older, _ = order()
    assert first_is_older  # oldest first, as always
    services.application_mark_urgent(
        by=user, application=newer, urgent=True, reason="Demurrage from Friday"
    )
    first_is_older, html = order()
    assert not first_is_older and 'data-testid="urgent-flag"' in html
    assert "Demurrage from Friday" in html
    detail = client.get(reverse("certificates:application", args=[newer.slug])).content.decode()
    assert "Marked urgent" in detail and "Demurrage from Friday" in detail


def test_for_a_member_not_on_icegate_the_urgent_physical_request_starts_from_their_reason(client):
    member = factories.MemberFactory()  # not verified on ICEGATE
    user, officer = factories.member_user(member=member), factories.staff_user("CHN")
    app = f.submitted_application(user, f.approved_epc(member, officer))
    services.application_mark_urgent(by=user, application=app, urgent=True, reason="Goods at port")
    client.force_login(officer)
    detail = client.get(reverse("certificates:application", args=[app.slug])).content.decode()
    assert ">\nGoods at port</textarea>" in detail or ">Goods at port</textarea>" in detail


def test_member_marks_it_on_the_application_page(client):
    user, _officer, app, _newer = _two_submitted()
    client.force_login(user)
    page = reverse("certificates:application", args=[app.slug])
    assert "Is it urgent?" in client.get(page).content.decode()
    target = reverse("certificates:application_urgent", args=[app.slug])
    refused = client.post(target, {"urgent": "1", "urgent_reason": ""}, follow=True)
    assert "Say why it is urgent" in refused.content.decode()
    done = client.post(target, {"urgent": "1", "urgent_reason": "Goods at port"}, follow=True)
    html = done.content.decode()
    assert "the office sees it first in its queue" in html and "Marked urgent" in html
    assert Application.objects.get(pk=app.pk).urgent


def test_api_marks_and_shows_the_flag():
    _member, user, _officer, epc = f.ready()
    app = f.submitted_application(user, epc)
    api = client_for(user)
    url = f"{API}/ic-applications/{app.slug}/urgent-flag/"
    refused = api.post(url, {"urgent": True}, format="json")
    assert refused.status_code == 400 and "Say why" in str(refused.json())
    done = api.post(url, {"urgent": True, "reason": "Goods at port"}, format="json")
    assert done.status_code == 200, done.json()
    listed = api.get(f"{API}/ic-applications/").json()["results"]
    assert listed[0]["urgent"] is True and listed[0]["urgent_reason"] == "Goods at port"
