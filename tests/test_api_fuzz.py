"""Nothing in the API answers 500, whatever it is sent (schemathesis against the WSGI app)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from icportal.config.wsgi import application
from tests import factories
from tests.members.factories import token_for

# Serving the schema touches no database, so it can be read while tests are collected.
# The foundation's endpoints (issue 2); widen the pattern as later capabilities pass the same test.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application).include(
    path_regex=r"^/api/v1/(members|offices|tokens|me)/"
)


@pytest.fixture
def keep_the_test_transaction():
    """Like Django's test client: a request through the WSGI app must not close the connection
    that holds the test's transaction (PostgreSQL would lose it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(db, keep_the_test_transaction):
    factories.MemberFactory()  # something real behind the list and search
    return token_for(factories.staff_user("CHN"))


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_api_fail(case, staff_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {staff_token}"}, checks=[not_a_server_error]
    )
