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
