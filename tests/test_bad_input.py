"""The bad-input probe's cases (issue 13 §4) against every API operation: a clear 4xx in the API's
error shape, never a 500, and nothing decided on a body that could not be read.

Operations come from the OpenAPI schema, so a new endpoint is probed without editing this file.
"""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from icportal.accounts.services import api_token_create
from icportal.audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

_SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
# A placeholder per path parameter: the body is refused before the view looks anything up.
_PARAMS = {"slug": "x-1", "id": "1", "iec": "AAAPA1234A", "code": "CHN"}
WRITES = sorted(
    (method.upper(), re.sub(r"\{(\w+)\}", lambda m: _PARAMS.get(m[1], "1"), path))
    for path, operations in _SCHEMA["paths"].items()
    for method in operations
    if method in ("post", "put", "patch", "delete")
)
READS = sorted(
    (re.sub(r"\{(\w+)\}", lambda m: _PARAMS.get(m[1], "1"), path), operation)
    for path, operations in _SCHEMA["paths"].items()
    for method, operation in operations.items()
    if method == "get"
)

NESTED = b"[" * 5000 + b"]" * 5000
JUST_TOO_DEEP = b'{"a": ' * 33 + b"1" + b"}" * 33
SURROGATE_VALUE = b'{"status": "\\ud800", "reason": "\\ud800", "post_adjustment": "\\ud800"}'
SURROGATE_KEY = b'{"\\udfff": 1}'
NUL_KEY = b'{"rates": {"OTHERS\\u0000": "5.00"}, "a\\u0000": 1}'
BROKEN_JSON = b'{"post_adjustment": tru'
GARBAGE_MULTIPART = (b"garbage, not a multipart body", "multipart/form-data; boundary=xyz")
CUT_SHORT_MULTIPART = (
    b'--xyz\r\nContent-Disposition: form-data; name="post_adjustment"\r\n\r\ntrue\r\n--x',
    "multipart/form-data; boundary=xyz",
)


@pytest.fixture
def client(api, settings):
    """A head-office client whose token carries the second factor (issue/cancel need it)."""
    settings.STAFF_2FA_REQUIRED = True
    user = factories.head_office_user()
    _, key = api_token_create(user=user, name="Probe", second_factor=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _send(client, method, path, body: bytes, content_type: str):
    return client.generic(method, path, body, content_type=content_type)


def _refused(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    error = response.json()["error"]
    assert error["code"] and error["message"]
    return error


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize(
    "body",
    [NESTED, JUST_TOO_DEEP, SURROGATE_VALUE, SURROGATE_KEY, NUL_KEY, BROKEN_JSON],
    ids=["nested-5000", "nested-33", "surrogate", "surrogate-key", "nul-key", "broken"],
)
def test_unreadable_json_is_refused_before_the_view(client, method, path, body):
    """415 where the operation does not read JSON (uploads); everywhere else 400 saying why."""
    before = AuditEvent.objects.count()
    error = _refused(_send(client, method, path, body, "application/json"), 400, 415)
    if error["code"] == "parse_error":
        assert "JSON parse error" in error["message"]
        assert "\ud800" not in error["message"]
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize(
    "body", [GARBAGE_MULTIPART, CUT_SHORT_MULTIPART], ids=["garbage", "cut-short"]
)
def test_malformed_multipart_is_refused_before_the_view(client, method, path, body):
    before = AuditEvent.objects.count()
    error = _refused(_send(client, method, path, *body), 400, 415)
    if error["code"] == "parse_error":
        assert "Multipart" in error["message"]
    assert AuditEvent.objects.count() == before


def test_the_nesting_limit_leaves_real_bodies_alone(client):
    """32 levels still parse: the body reaches the view, which answers about its content."""
    body = b'{"name": ' + b"[" * 31 + b"1" + b"]" * 31 + b"}"
    response = _send(client, "POST", "/api/v1/tokens/", body, "application/json")
    assert _refused(response, 400)["fields"]["name"]


@pytest.mark.parametrize("charset", ["utf-7", "unicode_escape", "utf-16"])
def test_bodies_in_a_charset_that_yields_surrogates_are_refused(client, charset):
    response = _send(
        client,
        "POST",
        "/api/v1/tokens/",
        b'{"name": "+2AA-"}',
        f"application/json; charset={charset}",
    )
    assert "UTF-8" in _refused(response, 400)["message"]


@pytest.mark.parametrize(("path", "operation"), READS, ids=[path for path, _ in READS])
def test_huge_and_surrogate_query_values_are_not_a_server_error(client, path, operation):
    """Every declared query parameter, given 10**30 and UTF-8 bytes of a lone surrogate."""
    names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    for value in (str(10**30), "%ED%A0%80", "-" + str(10**30)):
        query = "&".join(f"{name}={value}" for name in names)
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (path, value, response.content[:300])


_HUGE_PARAMS = {"slug": f"x-{10**30}", "id": str(10**30), "iec": "9" * 30, "code": "9" * 30}
EVERY = sorted(
    (method.upper(), re.sub(r"\{(\w+)\}", lambda m: _HUGE_PARAMS.get(m[1], str(10**30)), path))
    for path, operations in _SCHEMA["paths"].items()
    for method in operations
    if method in ("get", "post", "put", "patch", "delete") and "{" in path
)


@pytest.mark.parametrize(("method", "path"), EVERY)
def test_ids_beyond_64_bits_in_the_path_are_not_found(client, method, path):
    response = _send(client, method, path, b"{}", "application/json")
    assert response.status_code in (400, 403, 404, 415), (
        response.status_code,
        response.content[:300],
    )


def test_an_id_list_beyond_64_bits_names_the_field(client):
    for ids in ([10**30], [2**63], [-(10**30)], [0]):
        response = client.post("/api/v1/upload-batches/", {"uploads": ids}, format="json")
        assert _refused(response, 400)["fields"]["uploads"], ids


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("&".join(f"f{n}=1" for n in range(1500)), "application/x-www-form-urlencoded", 400),
        (
            "".join(
                f'--xyz\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\n1\r\n'
                for n in range(1500)
            )
            + "--xyz--\r\n",
            "multipart/form-data; boundary=xyz",
            400,
        ),
        (
            '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\n'
            + "A" * (13 * 1024 * 1024)
            + "\r\n--xyz--\r\n",
            "multipart/form-data; boundary=xyz",
            413,
        ),
    ],
    ids=["1500-form-fields", "1500-multipart-fields", "13-MB-field"],
)
def test_too_many_fields_or_too_large_a_field_is_a_clear_4xx(client, body, content_type, status):
    response = _send(client, "POST", "/api/v1/tokens/", body.encode(), content_type)
    _refused(response, status)
