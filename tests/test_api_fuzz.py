"""Nothing in the API answers 5xx, whatever it is sent: schemathesis over every operation of the
OpenAPI schema, against the WSGI app, as a member and as office staff whose token carries the
second factor (so issue, replace and cancel are reached too), with real records behind the paths.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from icportal.accounts.services import api_token_create
from icportal.certificates import services
from icportal.config.wsgi import application
from icportal.entitlements.models import EligibleItem, EntitlementAccount
from tests.certificates import factories as f
from tests.dispatch.factories import requested

# Serving the schema touches no database, so it can be read while tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture
def keep_the_test_transaction():
    """Like Django's test client: a request through the WSGI app must not close the connection
    that holds the test's transaction (PostgreSQL would lose it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _token(user, *, second_factor=False) -> tuple[str, int]:
    spare, _ = api_token_create(user=user, name="Spare", second_factor=second_factor)
    _, key = api_token_create(user=user, name="Fuzz", second_factor=second_factor)
    return key, spare.pk  # DELETE /tokens/{id}/ revokes the spare, not the token in use


@pytest.fixture(params=["member", "staff"])
def world(request, db, keep_the_test_transaction, settings):
    """Real records behind every path, so generated bodies reach the serializers and services."""
    settings.STAFF_2FA_REQUIRED = True
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
    copy = requested(user, certificate)
    key, spare = _token(user) if request.param == "member" else _token(officer, second_factor=True)
    return {
        "token": key,
        "ic-applications": app.slug,
        "certificates": certificate.slug,
        "copy-requests": copy.slug,
        "epcs": epc.pk,
        "entitlements": EntitlementAccount.objects.get(member=member).pk,
        "eligible-items": EligibleItem.objects.first().pk,
        "urgent-requests": urgent.pk,
        "assessed-boes": boe.pk,
        "members": member.iec,
        "offices": member.office.code,
        "tokens": spare,
    }


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_api_fail(case, world):
    collection = case.path.split("/")[3]
    for name in ("slug", "id", "iec", "code"):
        if name in (case.path_parameters or {}) and collection in world:
            case.path_parameters[name] = world[collection]
    case.call_and_validate(
        headers={"Authorization": f"Token {world['token']}"}, checks=[not_a_server_error]
    )
