"""31 March → 1 April IST: numbering restarts and the new year's EPC is used."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from icportal.certificates import services
from icportal.common.dates import IST, financial_year
from icportal.entitlements.models import EntitlementAccount
from tests import factories
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        def set(self, ist_datetime: dt.datetime):
            moment = ist_datetime.replace(tzinfo=IST).astimezone(dt.UTC)
            monkeypatch.setattr(timezone, "now", lambda: moment)

    return Clock()


def test_rollover_restarts_numbering_and_uses_the_new_years_epc(clock):
    clock.set(dt.datetime(2027, 3, 31, 23, 50))  # 18:20 UTC, still 2026-27 in India
    assert financial_year() == "2026-27"
    member = f.verified(factories.MemberFactory())
    user = factories.member_user(member=member)
    officer = factories.staff_user("CHN")
    old_epc = f.approved_epc(member, officer, fob=Decimal("1000000"))
    assert old_epc.financial_year == "2026-27"
    first = services.certificate_issue(
        by=officer, application=f.submitted_application(user, old_epc)
    )
    second = services.certificate_issue(
        by=officer, application=f.submitted_application(user, old_epc)
    )
    assert (first.number, second.number) == (
        "CLE/CHN/IC/2026-27/000001",
        "CLE/CHN/IC/2026-27/000002",
    )
    late = f.submitted_application(user, old_epc)

    clock.set(dt.datetime(2027, 4, 1, 0, 10))  # 31 March 18:40 UTC, but 1 April in India
    assert financial_year() == "2027-28"
    with pytest.raises(ValidationError, match="not for the current financial year"):
        services.certificate_issue(by=officer, application=late)

    new_epc = f.approved_epc(member, officer, fob=Decimal("2000000"))
    assert new_epc.financial_year == "2027-28"
    assert new_epc.number == "CLE/CHN/EPC/2027-28/000001"
    third = services.certificate_issue(
        by=officer, application=f.submitted_application(user, new_epc)
    )
    assert third.number == "CLE/CHN/IC/2027-28/000001"
    assert third.account.financial_year == "2027-28"
    balances = dict(EntitlementAccount.objects.values_list("financial_year", "balance"))
    assert balances == {"2026-27": Decimal("48000.00"), "2027-28": Decimal("99000.00")}


def test_a_new_application_cannot_pick_last_years_epc_after_rollover(clock):
    clock.set(dt.datetime(2027, 3, 30, 12, 0))
    member, user, _officer, old_epc = f.ready()
    clock.set(dt.datetime(2027, 4, 2, 12, 0))
    app = services.application_create(by=user, member=member, epc=old_epc)
    app = services.application_save(
        by=user, application=app, header=f.header(), items=[f.item_row()]
    )
    with pytest.raises(ValidationError, match="ICs this year draw on a 2027-28 EPC"):
        services.application_submit(by=user, application=app)
