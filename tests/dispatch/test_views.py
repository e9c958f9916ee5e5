import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from icportal.common.dates import financial_year
from icportal.dispatch import selectors, services
from icportal.dispatch.models import CopyRequest
from tests import factories
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db


def test_member_asks_from_the_certificate_page_and_sees_the_confirmation(client):
    user, _officer, certificate = d.issued()
    client.force_login(user)
    page = client.get(reverse("certificates:certificate", args=[certificate.slug]))
    assert reverse("dispatch:request_new", args=[certificate.slug]) in page.content.decode()
    response = client.post(
        reverse("dispatch:request_new", args=[certificate.slug]),
        {"reason": "courier", "deliver_to": "registered"},
    )
    assert response.status_code == 302 and "done=1" in response["Location"]
    assert "Request sent" in client.get(response["Location"]).content.decode()


def test_missing_reason_shows_the_error_summary(client):
    user, _, certificate = d.issued()
    client.force_login(user)
    response = client.post(reverse("dispatch:request_new", args=[certificate.slug]), {})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_office_prints_downloads_and_dispatches(client):
    user, officer, certificate = d.issued()
    request = d.requested(user, certificate)
    client.force_login(officer)
    client.post(reverse("dispatch:approve", args=[request.slug]))
    client.post(reverse("dispatch:print", args=[request.slug]))
    pdf = client.get(reverse("dispatch:copy_pdf", args=[request.slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.post(
        reverse("dispatch:dispatch", args=[request.slug]),
        {
            "method": "courier",
            "courier_name": "DTDC",
            "docket_no": "D1",
            "dispatch_date": "2020-01-02",
        },
    )
    request.refresh_from_db()
    assert request.status == "dispatched"
    verify = client.get(reverse("documents:verify", args=[certificate.verification_code]))
    assert "Copy 1" in verify.content.decode()


def test_member_cannot_download_or_act_as_office(client):
    user, officer, certificate = d.issued()
    request = d.printed(user, officer, certificate)
    client.force_login(user)
    assert client.get(reverse("dispatch:copy_pdf", args=[request.slug])).status_code == 403


def test_scoping_member_b_and_other_office_get_404(client):
    user, _officer, certificate = d.issued()
    request = d.requested(user, certificate)
    for outsider in (factories.member_user(), factories.staff_user("DEL")):
        client.force_login(outsider)
        assert client.get(reverse("dispatch:detail", args=[request.slug])).status_code == 404
        assert client.post(reverse("dispatch:approve", args=[request.slug])).status_code == 404
        assert (
            client.get(reverse("dispatch:request_new", args=[certificate.slug])).status_code == 404
        )
        assert not selectors.copy_request_list(user=outsider).exists()


def test_office_queue_lists_urgent_ics_and_head_office_sees_counts(client):
    _, officer, certificate = d.urgent_physical()
    client.force_login(officer)
    page = client.get(reverse("dispatch:index")).content.decode()
    assert certificate.number in page and "discretion of Customs" in page
    services.physical_ic_open(by=officer, certificate=certificate)
    client.force_login(factories.head_office_user())
    page = client.get(reverse("dispatch:index"))
    chn = next(r for r in page.context["office_counts"] if r["office"].code == "CHN")
    assert chn["urgent_physical"] == 1 and chn["open"] == 1


def test_head_office_counts_are_for_the_financial_year_with_every_open_request():
    """Last year's paper IC and its finished request drop out; its still open one stays."""
    head = factories.head_office_user()
    _, officer, old_ic = d.urgent_physical()
    _, _, other_old = d.urgent_physical()
    _, _, this_year = d.urgent_physical()
    last_fy = timezone.now() - dt.timedelta(days=400)
    for certificate in (old_ic, other_old):
        factories.backdate_issue(certificate, last_fy)
    finished = services.physical_ic_open(by=officer, certificate=old_ic)
    services.copy_print(by=officer, request=finished)
    services.copy_dispatch(by=officer, request=finished, data=d.courier())
    still_open = services.physical_ic_open(by=officer, certificate=other_old)
    CopyRequest.objects.filter(pk__in=[finished.pk, still_open.pk]).update(created_at=last_fy)

    chn = next(r for r in selectors.office_counts(user=head) if r["office"].code == "CHN")
    assert (chn["urgent_physical"], chn["open"], chn["dispatched"]) == (1, 1, 0)
    last = selectors.office_counts(user=head, fy=financial_year(last_fy))
    chn = next(r for r in last if r["office"].code == "CHN")
    assert (chn["urgent_physical"], chn["open"], chn["dispatched"]) == (2, 1, 1)
    assert this_year.delivery_mode == "urgent_physical"


def test_waiting_paper_ics_come_oldest_first_up_to_the_limit():
    head = factories.head_office_user()
    ics = [d.urgent_physical()[2] for _ in range(3)]
    now = timezone.now()
    for days, certificate in zip((1, 3, 2), ics, strict=True):
        factories.backdate_issue(certificate, now - dt.timedelta(days=days))
    services.physical_ic_open(by=factories.staff_user("CHN"), certificate=ics[2])
    for user in (head, factories.staff_user("CHN")):
        first = selectors.physical_ics_waiting_first(user=user, limit=1)
        assert first == [ics[1]]  # the oldest; the one entered in the register is gone
        assert selectors.physical_ics_waiting_first(user=user) == [ics[1], ics[0]]
    assert selectors.physical_ics_waiting_first(user=factories.staff_user("DEL")) == []
