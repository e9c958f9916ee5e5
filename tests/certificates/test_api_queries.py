"""The IC API's lists cost the same number of queries for 2 rows or 12; the schema stays valid."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from icportal.certificates import services
from tests import factories
from tests.certificates import factories as f
from tests.certificates.api_support import API, client_for, header_json, item_json

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # a token's first use writes last_used_at; count a later call
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def _rows(n, officer):
    """n applications of varied shape: issued, replaced, assigned, drafts; two firms."""
    for i in range(n):
        member, user, _, epc = f.ready()
        app = f.submitted_application(user, epc, values=(f"{100 + i}.00",))
        if i % 3 == 0:
            services.application_assign(by=officer, application=app)
        if i % 3 == 1:
            certificate = services.certificate_issue(by=officer, application=app)
            if i % 2:
                services.certificate_replace(
                    by=officer,
                    certificate=certificate,
                    header=header_json(),
                    items=[item_json("90.00")],
                    reason="Value corrected",
                )
        else:
            services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
        services.application_create(by=user, member=member, epc=epc)


@pytest.mark.parametrize(
    "url",
    [
        "/ic-applications/",
        "/ic-applications/?status=submitted&sort=oldest",
        "/ic-applications/?q=CLE",
        "/certificates/",
        "/certificates/?status=issued",
        "/epcs/",
        "/entitlements/",
    ],
)
def test_lists_use_the_same_queries_for_2_or_12_rows(url):
    head = factories.head_office_user()
    officer = factories.staff_user("CHN")
    client = client_for(head)
    _rows(2, officer)
    few = _queries(client, f"{API}{url}")
    _rows(10, officer)
    body = client.get(f"{API}{url}").json()
    assert body["count"] >= 12 or "status=" in url
    assert _queries(client, f"{API}{url}") == few


def test_member_list_of_applications_is_constant_too():
    _, user, officer, epc = f.ready(fob=10**8)
    client = client_for(user)
    for _ in range(2):
        services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
    few = (_queries(client, f"{API}/ic-applications/"), _queries(client, f"{API}/certificates/"))
    for _ in range(10):
        services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
    many = (_queries(client, f"{API}/ic-applications/"), _queries(client, f"{API}/certificates/"))
    assert many == few


def test_schema_is_valid_openapi_and_documents_the_ic_endpoints(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    paths = schema["paths"]
    for path, methods in {
        "/api/v1/scheme/": {"get"},
        "/api/v1/scheme/versions/": {"get", "post"},
        "/api/v1/eligible-items/": {"get", "post"},
        "/api/v1/eligible-items/{id}/": {"get", "put"},
        "/api/v1/epcs/": {"get", "post"},
        "/api/v1/epcs/{id}/": {"get"},
        "/api/v1/epcs/{id}/approve/": {"post"},
        "/api/v1/epcs/{id}/return/": {"post"},
        "/api/v1/entitlements/": {"get"},
        "/api/v1/entitlements/{id}/ledger/": {"get"},
        "/api/v1/ic-applications/": {"get", "post"},
        "/api/v1/ic-applications/{slug}/": {"get", "put"},
        "/api/v1/ic-applications/{slug}/attachments/": {"post"},
        "/api/v1/ic-applications/{slug}/issue/": {"post"},
        "/api/v1/urgent-requests/{id}/approve/": {"post"},
        "/api/v1/certificates/": {"get"},
        "/api/v1/certificates/{slug}/": {"get"},
        "/api/v1/certificates/{slug}/replace/": {"post"},
        "/api/v1/certificates/{slug}/assessed-boe/": {"post"},
        "/api/v1/assessed-boes/{id}/review/": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
    for path, operations in paths.items():
        if not path.startswith(("/api/v1/ic-", "/api/v1/certificates", "/api/v1/epcs")):
            continue
        for method, operation in operations.items():
            assert operation.get("tags"), (method, path)
            assert operation.get("summary"), (method, path)
    issue = paths["/api/v1/ic-applications/{slug}/issue/"]["post"]
    assert "201" in issue["responses"]
    upload = paths["/api/v1/ic-applications/{slug}/attachments/"]["post"]["requestBody"]
    assert list(upload["content"]) == ["multipart/form-data"]
    money = schema["components"]["schemas"]["Certificate"]["properties"]["value"]
    assert money["type"] == "string" and money["format"] == "decimal"
