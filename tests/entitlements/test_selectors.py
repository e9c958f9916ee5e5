"""The balance left for an IC application is read in one place, so every page shows one figure."""

from decimal import Decimal

import pytest

from icportal.certificates import selectors, services
from icportal.certificates.views.member_edit import totals
from icportal.certificates.views.staff.application import staff_panel
from icportal.entitlements.models import EntitlementAccount
from icportal.entitlements.selectors import balance_for_application
from tests.certificates import factories as f
from tests.certificates.api_support import API, client_for

pytestmark = pytest.mark.django_db


def _shown(user, officer, slug) -> dict:
    """The balance as the member's totals, the office's panel and the API show it."""
    as_member = selectors.application_get(user=user, slug=slug)
    as_officer = selectors.application_get(user=officer, slug=slug)
    api = client_for(user).get(f"{API}/ic-applications/{slug}/").json()
    return {
        "member page": totals(user, as_member)["balance"],
        "office panel": staff_panel(user=officer, application=as_officer)["balance"],
        "api": None if api["entitlement_balance"] is None else Decimal(api["entitlement_balance"]),
    }


def test_member_page_office_panel_and_api_show_the_same_balance_left():
    member, user, officer, epc = f.ready(fob=Decimal("1000000"))
    app = f.submitted_application(user, epc, values=("1000.00",))
    credited = EntitlementAccount.objects.get(member=member).balance
    assert set(_shown(user, officer, app.slug).values()) == {credited}

    # Another IC on the same EPC draws on the account: every page shows what is left after it.
    other = f.submitted_application(user, epc, values=("2500.00",))
    services.certificate_issue(by=officer, application=other)
    left = credited - Decimal("2500.00")
    assert balance_for_application(application=app) == left
    assert set(_shown(user, officer, app.slug).values()) == {left}


def test_without_an_epc_no_balance_is_shown():
    member, user, officer, _epc = f.ready()
    draft = services.application_create(by=user, member=member)
    assert set(_shown(user, officer, draft.slug).values()) == {None}
