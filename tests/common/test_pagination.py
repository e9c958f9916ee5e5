"""CountedPaginator: a deep page (ids read first) shows the same rows as a plain Paginator's."""

import pytest
from bench.generate import generate
from django.core.paginator import Paginator

from icportal.certificates.models import Application
from icportal.common.pagination import IDS_FIRST_FROM, CountedPaginator

pytestmark = pytest.mark.django_db


def test_every_page_deep_or_not_holds_the_rows_a_plain_paginator_gives():
    generate(members=10, ics=150, years=2, seed=3, log=lambda *_: None)
    applications = Application.objects.select_related("member").order_by("-submitted_at", "pk")
    plain = Paginator(applications, 7, orphans=2)
    counted = CountedPaginator(applications, 7, orphans=2, cap=10_000)
    assert counted.count == plain.count > IDS_FIRST_FROM + 7
    for number in plain.page_range:
        expected = [(a.pk, a.member.legal_name) for a in plain.page(number)]
        assert [(a.pk, a.member.legal_name) for a in counted.page(number)] == expected, number
    assert counted.get_page(10**6).number == plain.num_pages  # "the last page" in a link


def test_a_capped_list_stops_at_the_cap_and_its_last_page_is_full():
    generate(members=10, ics=150, years=2, seed=3, log=lambda *_: None)
    applications = Application.objects.order_by("-created_at", "pk")
    counted = CountedPaginator(applications, 10, cap=120)
    assert counted.count == 120 and counted.more
    last = counted.get_page(10**6)
    assert last.number == 12
    expected = list(applications.values_list("pk", flat=True)[110:120])
    assert [a.pk for a in last] == expected
