"""The lists' own search boxes by words (certificates/search.py `list_lookups`): a word found a few
times is read by id from the word index; a word found everywhere is tested on each row, so the
list's order walks its index and stops at a page; the API, which counts every row, reads it
whole. Each route finds what the others do, in scope; a list searched by words counts up to
WORD_COUNT_CAP."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.urls import reverse

from icportal.certificates import search
from icportal.certificates.models import Item
from icportal.certificates.selectors import application_list, certificate_list
from tests import factories
from tests.certificates import factories as f
from tests.reports import factories as rf

pytestmark = pytest.mark.django_db

# LISTED_IDS for each route: 0 makes every word one "found everywhere".
ROUTES = {"by id": 2000, "on each row": 0}


@pytest.fixture
def lists():
    _, user, officer, epc = rf.firm("CHN")
    _, other_user, _, other_epc = rf.firm("CHN")
    _, far_user, far_officer, far_epc = rf.firm("DEL")
    made = {
        "own zeta": f.submitted_application(user, epc, supplier_name="Zeta Tools Ltd"),
        "own zeta rivets": f.submitted_application(user, epc, supplier_name="Alpha Trims Co"),
        "own alpha": f.submitted_application(user, epc, supplier_name="Alpha Trims Co"),
        "other zeta": f.submitted_application(other_user, other_epc, supplier_name="Zeta Tools"),
        "far zeta": f.submitted_application(far_user, far_epc, supplier_name="Zeta Tools Ltd"),
    }
    # Found by an item's words, not its supplier (the FTS5 triggers follow an update).
    Item.objects.filter(application=made["own zeta rivets"]).update(description="Zeta rivets")
    ics = {
        "own zeta": rf.certificate(user, officer, epc, upload=False, supplier_name="Zeta Tools"),
        "far zeta": rf.certificate(
            far_user, far_officer, far_epc, upload=False, supplier_name="Zeta Tools Ltd"
        ),
        "own alpha": rf.certificate(user, officer, epc, upload=False, supplier_name="Alpha Ltd"),
    }
    return {
        "member": user,
        "staff": factories.staff_user("CHN"),
        "head": factories.head_office_user(),
        "applications": {key: a.pk for key, a in made.items()},
        "ics": {key: ic.pk for key, ic in ics.items()},
    }


# What each reader finds by "zeta" (applications made here; the ICs' own applications aside).
FOUND = {
    "member": {"own zeta", "own zeta rivets"},
    "staff": {"own zeta", "own zeta rivets", "other zeta"},
    "head": {"own zeta", "own zeta rivets", "other zeta", "far zeta"},
}
FOUND_ICS = {"member": {"own zeta"}, "staff": {"own zeta"}, "head": {"own zeta", "far zeta"}}


@pytest.mark.parametrize("counted", [False, True], ids=["page", "counted (API)"])
@pytest.mark.parametrize("listed", ROUTES.values(), ids=ROUTES.keys())
def test_every_route_finds_the_same_rows_in_scope(lists, monkeypatch, listed, counted):
    monkeypatch.setattr(search, "LISTED_IDS", listed)
    made = {pk: key for key, pk in lists["applications"].items()}
    ics = {pk: key for key, pk in lists["ics"].items()}
    for who in ("member", "staff", "head"):
        user = lists[who]
        found = application_list(user=user, filters={"q": "Zeta"}, counted=counted)
        keys = {made.get(pk, "an IC's") for pk in found.values_list("pk", flat=True)}
        assert keys == FOUND[who] | ({"an IC's"} if FOUND_ICS[who] else set()), who
        found = certificate_list(user=user, filters={"q": "zeta tools"}, counted=counted)
        assert {ics[pk] for pk in found.values_list("pk", flat=True)} == FOUND_ICS[who], who
        # An HS code's start finds every item under it (all of these are 8308 90 11).
        assert application_list(user=user, filters={"q": "830890"}, counted=counted).count() == (
            application_list(user=user).count()
        )


def test_a_word_found_everywhere_is_tested_row_by_row_not_read_whole(lists, monkeypatch):
    monkeypatch.setattr(search, "LISTED_IDS", 0)
    found = application_list(user=lists["staff"], filters={"q": "zeta"}).order_by("-created_at")
    sql, params = found[:25].query.sql_with_params()
    assert "EXISTS" in sql  # the items of each row, by key
    if connection.vendor == "postgresql":
        # A hashed subplan would read every item the word finds (70,000 at 1M ICs) first. Made
        # as tempting as at a million rows: each item look-up by key priced as a scan of them all.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "hashed SubPlan" not in plan, plan


def test_lists_searched_by_words_count_up_to_the_word_cap(client, lists, monkeypatch):
    monkeypatch.setattr(search, "WORD_COUNT_CAP", 1)
    client.force_login(lists["staff"])
    page = client.get(reverse("certificates:queue"), {"status": "all", "q": "zeta"}).context["page"]
    assert (page.paginator.count, page.paginator.more) == (1, True)
    iec = lists["member"].member.iec  # not words: counted to 10,000
    page = client.get(reverse("certificates:queue"), {"status": "all", "q": iec}).context["page"]
    assert (page.paginator.count, page.paginator.more) == (5, False)
    client.force_login(lists["member"])
    page = client.get(reverse("certificates:mine"), {"q": "zeta"}).context["page"]
    assert (page.paginator.count, page.paginator.more) == (1, True)
    page = client.get(reverse("certificates:mine"), {"q": iec}).context["page"]
    assert (page.paginator.count, page.paginator.more) == (5, False)
