"""One search box: what each kind of term finds, scoping by role for every kind, the exact-IC
redirect, friendly messages, limits with links to the full lists, and constant query counts."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from icportal.certificates import services
from icportal.certificates.models import Application
from icportal.common.dates import ist_today
from icportal.reports import search_selectors
from icportal.reports.search_selectors import (
    BOE,
    GSTIN,
    IEC,
    INVOICE,
    IRN_DRN,
    NAME,
    REFERENCE,
    TEXT,
    classify,
)
from tests import factories
from tests.certificates import factories as f
from tests.reports import factories as rf

pytestmark = pytest.mark.django_db
_boe_numbers = itertools.count(4100001)


@dataclass
class Firm:
    member: object
    user: object
    officer: object
    epc: object
    uploaded: object  # IC with IRN/DRN, invoice and Bill of Entry on the application
    reported: object  # IC with an assessed Bill of Entry reported

    def terms(self) -> dict[str, str]:
        upload = self.uploaded.uploads.get()
        return {
            "IC number": self.uploaded.number,
            "IC number as in the address": self.uploaded.slug,
            "start of the IC number": self.uploaded.number[:-2],
            "IC number in lower case": self.reported.number.lower(),
            "application reference": self.uploaded.application.reference,
            "IEC": self.member.iec,
            "IEC in lower case with spaces": f" {self.member.iec.lower()} ",
            "GSTIN": self.member.primary_gstin,
            "IRN": upload.irn,
            "DRN in lower case": upload.drn.lower(),
            "invoice number": self.uploaded.application.invoice_no,
            "Bill of Entry on the application": self.uploaded.application.boe_no,
            "assessed Bill of Entry": self.reported.assessed_boe.boe_no,
            "member name": self.member.legal_name.split(" Pvt")[0],
        }


def _firm(office="CHN", name=None) -> Firm:
    fields = {"legal_name": name} if name else {}
    member, user, officer, epc = rf.firm(office, **fields)
    uploaded = rf.certificate(
        user,
        officer,
        epc,
        invoice_no=f"INV/{member.iec[-5:]}/42",
        boe_no=str(next(_boe_numbers)),
        boe_date=ist_today() - dt.timedelta(days=1),
    )
    reported = rf.certificate(
        user, officer, epc, upload=False, invoice_no=f"INV/{member.iec[-5:]}/43"
    )
    services.boe_report(
        by=user,
        certificate=reported,
        boe_no=str(next(_boe_numbers)),
        boe_date=ist_today(),
        port_code="INMAA1",
        assessed_value="1000",
        assessed_copy=f.pdf(),
    )
    reported.refresh_from_db()
    return Firm(member, user, officer, epc, uploaded, reported)


@pytest.fixture
def world():
    """Two firms of Chennai and one of Delhi."""
    return {
        "a": _firm("CHN", "Ambur Tanners Pvt Ltd"),
        "b": _firm("CHN", "Ranipet Leathers Pvt Ltd"),
        "c": _firm("DEL", "Kanpur Saddlery Pvt Ltd"),
    }


def _search(client, user, term):
    client.force_login(user)
    return client.get(reverse("search:search"), {"q": term})


def _found_members(client, user, term) -> set[int]:
    """The firms whose records the search shows (or opens, for a whole IC number)."""
    response = _search(client, user, term)
    if response.status_code == 302:
        slug = response.url.rstrip("/").split("/")[-1]
        return {rf.certificate_member(slug)}
    assert response.status_code == 200
    results = response.context["results"]
    found = {c.member_id for c in results.certificates.rows}
    found |= {a.member_id for a in results.applications.rows}
    found |= {u.certificate.member_id for u in results.uploads.rows}
    found |= {m.pk for m in results.members.rows}
    return found


def _check_scoping(client, user, world, visible: set[str], names_searched: bool):
    allowed = {world[key].member.pk for key in visible}
    for key, firm in world.items():
        for kind, term in firm.terms().items():
            found = _found_members(client, user, term)
            may_see = key in visible and (kind != "member name" or names_searched)
            assert (firm.member.pk in found) == may_see, (key, kind, term, found)
            assert found <= allowed, (key, kind, term, found)


def test_a_member_finds_its_own_records_by_every_kind_of_term_and_never_another_firms(
    client, world
):
    _check_scoping(client, world["a"].user, world, {"a"}, names_searched=False)


def test_staff_find_their_offices_firms_by_every_kind_of_term_and_not_other_offices(client, world):
    _check_scoping(client, factories.staff_user("CHN"), world, {"a", "b"}, names_searched=True)


def test_head_office_finds_every_office(client, world):
    _check_scoping(client, factories.head_office_user(), world, {"a", "b", "c"}, True)


@pytest.mark.parametrize(
    ("term", "kinds"),
    [
        ("CLE/CHN/IC/2026-27/000123", {REFERENCE}),
        ("cle-chn-ic-2026-27-000123", {REFERENCE}),
        ("AAACC1234D", {IEC}),
        ("0123456789", {IEC, IRN_DRN, INVOICE}),
        ("33AAACC1234D1ZJ", {GSTIN}),
        ("SBXI20260314K7Q2M9X4TB", {IRN_DRN, INVOICE, NAME}),
        ("4567890", {BOE, IRN_DRN, INVOICE, TEXT}),  # may be an HS code too
        ("INV/2026/0042", {INVOICE, NAME, TEXT}),
        ("Ambur Tanners", {NAME, TEXT}),
        ("ab", set()),
        ("   ", set()),
    ],
)
def test_terms_are_classified_so_only_fitting_lookups_run(term, kinds):
    assert classify(term).kinds == kinds


def test_a_whole_ic_number_opens_the_ic_and_says_so(client, world):
    ic = world["a"].uploaded
    response = _search(client, world["a"].user, ic.slug)
    assert response.status_code == 302
    assert response.url == reverse("certificates:certificate", args=[ic.slug])
    page = client.get(response.url).content.decode()
    assert f"IC {ic.number} is the one with that number" in page


def test_another_firms_ic_number_finds_nothing_for_a_member(client, world):
    response = _search(client, world["a"].user, world["b"].uploaded.number)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing found for" in text and "Only your firm" in text
    assert world["b"].uploaded.number in text  # only as the term, in the box and the message
    assert 'data-testid="found-certificates"' not in text


def test_irn_shows_the_ic_with_irn_drn_and_uploader_id_to_copy(client, world):
    firm = world["a"]
    upload = firm.uploaded.uploads.get()
    response = _search(client, firm.user, upload.irn)
    text = response.content.decode()
    assert [c.pk for c in response.context["results"].certificates.rows] == [firm.uploaded.pk]
    for value in (upload.irn, upload.drn, firm.uploaded.office.icegate_id):
        assert f'data-copy="{value}"' in text
    assert response.context["search_query"] == upload.irn  # the navbar box keeps the term


def test_an_irn_that_is_another_ics_drn_finds_each_ic_for_who_may_see_it(client, world):
    chennai, delhi = world["a"].uploaded, world["c"].uploaded
    number = chennai.uploads.get().irn
    delhi.uploads.update(drn=number)  # unlikely, but IRN and DRN are each unique on their own
    expected = {
        factories.head_office_user(): {chennai.pk, delhi.pk},
        factories.staff_user("CHN"): {chennai.pk},
        factories.staff_user("DEL"): {delhi.pk},
        world["a"].user: {chennai.pk},
        world["c"].user: {delhi.pk},
        world["b"].user: set(),
    }
    for user, certificates in expected.items():
        results = _search(client, user, number.lower()).context["results"]
        assert {u.certificate_id for u in results.uploads.rows} == certificates, user
        assert {c.pk for c in results.certificates.rows} == certificates, user


def test_irn_and_drn_are_looked_up_each_through_its_own_index(client, world):
    """`irn = X OR drn = X` can use neither index: over a million uploads it read them all."""
    upload = world["a"].uploaded.uploads.get()
    client.force_login(factories.staff_user("CHN"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("search:search"), {"q": upload.drn}).status_code == 200
    lookups = [q["sql"] for q in ctx.captured_queries if '"esanchit_upload"."irn" =' in q["sql"]]
    assert len(lookups) == 1 and " OR " not in lookups[0]
    if connection.vendor == "sqlite":  # its SQL is logged with the values in place
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {lookups[0]}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "(irn=?)" in plan and "(drn=?)" in plan, plan


def test_the_start_of_an_irn_is_read_as_a_range_of_the_irn_index(client, world):
    """Without statistics SQLite took `status = 'accepted'` for the selective term and read every
    accepted upload (340 ms at a million ICs); `likely()` leaves it the IRN range (30 ms)."""
    firm = world["a"]
    upload = firm.uploaded.uploads.get()
    client.force_login(factories.staff_user("CHN"))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("search:search"), {"q": upload.irn[:-3]})
    assert firm.uploaded in response.context["results"].certificates.rows
    ranges = [q["sql"] for q in ctx.captured_queries if '"esanchit_upload"."irn" >=' in q["sql"]]
    assert len(ranges) == 1, ranges
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {ranges[0]}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "upload_accepted_irn_idx (irn>? AND irn<?)" in plan, plan


@pytest.mark.parametrize("limit", [200, 1], ids=["read by id", "too many: scoped queries"])
def test_an_invoice_number_many_firms_use_finds_each_its_own(client, world, monkeypatch, limit):
    """Exact numbers are found council-wide through their own index, then kept if in scope; past
    CANDIDATE_LIMIT matches the scoped queries run instead. Both answer the same."""
    monkeypatch.setattr(search_selectors, "CANDIDATE_LIMIT", limit)
    shared = "INV/2026/0001"
    for firm in world.values():
        Application.objects.filter(pk=firm.uploaded.application_id).update(invoice_no=shared)
    a, b, c = (world[k].uploaded for k in "abc")
    expected = {
        factories.head_office_user(): {a.pk, b.pk, c.pk},
        factories.staff_user("CHN"): {a.pk, b.pk},
        factories.staff_user("DEL"): {c.pk},
        world["a"].user: {a.pk},
        world["c"].user: {c.pk},
    }
    for user, certificates in expected.items():
        results = _search(client, user, shared.lower()).context["results"]
        assert {ic.pk for ic in results.certificates.rows} == certificates, user
        assert {app.certificate.pk for app in results.applications.rows} == certificates, user
        assert results.certificates.searched and results.applications.searched


def test_staff_search_by_iec_finds_the_member_and_its_ics(client, world):
    firm = world["a"]
    response = _search(client, factories.staff_user("CHN"), firm.member.iec)
    results = response.context["results"]
    assert [m.pk for m in results.members.rows] == [firm.member.pk]
    assert {c.pk for c in results.certificates.rows} == {firm.uploaded.pk, firm.reported.pk}
    assert reverse("members:detail", args=[firm.member.iec]) in response.content.decode()


def test_members_never_get_a_members_group(client, world):
    results = _search(client, world["a"].user, world["a"].member.iec).context["results"]
    assert results.members.rows == [] and not results.members.searched


@pytest.mark.parametrize(
    ("term", "message"), [("", "Type what you are looking for"), ("ab", "at least 3 characters")]
)
def test_empty_or_short_terms_get_a_friendly_message(client, term, message):
    response = _search(client, factories.member_user(), term)
    assert response.status_code == 200 and message in response.content.decode()


def test_groups_are_limited_with_a_link_to_the_full_list(client):
    member, user, _officer, epc = rf.firm()
    for _ in range(21):
        rf.draft(user, epc)
    response = _search(client, factories.staff_user("CHN"), member.iec)
    applications = response.context["results"].applications
    assert len(applications.rows) == 20 and applications.more
    full_list = f"{reverse('certificates:queue')}?status=all&amp;q={quote(member.iec)}"
    assert full_list in response.content.decode()

    response = _search(client, user, member.primary_gstin)  # the member's list, by its IEC
    assert f"{reverse('certificates:mine')}?q={member.iec}" in response.content.decode()


COUNTED_TERMS = {
    "member, IRN": ("a", lambda w: w["a"].uploaded.uploads.get().irn),
    "member, start of IC number": ("a", lambda w: w["a"].uploaded.number[:-4]),
    "member, invoice number": ("a", lambda w: w["a"].uploaded.application.invoice_no),
    "staff, IEC": ("staff", lambda w: w["a"].member.iec),
    "staff, Bill of Entry": ("staff", lambda w: w["a"].reported.assessed_boe.boe_no),
    "head office, member name": ("head", lambda w: "Pvt Ltd"),
}


def _counts(client, users, world) -> dict[str, int]:
    counts = {}
    for label, (who, term_of) in COUNTED_TERMS.items():
        client.force_login(users[who])
        url = f"{reverse('search:search')}?q={quote(term_of(world))}"
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[label] = len(ctx.captured_queries)
    return counts


def test_search_costs_the_same_queries_however_much_data_matches(client, world):
    users = {
        "a": world["a"].user,
        "staff": factories.staff_user("CHN"),
        "head": factories.head_office_user(),
    }
    small = _counts(client, users, world)
    firm = world["a"]
    for _ in range(4):  # more ICs of the same firm and office, and more firms
        rf.certificate(firm.user, firm.officer, firm.epc)
        rf.draft(firm.user, firm.epc)
        _firm("CHN")
    assert _counts(client, users, world) == small
    # 16: issue 17 added word lookups (supplier, items: one query each) and the complaints group.
    assert max(small.values()) <= 16, small


def test_a_name_is_searched_as_supplier_and_item_words_for_a_member_and_also_firms_for_staff(
    client, world
):
    response = _search(client, world["a"].user, "Ambur Tanners")
    assert response.context["results"].searched_as == ["supplier, item description or HS code"]
    staff = _search(client, factories.staff_user("CHN"), "Ambur Tanners").context["results"]
    assert staff.searched_as == ["member name or city", "supplier, item description or HS code"]
    assert staff.members.rows


def test_staff_find_a_member_by_its_icegate_id_in_their_office_only(client, world):
    icegate_id = world["a"].member.icegate_registration.icegate_id
    chennai = _search(client, factories.staff_user("CHN"), icegate_id.lower()).context["results"]
    assert [m.pk for m in chennai.members.rows] == [world["a"].member.pk]
    delhi = _search(client, factories.staff_user("DEL"), icegate_id).context["results"]
    assert delhi.members.rows == []
