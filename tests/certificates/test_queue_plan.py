"""The office's "All" tab reads its page from an index in the tab's order (office, newest
submitted first): SQLite, given the office's index alone, sorted all its applications for a page
(600 ms at a million ICs)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def test_the_all_tab_reads_its_page_in_order_from_the_office_index(client):
    member, user, _, epc = f.ready()
    application = f.submitted_application(user, epc)
    client.force_login(factories.staff_user(member.office.code))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("certificates:queue"), {"status": "all"})
    assert [a.pk for a in response.context["page"]] == [application.pk]
    pages = [
        q["sql"]
        for q in ctx.captured_queries
        if 'ORDER BY "certificates_application"."submitted_at" DESC' in q["sql"]
    ]
    assert len(pages) == 1, pages
    if connection.vendor == "sqlite":  # its SQL is logged with the values in place
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {pages[0]}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "app_office_submitted_idx" in plan and "TEMP B-TREE" not in plan, plan
