"""The published API description is valid OpenAPI 3 and documents what the API does."""

import pytest
from openapi_spec_validator import validate


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_documents_token_auth_and_the_endpoints(schema):
    schemes = schema["components"]["securitySchemes"]
    assert any(
        s.get("type") == "apiKey" and s.get("name") == "Authorization" for s in schemes.values()
    )
    for path in (
        "/api/v1/offices/",
        "/api/v1/members/",
        "/api/v1/members/{iec}/",
        "/api/v1/members/{iec}/icegate-registration/",
        "/api/v1/members/{iec}/icegate-registration/verify/",
        "/api/v1/members/{iec}/icegate-registration/reject/",
        "/api/v1/tokens/",
        "/api/v1/me/",
    ):
        assert path in schema["paths"], path


def test_docs_page_is_served(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200


def test_generating_the_schema_emits_no_warnings(db):
    """Clashing component or enum names make clients' generated code guess; none may appear."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert dict(GENERATOR_STATS._warn_cache) == {}
    assert dict(GENERATOR_STATS._error_cache) == {}


def test_the_schema_names_the_token_status_and_clashing_parts_apart(schema):
    names = schema["components"]["schemas"]
    assert {"ApiTokenStatusEnum", "ComplaintStatusEnum", "DispatchMethodEnum"} <= set(names)
    assert {"CopyDeclineReasonRequest", "ComplaintQuestionRequest"} <= set(names)
    assert "expires_at" in names["Token"]["properties"]


def test_in_production_the_schema_and_docs_need_a_signed_in_user(client, db, settings, staff):
    settings.API_SCHEMA_REQUIRES_LOGIN = True
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 401
    assert "credentials were not provided" in response.json()["error"]["message"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/?next=")

    client.force_login(staff)
    assert client.get("/api/v1/schema/", {"format": "json"}).status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_the_schema_is_open_when_the_setting_is_off(client, db, settings):
    settings.API_SCHEMA_REQUIRES_LOGIN = False
    assert client.get("/api/v1/schema/", {"format": "json"}).status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_production_settings_close_the_schema_and_the_admin_site():
    from tests.production_settings import production_settings

    values = production_settings("API_SCHEMA_REQUIRES_LOGIN", "DJANGO_ADMIN_ENABLED")
    assert values == {"API_SCHEMA_REQUIRES_LOGIN": True, "DJANGO_ADMIN_ENABLED": False}
