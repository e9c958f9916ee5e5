import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from icportal.audit.models import AuditEvent
from icportal.dispatch import services
from icportal.dispatch.models import CopyRequest, PhysicalCopy, Status
from icportal.notifications.models import Email
from tests import factories
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db


def test_request_approve_print_dispatch_acknowledge():
    user, officer, certificate = d.issued()
    request = d.requested(user, certificate)
    assert request.reference.startswith("CLE/CHN/PC/") and request.status == Status.REQUESTED
    services.copy_request_approve(by=officer, request=request)
    copy = services.copy_print(by=officer, request=request)
    assert copy.copy_number == 1
    request = services.copy_dispatch(by=officer, request=request, data=d.courier())
    assert request.status == Status.DISPATCHED and request.docket_no == "BD123456789"
    mail = Email.objects.get(template="copy_dispatched")
    assert "BD123456789" in mail.body_text and "copy 1" in mail.body_text.lower()
    request = services.copy_acknowledge(by=user, request=request)
    assert request.status == Status.ACKNOWLEDGED
    verbs = set(
        AuditEvent.objects.filter(target_type="dispatch.copyrequest").values_list("verb", flat=True)
    )
    assert verbs == {
        "copy.requested",
        "copy.approved",
        "copy.printed",
        "copy.dispatched",
        "copy.acknowledged",
    }


def test_copy_numbers_are_gap_free_per_certificate():
    user, officer, certificate = d.issued()
    first = d.printed(user, officer, certificate)
    services.copy_dispatch(by=officer, request=first, data=d.courier())
    second = d.printed(user, officer, certificate)
    assert [first.copy.copy_number, second.copy.copy_number] == [1, 2]
    _, _, other = d.issued()
    assert d.printed(other.member.users.first(), officer, other).copy.copy_number == 1


def test_dispatch_twice_is_refused_and_nothing_changes():
    user, officer, certificate = d.issued()
    request = d.printed(user, officer, certificate)
    services.copy_dispatch(by=officer, request=request, data=d.courier())
    with pytest.raises(ValidationError, match="already dispatched"):
        services.copy_dispatch(by=officer, request=request, data=d.courier(docket_no="X1"))
    request.refresh_from_db()
    assert request.docket_no == "BD123456789"
    assert Email.objects.filter(template="copy_dispatched").count() == 1


def test_acknowledge_before_dispatch_is_refused():
    user, officer, certificate = d.issued()
    request = d.printed(user, officer, certificate)
    with pytest.raises(ValidationError, match="not been dispatched"):
        services.copy_acknowledge(by=user, request=request)
    request.refresh_from_db()
    assert request.status == Status.PRINTED and request.acknowledged_at is None


def test_dispatch_before_print_and_incomplete_dispatch_are_refused():
    user, officer, certificate = d.issued()
    request = d.requested(user, certificate)
    services.copy_request_approve(by=officer, request=request)
    with pytest.raises(ValidationError, match="before it is printed"):
        services.copy_dispatch(by=officer, request=request, data=d.courier())
    services.copy_print(by=officer, request=request)
    with pytest.raises(ValidationError) as exc:
        services.copy_dispatch(by=officer, request=request, data=d.courier(docket_no=""))
    assert "docket_no" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.copy_dispatch(by=officer, request=request, data={"method": "hand"})
    assert set(exc.value.message_dict) == {"receiver_name", "receiver_id"}
    request = services.copy_dispatch(
        by=officer,
        request=request,
        data={"method": "hand", "receiver_name": "R. Kumar", "receiver_id": "Aadhaar XXXX1234"},
    )
    assert request.status == Status.DISPATCHED and request.dispatch_date is not None


def test_decline_needs_a_reason_and_mails_the_member():
    user, officer, certificate = d.issued()
    request = d.requested(user, certificate)
    with pytest.raises(ValidationError):
        services.copy_request_decline(by=officer, request=request, reason=" ")
    services.copy_request_decline(by=officer, request=request, reason="Customs accepted the IRN")
    assert "Customs accepted the IRN" in Email.objects.get(template="copy_declined").body_text
    with pytest.raises(ValidationError):
        services.copy_print(by=officer, request=request)
    assert not PhysicalCopy.objects.exists()


def test_request_input_is_checked():
    user, _officer, certificate = d.issued()
    with pytest.raises(ValidationError, match="Choose why"):
        d.requested(user, certificate, reason="urgent_physical")
    with pytest.raises(ValidationError, match="Say why"):
        d.requested(user, certificate, reason="other", text="")
    d.requested(user, certificate, reason="other", text="Bank wants paper")
    with pytest.raises(ValidationError, match="already being prepared"):
        d.requested(user, certificate)
    assert CopyRequest.objects.count() == 1


def test_other_firm_and_other_office_are_refused():
    user, _officer, certificate = d.issued()
    with pytest.raises(PermissionDenied):
        d.requested(factories.member_user(), certificate)
    request = d.requested(user, certificate)
    with pytest.raises(PermissionDenied):
        services.copy_request_approve(by=factories.staff_user("DEL"), request=request)
    with pytest.raises(PermissionDenied):
        services.copy_request_approve(by=user, request=request)


def test_urgent_physical_ic_enters_the_register_with_the_customs_warning():
    _user, officer, certificate = d.urgent_physical()
    request = services.physical_ic_open(by=officer, certificate=certificate)
    assert request.status == Status.APPROVED and request.customs_discretion
    services.copy_print(by=officer, request=request)
    services.copy_dispatch(by=officer, request=request, data=d.courier())
    mail = Email.objects.get(template="copy_dispatched")
    assert "discretion of Customs" in mail.body_text
    with pytest.raises(ValidationError):
        services.physical_ic_open(by=officer, certificate=d.issued()[2])  # electronic
