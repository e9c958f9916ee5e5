"""Many officers issuing against one entitlement at the same moment (PostgreSQL row locks)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from icportal.certificates import services
from icportal.certificates.models import AppStatus, ImportCertificate
from icportal.entitlements.models import EntitlementAccount, LedgerEntry
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

ISSUES = 24


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; the row-lock race is proven on PostgreSQL",
)
def test_concurrent_issues_never_overdraw_and_numbers_stay_gap_free():
    # Entitlement ₹12,500 (5% of ₹2,50,000); every application asks ₹1,000: only 12 fit.
    member, user, officer, epc = f.ready(fob=Decimal("250000"))
    applications = [f.submitted_application(user, epc, values=("1000.00",)) for _ in range(ISSUES)]
    barrier = threading.Barrier(ISSUES)
    outcomes: list[object] = []
    lock = threading.Lock()

    def issue(application):
        try:
            barrier.wait()
            result = services.certificate_issue(by=officer, application=application)
        except ValidationError as exc:
            result = exc
        except Exception as exc:  # anything else is a bug the assertion below will show
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=issue, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    issued = [o for o in outcomes if isinstance(o, ImportCertificate)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    others = [o for o in outcomes if not isinstance(o, ImportCertificate | ValidationError)]
    assert others == []
    assert len(issued) == 12 and len(refused) == ISSUES - 12
    assert all("entitlement balance" in str(e) for e in refused)

    account = EntitlementAccount.objects.get(member=member)
    assert account.balance == Decimal("500.00")
    ledger_sum = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]
    assert ledger_sum == account.balance
    assert LedgerEntry.objects.filter(account=account, balance_after__lt=0).count() == 0

    sequences = sorted(ImportCertificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 13))
    numbers = ImportCertificate.objects.values_list("number", flat=True)
    assert len(set(numbers)) == 12
    statuses = {
        a.status for a in type(applications[0]).objects.filter(pk__in=[a.pk for a in applications])
    }
    assert statuses == {AppStatus.ISSUED, AppStatus.SUBMITTED}
