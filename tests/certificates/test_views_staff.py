"""Office pages for ICs: queue, action panel, issue/urgent/cancel/replace, reconciliation."""

import csv
import datetime as dt
import importlib
import io

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from icportal.certificates import selectors, services
from icportal.certificates.models import (
    Application,
    AppStatus,
    CertStatus,
    ImportCertificate,
    UrgentRequest,
)
from icportal.entitlements.models import EntitlementAccount
from icportal.members.models import IcegateRegistration, RegistrationStatus
from tests import factories
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def url(name, obj=None, **kwargs):
    if obj is not None:
        kwargs["slug"] = obj.slug
    return reverse(f"certificates:{name}", kwargs=kwargs or None)


def balance(member):
    return EntitlementAccount.objects.get(member=member).balance


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def unverified(member):
    IcegateRegistration.objects.filter(member=member).update(
        status=RegistrationStatus.NOT_REGISTERED
    )
    member.refresh_from_db()


# --- the queue -----------------------------------------------------------------------------


def _submitted_days_ago(application, days):
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=days)
    )


def _days_for_due_today():
    now = timezone.now()
    return next(
        d
        for d in range(1, 4)
        if selectors.working_days_between(now - dt.timedelta(days=d), now) == 1
    )


def test_queue_shows_counts_per_status_and_sla_in_words(client):
    _, user, officer, epc = f.ready()
    fresh, due, late = (f.submitted_application(user, epc) for _ in range(3))
    _submitted_days_ago(due, _days_for_due_today())
    _submitted_days_ago(late, 10)
    services.query_raise(by=officer, application=f.submitted_application(user, epc), question="?")
    client.force_login(officer)
    response = client.get(url("queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-count="open">4<' in html and 'data-count="submitted">3<' in html
    assert 'data-count="query">1<' in html
    assert "On time" in html and "Due today" in html and "Overdue" in html
    assert html.index(late.reference) < html.index(due.reference) < html.index(fresh.reference)
    assert "Waiting for the member" in html
    assert "Assign to me" in html


def test_queue_filters_search_and_assign_to_me_from_the_queue(client):
    _, user, officer, epc = f.ready()
    mine = f.submitted_application(user, epc, invoice_no="INV-MINE-1")
    other = f.submitted_application(user, epc, invoice_no="INV-OTHER-2", channel="courier")
    client.force_login(officer)
    response = client.post(url("assign", mine), {"next": "queue"})
    assert response.status_code == 302 and response["Location"] == url("queue")
    html = client.get(url("queue"), {"assigned": "me"}).content.decode()
    assert mine.reference in html and other.reference not in html
    html = client.get(url("queue"), {"assigned": "nobody"}).content.decode()
    assert other.reference in html and mine.reference not in html
    html = client.get(url("queue"), {"channel": "courier"}).content.decode()
    assert other.reference in html and mine.reference not in html
    html = client.get(url("queue"), {"q": "INV-MINE-1"}).content.decode()
    assert mine.reference in html and other.reference not in html


def test_queue_csv_exports_the_filtered_list_with_formulas_neutralised(client):
    _, user, officer, epc = f.ready()
    f.submitted_application(user, epc, invoice_no="=HYPERLINK(1)")
    f.submitted_application(user, epc, channel="courier")
    client.force_login(officer)
    rows = csv_rows(client.get(url("queue"), {"channel": "ices", "export": "csv"}))
    assert rows[0][0] == "Reference" and len(rows) == 2
    assert rows[1][8] == "'=HYPERLINK(1)"


def _queue_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_applications(user, officer, epc, count):
    for n in range(count):
        app = f.submitted_application(user, epc)
        if n % 3 == 0:
            services.application_assign(by=officer, application=app)
        if n % 5 == 0:
            services.certificate_issue(by=officer, application=app)


@pytest.mark.parametrize("query", ["", "?status=all", "?status=all&export=csv", "?q=Test"])
def test_queue_queries_stay_the_same_for_3_or_15_applications(client, query):
    _, user, officer, epc = f.ready()
    client.force_login(officer)
    _more_applications(user, officer, epc, 3)
    few = _queue_queries(client, url("queue") + query)
    _more_applications(user, officer, epc, 12)
    assert _queue_queries(client, url("queue") + query) == few


def _queue_page(client, params):
    """The queue's page and whether the paginator ran its own COUNT besides the tab counts' one
    per status."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url("queue"), params)
    assert response.status_code == 200
    counts = sum(q["sql"].startswith("SELECT COUNT(*)") for q in ctx.captured_queries)
    return response, counts > len(AppStatus.values)


def test_queue_pages_take_their_length_from_the_tab_counts_unless_a_filter_narrows(
    client, head_office
):
    _, user, officer, epc = f.ready()
    for _ in range(26):
        services.application_create(by=user, member=user.member, epc=epc)
    issued = f.submitted_application(user, epc)
    services.certificate_issue(by=officer, application=issued)
    f.submitted_application(user, epc, channel="courier")
    client.force_login(head_office)

    response, counted_again = _queue_page(client, {"status": "all"})
    page = response.context["page"]
    assert not counted_again
    assert page.paginator.count == Application.objects.count() == 28
    assert page.paginator.num_pages == 2 and len(page.object_list) == 25
    assert "Page 1 of 2 (28 in all)" in response.content.decode()
    response, _ = _queue_page(client, {"status": "all", "page": "2"})
    assert len(response.context["page"].object_list) == 3

    for tab, expected in [("draft", 26), ("issued", 1), ("open", 1)]:
        response, counted_again = _queue_page(client, {"status": tab})
        assert not counted_again and response.context["page"].paginator.count == expected, tab

    for params, expected in [
        ({"status": "all", "channel": "courier"}, 1),
        ({"status": "all", "office": "DEL"}, 0),
        ({"status": "draft", "q": "no such thing"}, 0),
        ({"status": "not-a-status"}, 0),
    ]:
        response, counted_again = _queue_page(client, params)
        assert counted_again and response.context["page"].paginator.count == expected, params


def test_queue_counts_stop_at_the_cap_and_say_more(client, head_office, monkeypatch):
    queue = importlib.import_module("icportal.certificates.views.staff.queue")

    monkeypatch.setattr(queue, "COUNT_CAP", 3)
    _, user, _officer, epc = f.ready()
    for _ in range(5):
        services.application_create(by=user, member=user.member, epc=epc)
    f.submitted_application(user, epc)
    assert selectors.queue_counts(user=head_office, cap=3)["draft"] == 4  # "more than 3"
    assert selectors.queue_counts(user=head_office)["draft"] == 5
    client.force_login(head_office)

    response, _ = _queue_page(client, {"status": "draft"})
    text = response.content.decode()
    assert 'data-count="draft">3+</span>' in text and 'data-count="submitted">1</span>' in text
    assert 'data-count="all">3+</span>' in text
    paginator = response.context["page"].paginator
    assert paginator.more and paginator.count == 3
    # A filter the tabs don't know: the paginator counts, and also stops at the cap.
    response, _ = _queue_page(client, {"status": "all", "channel": "ices"})
    paginator = response.context["page"].paginator
    assert paginator.more and paginator.count == 3


# --- who may --------------------------------------------------------------------------------


@pytest.fixture
def world():
    """A CHN member with an issued IC (with a reported BoE) and a pending urgent request."""
    member, user, officer, epc = f.ready()
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    report = services.boe_report(
        by=user,
        certificate=certificate,
        boe_no="4567890",
        boe_date=timezone.localdate(),
        port_code="INMAA1",
        assessed_value="1200.00",
        assessed_copy=f.pdf("assessed.pdf"),
    )
    unverified(member)
    waiting = f.submitted_application(user, epc)
    urgent = services.urgent_request(by=officer, application=waiting, reason="Perishable")
    return {
        "member": member,
        "user": user,
        "officer": officer,
        "certificate": certificate,
        "report": report,
        "application": waiting,
        "urgent": urgent,
    }


def _staff_urls(w):
    app, cert = w["application"], w["certificate"]
    return [
        ("get", url("queue")),
        ("get", url("boe_list")),
        ("post", url("assign", app)),
        ("post", url("query", app)),
        ("post", url("reject", app)),
        ("post", url("charge", app)),
        ("post", url("issue", app)),
        ("post", url("urgent", app)),
        ("post", url("urgent_approve", pk=w["urgent"].pk)),
        ("post", url("urgent_decline", pk=w["urgent"].pk)),
        ("post", url("cancel", cert)),
        ("get", url("replace", cert)),
        ("post", url("replace", cert)),
        ("post", url("boe_review", pk=w["report"].pk)),
    ]


@pytest.mark.parametrize("index", range(14))
def test_member_users_cannot_use_staff_pages(client, world, index):
    method, path = _staff_urls(world)[index]
    client.force_login(world["user"])
    data = {"reason": "x", "question": "x", "receipt_no": "1", "version": "2"}
    response = getattr(client, method)(path, data if method == "post" else None)
    assert response.status_code in (403, 404)
    world["certificate"].refresh_from_db()
    assert world["certificate"].status == CertStatus.ISSUED
    assert Application.objects.get(pk=world["application"].pk).status == AppStatus.SUBMITTED


@pytest.mark.parametrize("index", range(2, 14))
def test_staff_of_another_office_get_404_and_nothing_changes(client, world, index):
    method, path = _staff_urls(world)[index]
    client.force_login(factories.staff_user("DEL"))
    data = {"reason": "x", "question": "x", "receipt_no": "1", "version": "2"}
    response = getattr(client, method)(path, data if method == "post" else None)
    assert response.status_code == 404
    assert UrgentRequest.objects.get(pk=world["urgent"].pk).status == "pending"
    assert ImportCertificate.objects.count() == 1


def test_other_office_queue_and_reconciliation_do_not_show_chn_work(client, world):
    client.force_login(factories.staff_user("DEL"))
    assert world["application"].reference not in client.get(url("queue")).content.decode()
    assert world["certificate"].number not in client.get(url("boe_list")).content.decode()
    assert client.get(url("boe_copy", pk=world["report"].pk)).status_code == 404


def test_assessed_copy_is_served_to_the_office_and_the_reporting_member(client, world):
    client.force_login(world["officer"])
    response = client.get(url("boe_copy", pk=world["report"].pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world["user"])
    assert client.get(url("boe_copy", pk=world["report"].pk)).status_code == 200
    client.force_login(factories.member_user())
    assert client.get(url("boe_copy", pk=world["report"].pk)).status_code == 404


def test_head_office_sees_every_office_and_can_filter_by_office(client, head_office):
    _, user, _, epc = f.ready()
    chn = f.submitted_application(user, epc)
    delhi = factories.MemberFactory(office=factories.office("DEL"))
    _, del_user, _, del_epc = f.ready(member=delhi)
    far = f.submitted_application(del_user, del_epc, port_code="INDEL4")
    client.force_login(head_office)
    html = client.get(url("queue")).content.decode()
    assert chn.reference in html and far.reference in html and 'name="office"' in html
    html = client.get(url("queue"), {"office": "DEL"}).content.decode()
    assert far.reference in html and chn.reference not in html
