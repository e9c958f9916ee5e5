from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from icportal.certificates import services
from icportal.certificates.models import AppStatus, CertStatus, DeliveryMode
from icportal.common.dates import financial_year
from icportal.entitlements.models import EntitlementAccount, EntryKind, LedgerEntry
from icportal.notifications.models import Email
from tests import factories
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def _balance(member):
    return EntitlementAccount.objects.get(member=member).balance


def _ledger_sum(member):
    return LedgerEntry.objects.filter(account__member=member).aggregate(s=Sum("amount"))["s"]


def test_epc_approval_credits_five_percent_of_fob_for_footwear():
    member, _, _, epc = f.ready(fob=Decimal("2500000"))
    assert epc.entitlement == Decimal("125000.00")
    assert epc.number == f"CLE/CHN/EPC/{financial_year()}/000001"
    assert _balance(member) == Decimal("125000.00") == _ledger_sum(member)


def test_issue_numbers_debits_and_records_electronic_delivery():
    member, user, officer, epc = f.ready()
    app = f.submitted_application(user, epc, values=("1200.50", "800.00"))
    certificate = services.certificate_issue(by=officer, application=app)
    assert certificate.number == f"CLE/CHN/IC/{financial_year()}/000001"
    assert certificate.value == Decimal("2000.50")
    assert certificate.delivery_mode == DeliveryMode.ELECTRONIC
    assert certificate.balance_after == Decimal("47999.50") == _balance(member)
    assert _ledger_sum(member) == _balance(member)
    app.refresh_from_db()
    assert app.status == AppStatus.ISSUED
    second = services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
    assert second.sequence == 2


def test_issue_beyond_balance_is_refused_and_leaves_no_number_behind():
    member, user, officer, epc = f.ready(fob=Decimal("20000"))  # entitlement ₹1,000
    big = f.submitted_application(user, epc, values=("900.00",))
    small = f.submitted_application(user, epc, values=("200.00",))
    services.certificate_issue(by=officer, application=big)
    with pytest.raises(ValidationError, match=r"entitlement balance is ₹100\.00"):
        services.certificate_issue(by=officer, application=small)
    small.refresh_from_db()
    assert small.status == AppStatus.SUBMITTED
    assert _balance(member) == Decimal("100.00")
    ok = f.submitted_application(user, epc, values=("100.00",))
    assert services.certificate_issue(by=officer, application=ok).sequence == 2  # no gap


def test_query_reply_then_issue_and_the_member_is_mailed():
    _member, user, officer, epc = f.ready()
    app = f.submitted_application(user, epc)
    services.query_raise(by=officer, application=app, question="Send the proforma with HS codes")
    app.refresh_from_db()
    assert app.status == AppStatus.QUERY
    mail = Email.objects.get(template="query_raised")
    assert mail.to == user.email and "Send the proforma with HS codes" in mail.body_text
    with pytest.raises(ValidationError):
        services.certificate_issue(by=officer, application=app)
    services.query_reply(by=user, application=app, reply="Attached the corrected invoice")
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED
    assert app.queries.get().reply == "Attached the corrected invoice"
    assert services.certificate_issue(by=officer, application=app).status == CertStatus.ISSUED


def test_reject_needs_a_reason_and_uses_no_entitlement():
    member, user, officer, epc = f.ready()
    app = f.submitted_application(user, epc)
    with pytest.raises(ValidationError):
        services.application_reject(by=officer, application=app, reason="  ")
    services.application_reject(by=officer, application=app, reason="Item not eligible")
    assert _balance(member) == Decimal("50000.00")
    assert Email.objects.filter(template="application_rejected").count() == 1


def test_cancel_reverses_the_debit():
    member, user, officer, epc = f.ready()
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    services.certificate_cancel(by=officer, certificate=certificate, reason="Shipment cancelled")
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.CANCELLED
    assert _balance(member) == Decimal("50000.00") == _ledger_sum(member)
    with pytest.raises(ValidationError, match="already cancelled"):
        services.certificate_cancel(by=officer, certificate=certificate, reason="again")


def test_replace_supersedes_the_original_and_applies_the_difference():
    member, user, officer, epc = f.ready()
    original = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    replacement = services.certificate_replace(
        by=officer,
        certificate=original,
        header=f.header(invoice_no="INV-2026-0042A"),
        items=[f.item_row("1500.00")],
        reason="Invoice amended by supplier",
    )
    original.refresh_from_db()
    assert original.status == CertStatus.SUPERSEDED
    assert replacement.replaces == original
    assert replacement.number.endswith("000002")
    assert replacement.application.invoice_no == "INV-2026-0042A"
    assert _balance(member) == Decimal("48500.00") == _ledger_sum(member)
    kinds = list(LedgerEntry.objects.filter(account__member=member).values_list("kind", flat=True))
    assert kinds == [EntryKind.CREDIT, EntryKind.DEBIT, EntryKind.REVERSAL, EntryKind.DEBIT]
    mail = Email.objects.get(template="ic_replaced")
    assert "new IRN" in mail.body_text and replacement.number in mail.subject


def test_member_not_on_icegate_needs_urgent_physical_with_a_second_officer():
    member = factories.MemberFactory()  # not registered on ICEGATE
    user = factories.member_user(member=member)
    officer, second = factories.staff_user("CHN"), factories.staff_user("CHN")
    epc = f.approved_epc(member, officer)
    app = f.submitted_application(user, epc)
    with pytest.raises(ValidationError, match="not verified on ICEGATE"):
        services.certificate_issue(by=officer, application=app)
    request = services.urgent_request(
        by=officer, application=app, reason="Goods at port, demurrage"
    )
    with pytest.raises(ValidationError, match="second officer"):
        services.urgent_approve(by=officer, request=request)
    certificate = services.urgent_approve(by=second, request=request)
    assert certificate.delivery_mode == DeliveryMode.URGENT_PHYSICAL
    assert certificate.second_approver == second
    mail = Email.objects.get(template="ic_issued_physical")
    assert "discretion of Customs" in mail.body_text


def test_courier_channel_gets_a_physical_copy_even_without_icegate():
    member = factories.MemberFactory()
    user = factories.member_user(member=member)
    officer = factories.staff_user("CHN")
    epc = f.approved_epc(member, officer)
    app = f.submitted_application(user, epc, channel="courier")
    certificate = services.certificate_issue(by=officer, application=app)
    assert certificate.delivery_mode == DeliveryMode.PHYSICAL_COPY


def test_staff_of_another_office_cannot_issue():
    _, user, _, epc = f.ready()
    with pytest.raises(PermissionDenied):
        services.certificate_issue(
            by=factories.staff_user("DEL"), application=f.submitted_application(user, epc)
        )
