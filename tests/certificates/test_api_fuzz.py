"""Nothing in the IC and entitlement API answers 500, whatever it is sent (schemathesis, WSGI app)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from icportal.certificates import services
from icportal.config.wsgi import application
from icportal.entitlements.models import EligibleItem, EntitlementAccount
from tests import factories
from tests.certificates import factories as f
from tests.members.factories import token_for

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application).include(
    path_regex=r"^/api/v1/(scheme|eligible-items|epcs|entitlements|ic-applications|urgent-requests"
    r"|certificates|assessed-boes)/"
)


@pytest.fixture
def keep_the_test_transaction():
    """A request through the WSGI app must not close the connection holding the test transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, keep_the_test_transaction):
    """Real records behind every path, so generated bodies reach the serializers and services."""
    member, user, officer, epc = f.ready()
    app = f.submitted_application(user, epc)
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    reported = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    boe = services.boe_report(
        by=user,
        certificate=reported,
        boe_no="4567890",
        boe_date=reported.issued_at.date(),
        port_code="INMAA1",
        assessed_value="1100",
        assessed_copy=f.pdf(),
    )
    urgent = services.urgent_request(by=officer, application=app, reason="Goods at port")
    account = EntitlementAccount.objects.get(member=member)
    return {
        "token": token_for(factories.head_office_user()),
        "ic-applications": app.slug,
        "certificates": certificate.slug,
        "epcs": epc.pk,
        "entitlements": account.pk,
        "eligible-items": EligibleItem.objects.first().pk,
        "urgent-requests": urgent.pk,
        "assessed-boes": boe.pk,
    }


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_ic_api_fail(case, world):
    collection = case.path.split("/")[3]
    for name in ("slug", "id"):
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = world[collection]
    case.call_and_validate(
        headers={"Authorization": f"Token {world['token']}"}, checks=[not_a_server_error]
    )
