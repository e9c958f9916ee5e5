"""API lists page by cursor and by offset: every row exactly once, in the list's order, either way.

The data is the generator's (firms over five years, ICs, open applications), so the lists have
ties on their sort keys, NULLs in nullable ones (drafts have no submission time) and related-field
orderings (members by name, eligible items by segment group).
"""

import pytest
from bench.generate import generate

from icportal.accounts.models import User
from tests.certificates.api_support import API, client_for

pytestmark = pytest.mark.django_db

LISTS = [
    "/certificates/",
    "/certificates/?sort=value",
    "/ic-applications/",
    "/ic-applications/?sort=oldest",
    "/ic-applications/?sort=member",
    "/members/",
    "/eligible-items/",
    "/assessed-boes/",
    "/uploads/",
]


@pytest.fixture
def head():
    summary = generate(members=12, ics=120, years=2, seed=5, log=lambda *_: None)
    return client_for(User.objects.get(email=summary.logins[-1][1]))


def _url(path: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{API}{path}{'&' if '?' in path else '?'}{query}"


def _walk(client, link: str, key: str) -> list:
    rows = []
    while link:
        response = client.get(link)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        link = body[key]
    return rows


def _everything(client, path: str) -> list:
    return client.get(_url(path, limit=200, offset=0)).json()["results"]


@pytest.mark.parametrize("path", LISTS)
def test_every_row_once_in_order_by_cursor_both_ways_and_by_any_offset(path, head):
    whole = _everything(head, path)
    _next_links_walk_the_whole_list(head, path, whole)
    _previous_links_walk_back_from_the_last_page(head, path, whole)
    _any_offset_gives_the_rows_at_that_place(head, path, whole)


def _next_links_walk_the_whole_list(client, path, whole):
    assert len(whole) > 7, path
    first = client.get(_url(path, limit=7)).json()
    assert first["count"] == len(whole)
    assert first["next"] and "cursor=" in first["next"] and first["previous"] is None
    assert _walk(client, _url(path, limit=7), "next") == whole
    assert client.get(first["next"]).json()["count"] is None  # not counted again, page after page


def _previous_links_walk_back_from_the_last_page(client, path, whole):
    last = client.get(client.get(_url(path, limit=7)).json()["last"]).json()
    assert last["results"] == whole[-7:] and last["next"] is None
    back = []
    link = last["previous"]
    while link:
        body = client.get(link).json()
        back = body["results"] + back
        link = body["previous"]
    assert back + last["results"] == whole


def _any_offset_gives_the_rows_at_that_place(client, path, whole):
    n = len(whole)
    for offset in (0, 3, n // 2 - 1, n // 2 + 1, n - 9, n - 5, n - 1, n, n + 4):
        offset = max(offset, 0)
        body = client.get(_url(path, limit=6, offset=offset)).json()
        assert body["results"] == whole[offset : offset + 6], (path, offset)
        assert body["count"] == n
    last = client.get(_url(path, limit=6, offset=0)).json()["last"]
    assert "offset=" in last and client.get(last).json()["results"] == whole[(n - 1) // 6 * 6 :]


def test_a_cursor_not_given_by_us_is_a_404_with_the_error_shape(head):
    for cursor in ("nonsense", "eyJwIjpbMV19", "eyJwIjpbIngiLCJ5Il19"):
        response = head.get(_url("/certificates/", cursor=cursor))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", LISTS)
def test_offset_stops_at_its_limit_and_the_links_go_on_by_cursor(path, head, settings):
    whole = _everything(head, path)
    n = len(whole)
    settings.API_MAX_OFFSET = 6
    refused = head.get(_url(path, limit=3, offset=7))
    assert refused.status_code == 400
    assert "at most 6" in refused.json()["error"]["fields"]["offset"][0]
    page = head.get(_url(path, limit=3, offset=6)).json()
    assert page["results"] == whole[6:9] and page["count"] == n
    assert "cursor=" in page["next"] and "offset=" not in page["next"]
    assert page["results"] + _walk(head, page["next"], "next") == whole[6:]
    last = head.get(_url(path, limit=3, offset=0)).json()["last"]
    assert "cursor=" in last and head.get(last).json()["results"] == whole[-3:]
