"""A paper IC enters the dispatch register when it is issued (dispatch pulls; certificates wakes
it by name), and the member follows it: being printed, dispatched (docket), received."""

import pytest
from django.urls import reverse

from icportal.audit.models import AuditEvent
from icportal.common.worker import run_once
from icportal.dispatch import selectors, services
from icportal.dispatch.models import CopyRequest, Kind, Status
from icportal.members.models import Member
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db


def test_an_urgent_physical_ic_is_in_the_register_when_issued(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _user, officer, certificate = d.urgent_physical()
    entry = CopyRequest.objects.get(certificate=certificate)
    assert entry.kind == Kind.PHYSICAL_IC and entry.status == Status.APPROVED
    assert entry.reason == "urgent_physical" and entry.customs_discretion
    assert entry.deliver_to == "registered" and "Chennai 600098" in entry.address_lines
    assert entry.requested_by == certificate.issued_by
    event = AuditEvent.objects.get(verb="copy.approved", target_id=str(entry.pk))
    assert event.actor is None and event.actor_label == services.AT_ISSUE
    assert list(selectors.physical_ics_waiting(user=officer)) == []


def test_a_courier_ic_enters_through_the_sweep_once():
    _user, _officer, certificate = d.issued(channel="courier")  # no commit: the wake never ran
    assert certificate.delivery_mode == "physical_copy"
    assert not CopyRequest.objects.exists()
    assert run_once(names=[services.PAPER_TASK]) == 1
    assert run_once(names=[services.PAPER_TASK]) == 0
    entry = CopyRequest.objects.get()
    assert entry.certificate == certificate and entry.reason == "courier"


def test_electronic_ics_do_not_enter_and_a_firm_without_an_address_collects():
    _user, _officer, electronic = d.issued()
    *_, paper = d.issued(channel="sez")
    Member.objects.filter(pk=paper.member_id).update(address="")
    assert services.paper_ics_enter() == 1
    entry = CopyRequest.objects.get()
    assert entry.certificate == paper and entry.deliver_to == "collect"
    assert not electronic.copy_requests.exists()


def test_member_follows_the_paper_ic_from_printing_to_receipt(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, officer, certificate = d.urgent_physical()
    entry = CopyRequest.objects.get()
    client.force_login(user)
    page = reverse("certificates:certificate", args=[certificate.slug])

    def panel() -> str:
        html = client.get(page).content.decode()
        return html.split('data-testid="copies-panel"')[1].split("</section>")[0]

    assert "Being printed" in panel() and "Chennai 600098" in panel()
    services.copy_print(by=officer, request=entry)
    assert "Printed — being dispatched" in panel()
    services.copy_dispatch(by=officer, request=entry, data=d.courier(docket_no="BD99887766"))
    assert "Dispatched (docket BD99887766)" in panel()
    detail = client.get(reverse("dispatch:detail", args=[entry.slug])).content.decode()
    assert "Dispatched (docket BD99887766)" in detail
    client.post(reverse("dispatch:acknowledge", args=[entry.slug]))
    assert "Received" in panel()
    mine = client.get(reverse("dispatch:index")).content.decode()
    assert "Received" in mine
