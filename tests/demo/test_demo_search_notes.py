"""The demo shows a found-by-supplier search and an application with internal notes (issue 17 §4;
the term is in docs/guide-staff.md)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from icportal.accounts.models import User
from icportal.certificates.models import ApplicationNote

pytestmark = pytest.mark.django_db


def test_the_demo_finds_ics_by_supplier_and_has_internal_notes(client, demo_var):
    call_command("demo_data")
    staff = User.objects.get(email="staff.chn@cle.example")
    client.force_login(staff)
    results = client.get(reverse("search:search"), {"q": "ykk italia"}).context["results"]
    assert results.certificates.rows
    assert {c.application.supplier_name for c in results.certificates.rows} == {"YKK Italia S.p.A."}
    noted = set(ApplicationNote.objects.values_list("application__reference", flat=True))
    assert len(noted) == 1 and ApplicationNote.objects.count() == 2
    reference = noted.pop()
    page = client.get(reverse("certificates:application", args=[reference.replace("/", "-")]))
    assert "supplier&#x27;s signed invoice for the eyelets" in page.content.decode()
