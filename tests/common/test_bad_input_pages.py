"""The HTML pages against the bad-input probe: UTF-8 bytes of a lone surrogate (%ED%A0%80),
integers beyond 64 bits and a charset that would make surrogates, in the address and in forms."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories

pytestmark = pytest.mark.django_db

HUGE = str(10**30)
SURROGATE = "%ED%A0%80"
NAMES = [
    "q",
    "status",
    "office",
    "page",
    "sort",
    "mode",
    "member",
    "from",
    "to",
    "year",
    "fy",
    "epc",
    "segment",
    "kind",
    "period",
    "range",
    "upload",
    "application",
    "version",
    "reason",
    "table",
    "channel",
]


def _pages(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _pages(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            path = prefix + str(entry.pattern)
            if "<" not in path and "(" not in path and not path.startswith(("api/", "django-")):
                yield "/" + path


PAGES = sorted(set(_pages(get_resolver().url_patterns)) - {"/accounts/logout/"})
# /healthz answers 503 when a part is down (no worker runs in this test): its honest answer.
HONEST = {"/healthz": {503}}


def _no_server_error(path: str, status: int) -> bool:
    return status < 500 or status in HONEST.get(path, ())


def _form(value: str) -> str:
    return "&".join(f"{name}={value}" for name in NAMES) + f"&application=x:{value}"


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_odd_values_without_a_server_error(client, path):
    client.force_login(factories.head_office_user())
    for value in (SURROGATE, HUGE, "-" + HUGE, "%F0%9F", "%C2%B2"):
        got = client.get(f"{path}?{_form(value)}")
        assert _no_server_error(path, got.status_code), (path, value)
        posted = client.post(path, _form(value), content_type="application/x-www-form-urlencoded")
        assert _no_server_error(path, posted.status_code), (path, value)


@pytest.mark.parametrize("charset", ["utf-7", "unicode_escape", "utf-16"])
def test_forms_in_a_charset_that_makes_surrogates_are_refused(client, charset):
    client.force_login(factories.head_office_user())
    answer = client.post(
        "/members/new/",
        "legal_name=%2B2AA-",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert answer.status_code == 400
    assert b"UTF-8" in answer.content
    page = client.get("/members/?q=%2B2AA-", CONTENT_TYPE=f"text/plain; charset={charset}")
    assert page.status_code == 400


def test_utf8_and_latin1_forms_still_pass(client):
    client.force_login(factories.head_office_user())
    for charset in ("utf-8", "UTF8", "iso-8859-1", "us-ascii"):
        page = client.get("/members/?q=Ambur", CONTENT_TYPE=f"text/plain; charset={charset}")
        assert page.status_code == 200, charset


@pytest.mark.parametrize("path", ["/verify/", "/api/v1/verify/"])
@pytest.mark.parametrize("length", ["abc", "-5", "1e9", "١٢"])
def test_a_content_length_that_is_not_a_number_is_a_400(client, path, length):
    answer = client.post(path, b"x", content_type="application/pdf", CONTENT_LENGTH=length)
    assert answer.status_code == 400
    assert b"Content-Length" in answer.content
