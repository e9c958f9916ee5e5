"""The three ways a word search reads a list (reports/search_words.py), each giving what a plain
scan of the user's list would: the newest rows (a word that fills the page there), the word index
by id (a word found only further back), and the list's own order (a word found too often)."""

from __future__ import annotations

import pytest

from icportal.certificates.selectors import application_list, applications_by_ids
from icportal.common.search import holds_every_word, words
from icportal.reports.search_words import rows_with_words
from tests.certificates import factories as f
from tests.reports import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists():
    _, user, officer, epc = rf.firm("CHN")
    _, other_user, _, other_epc = rf.firm("CHN")
    _, far_user, _, far_epc = rf.firm("DEL")
    made = {}
    for key, (who, plan, supplier) in {
        "other zeta": (other_user, other_epc, "Zeta Tools Ltd"),
        "far zeta": (far_user, far_epc, "Zeta Tools Ltd"),
        "zeta 1": (user, epc, "Zeta Tools Ltd"),
        "zeta 2": (user, epc, "Zeta Tools Ltd"),
        "alpha 1": (user, epc, "Alpha Trims Co"),
        "alpha 2": (user, epc, "Alpha Trims Co"),
        "alpha 3": (user, epc, "Alpha Trims Co"),
    }.items():
        made[key] = f.submitted_application(who, plan, supplier_name=supplier).pk
    return user, officer, made


def search(user, text, **sizes):
    base = application_list(user=user).order_by("-created_at", "-pk")
    rows, more = rows_with_words(
        base, user=user, text=text, field="pk", by_ids=applications_by_ids, limit=2, **sizes
    )
    return [row.pk for row in rows], more


def scan(user, text) -> list[int]:
    """What the user's list holds with those words, newest first: the answer to compare with."""
    base = application_list(user=user).order_by("-created_at", "-pk")
    return [a.pk for a in base if holds_every_word([a.supplier_name], words(text))]


def test_a_word_that_fills_the_page_among_the_newest_rows_is_read_there(lists):
    user, _, made = lists
    assert search(user, "alpha", window_size=3) == ([made["alpha 3"], made["alpha 2"]], True)
    assert scan(user, "alpha")[:2] == [made["alpha 3"], made["alpha 2"]]


def test_a_word_found_only_further_back_is_read_through_the_index(lists):
    user, officer, made = lists
    assert search(user, "zeta", window_size=3) == ([made["zeta 2"], made["zeta 1"]], False)
    # Staff of the office: the other firm's row too, never the Delhi office's.
    pks, more = search(officer, "zeta", window_size=1)
    assert pks == scan(officer, "zeta")[:2] and more
    assert made["far zeta"] not in scan(officer, "zeta")


def test_a_word_found_more_often_than_the_id_limit_is_read_in_the_lists_order(lists):
    user, officer, made = lists
    assert search(user, "zeta", window_size=3, id_limit=1) == (
        [made["zeta 2"], made["zeta 1"]],
        False,
    )
    pks, _ = search(officer, "zeta tools", window_size=1, id_limit=1)
    assert pks == scan(officer, "zeta tools")[:2]


def test_a_word_found_nowhere_finds_nothing_on_every_path(lists):
    user, _, _ = lists
    for sizes in ({}, {"window_size": 1}, {"window_size": 1, "id_limit": 0}):
        assert search(user, "nowhere", **sizes) == ([], False)
