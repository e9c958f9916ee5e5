"""Search by what people remember (issue 17 §4): a supplier's name or part of it, an item's words,
an HS code, a firm's name or city, an IC number without its leading zeros, the start of an IRN,
a complaint — on SQLite (FTS5) and PostgreSQL (trigram and full-text indexes), never across scope."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.urls import reverse

from icportal.certificates import services
from icportal.certificates.models import Application, Item
from icportal.common.search import matching, words
from icportal.complaints import services as complaint_services
from icportal.members.models import Member
from icportal.reports.search_selectors import NAME, TEXT, classify
from tests import factories
from tests.certificates import factories as f
from tests.reports import factories as rf

pytestmark = pytest.mark.django_db


@dataclass
class Firm:
    member: object
    user: object
    officer: object
    ic: object
    complaint: object
    supplier: str
    item: str
    hs_code: str
    city: str
    irn: str

    def terms(self) -> dict[str, str]:
        serial = int(self.ic.number.rsplit("/", 1)[1])
        return {
            "supplier, first word": self.supplier.split()[0],
            "supplier, part of a word, lower case": self.supplier.split()[1][2:8].lower(),
            "supplier, words in another order": " ".join(reversed(self.supplier.split()[:2])),
            "item description word": self.item.split()[0],
            "item words with a two-letter word": f"{self.item.split()[1]} {self.item.split()[2]}",
            "HS code": self.hs_code,
            "HS code heading": self.hs_code[:4],
            "IC number without leading zeros": f"{self.ic.number.rsplit('/', 1)[0]}/{serial}",
            "start of the IRN": self.irn[:12],
            "complaint reference": self.complaint.reference,
            "firm name, part": self.member.legal_name.split()[0][1:],
            "city": self.city.lower(),
        }


# A member does not search firms by name or city (a firm's name finds its own complaints, though).
STAFF_ONLY = {"city"}

FIRMS = {
    "a": ("CHN", "Bavaria Lederwerke GmbH", "Chromeless PU coated leather", "41071100", "Ambur"),
    "b": ("CHN", "Saigon Rubber Soles JSC", "Vulcanised TPR soles", "64062000", "Vaniyambadi"),
    "c": ("DEL", "Milano Fibbie Srl", "Zamak buckles nickel free", "83089011", "Agra"),
}


def _firm(key: str) -> Firm:
    office, supplier, item, hs_code, city = FIRMS[key]
    name = {"a": "Tannery Kamal Pvt Ltd", "b": "Soleworks Hasan Pvt Ltd", "c": "Mughal Saddles"}
    member, user, officer, epc = rf.firm(office, legal_name=name[key], city=city)
    ic = rf.certificate(user, officer, epc, supplier_name=supplier)
    # The item's words, written as any writer does (SQLite's triggers keep the FTS5 table in step).
    Item.objects.filter(application=ic.application).update(description=item, hs_code=hs_code)
    irn = f"SBXI{key.upper()}{ic.pk:06d}Q7"
    ic.uploads.update(irn=irn)
    complaint = complaint_services.complaint_file(by=user, certificate=ic, data=rf.quoted(ic))
    return Firm(member, user, officer, ic, complaint, supplier, item, hs_code, city, irn)


@pytest.fixture
def world():
    return {key: _firm(key) for key in FIRMS}


def _results(client, user, term):
    client.force_login(user)
    response = client.get(reverse("search:search"), {"q": term})
    if response.status_code == 302:  # a whole IC number opens the IC
        return response.url
    assert response.status_code == 200
    return response.context["results"]


def _found(client, user, term) -> set[int]:
    results = _results(client, user, term)
    if isinstance(results, str):
        slug = results.rstrip("/").split("/")[-1]
        return {rf.certificate_member(slug)}
    found = {c.member_id for c in results.certificates.rows}
    found |= {a.member_id for a in results.applications.rows}
    found |= {u.certificate.member_id for u in results.uploads.rows}
    found |= {m.pk for m in results.members.rows}
    found |= {c.member_id for c in results.complaints.rows}
    return found


def _check(client, user, world, visible: set[str], staff: bool):
    allowed = {world[key].member.pk for key in visible}
    for key, firm in world.items():
        for kind, term in firm.terms().items():
            found = _found(client, user, term)
            may_see = key in visible and (staff or kind not in STAFF_ONLY)
            assert (firm.member.pk in found) == may_see, (key, kind, term, found)
            assert found <= allowed, (key, kind, term, found)


def test_a_member_finds_its_own_ics_by_what_it_remembers_and_never_another_firms(client, world):
    _check(client, world["a"].user, world, {"a"}, staff=False)


def test_staff_find_their_offices_records_by_words_and_never_another_offices(client, world):
    _check(client, factories.staff_user("CHN"), world, {"a", "b"}, staff=True)
    _check(client, factories.staff_user("DEL"), world, {"c"}, staff=True)


def test_head_office_finds_every_office_by_words(client, world):
    _check(client, factories.head_office_user(), world, {"a", "b", "c"}, staff=True)


def test_a_supplier_search_lists_the_ic_and_its_application_with_the_supplier(client, world):
    firm = world["a"]
    results = _results(client, factories.staff_user("CHN"), "lederwerke")
    assert [c.pk for c in results.certificates.rows] == [firm.ic.pk]
    assert [a.pk for a in results.applications.rows] == [firm.ic.application_id]
    assert "supplier, item description or HS code" in results.searched_as
    page = client.get(reverse("search:search"), {"q": "lederwerke"}).content.decode()
    assert "Bavaria Lederwerke GmbH" in page


def test_an_ic_number_without_its_leading_zeros_opens_the_ic(client, world):
    ic = world["a"].ic
    serial = int(ic.number.rsplit("/", 1)[1])
    short = f"{ic.number.rsplit('/', 1)[0]}/{serial}".lower()
    assert classify(short).reference == ic.number
    client.force_login(world["a"].user)
    response = client.get(reverse("search:search"), {"q": short})
    assert response.status_code == 302
    assert response.url == reverse("certificates:certificate", args=[ic.slug])


def test_words_are_kept_in_step_when_the_supplier_is_changed_through_the_service(client):
    member, user, _officer, epc = rf.firm("CHN")
    app = services.application_create(by=user, member=member, epc=epc)
    services.application_save(
        by=user, application=app, header=f.header(supplier_name="Lisboa Couros Lda"), items=None
    )
    assert [a.pk for a in _results(client, user, "couros").applications.rows] == [app.pk]
    app.refresh_from_db()
    services.application_save(
        by=user, application=app, header=f.header(supplier_name="Porto Solas Lda"), items=None
    )
    assert _results(client, user, "couros").applications.rows == []
    assert [a.pk for a in _results(client, user, "solas").applications.rows] == [app.pk]


def test_a_deleted_row_leaves_the_index(world):
    firm = world["b"]
    assert matching(Item.objects.all(), fields=["description"], text="vulcanised").exists()
    Item.objects.filter(application=firm.ic.application).delete()
    assert not matching(Item.objects.all(), fields=["description"], text="vulcanised").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme  Steel-works", ["steel", "works", "acme"]),
        ("  ", []),
        ("pu PU coated", ["coated", "pu"]),
    ],
)
def test_words_are_split_lowered_and_longest_first(text, expected):
    assert words(text) == expected


def test_letters_are_searched_as_names_and_words_and_hs_codes_as_words():
    assert {NAME, TEXT} <= classify("Bavaria").kinds
    assert TEXT in classify("4107").kinds


def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask for the index
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("model", "field", "index"),
    [
        (Application, "supplier_name", "app_supplier"),
        (Item, "description", "item_description"),
        (Member, "city", "member_city"),
    ],
)
@pytest.mark.parametrize(("word", "kind"), [("lederwerk", "trgm"), ("pu", "fts")])
def test_word_lookups_read_their_index(world, model, field, index, word, kind):
    """What keeps a search fast at a million ICs: the index, never a scan of the table."""
    found = matching(model.objects.order_by(), fields=[field], text=word)  # as in a subquery
    sql, params = found.query.sql_with_params()
    plan = _plan(sql, params)
    if connection.vendor == "postgresql":
        assert f"{index}_{kind}" in plan, plan
    elif kind == "trgm":
        assert "VIRTUAL TABLE INDEX" in plan, plan  # the FTS5 table answers MATCH
