"""`next=` and Referer values lead only to paths of this site."""

import pytest
from django.test import RequestFactory

from icportal.common.redirects import redirect_next, safe_next


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/ic/queue/?status=submitted", "/ic/queue/?status=submitted"),
        ("http://testserver/esanchit/?q=1", "/esanchit/?q=1"),
        ("https://evil.example/", "/home/"),
        ("//evil.example/", "/home/"),
        ("/\\evil.example", "/home/"),
        ("javascript:alert(1)", "/home/"),
        ("http://testserver@evil.example/", "/home/"),
        ("esanchit/", "/home/"),
        ("", "/home/"),
        (None, "/home/"),
    ],
)
def test_only_same_site_paths_are_followed(value, expected):
    assert safe_next(RequestFactory().get("/"), value, default="/home/") == expected


def test_plain_http_addresses_are_not_followed_from_an_https_page():
    request = RequestFactory().get("/", secure=True)
    assert safe_next(request, "http://testserver/ic/", default="/") == "/"
    assert safe_next(request, "https://testserver/ic/", default="/") == "/ic/"


def test_a_url_name_is_never_taken_from_the_request(db):
    response = redirect_next(RequestFactory().post("/"), "accounts:logout", "web:home")
    assert response["Location"] == "/"
