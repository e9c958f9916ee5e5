"""Every IC and entitlement endpoint is scoped: another firm or office gets 404, a member 403 on staff work.

One firm's records are probed by a member user of another firm and by staff of another office
(404, nothing changes), and by the firm's own member user on staff actions (403, nothing changes).
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from icportal.certificates import services
from icportal.certificates.models import Application, AssessedBoe, ImportCertificate, UrgentRequest
from icportal.entitlements.models import EntitlementAccount, Epc, LedgerEntry, SegmentGroup
from icportal.entitlements.services import epc_submit
from tests import factories
from tests.certificates import factories as f
from tests.certificates.api_support import API, client_for, header_json, item_json

pytestmark = pytest.mark.django_db


def _pdf():
    return SimpleUploadedFile("x.pdf", f.PDF, content_type="application/pdf")


BODIES = {
    "put": lambda w: {**header_json(), "items": [item_json()], "version": w.app.version},
    "attach": lambda w: {"kind": "invoice", "file": _pdf()},
    "reply": lambda w: {"reply": "Here it is"},
    "question": lambda w: {"question": "Why?"},
    "reason": lambda w: {"reason": "Because"},
    "charge": lambda w: {"receipt_no": "R-1"},
    "replace": lambda w: {**header_json(), "items": [item_json()], "reason": "Fix"},
    "boe": lambda w: {
        "boe_no": "4567890",
        "boe_date": w.certificate.issued_at.date().isoformat(),
        "port_code": "INMAA1",
        "assessed_value": "1000.00",
        "assessed_copy": _pdf(),
    },
    "review": lambda w: {"post_adjustment": True},
}

APP = "/ic-applications/{app}"
CERT = "/certificates/{certificate}"
# (method, url, body, staff only?)
PROBES = [
    ("get", f"{APP}/", None, False),
    ("put", f"{APP}/", "put", False),
    ("post", f"{APP}/attachments/", "attach", False),
    ("post", f"{APP}/submit/", None, False),
    ("post", f"{APP}/reply/", "reply", False),
    ("post", f"{APP}/withdraw/", None, False),
    ("post", f"{APP}/clone/", None, False),
    ("post", f"{APP}/assign/", None, True),
    ("post", f"{APP}/query/", "question", True),
    ("post", f"{APP}/reject/", "reason", True),
    ("post", f"{APP}/charge/", "charge", True),
    ("post", f"{APP}/issue/", None, True),
    ("post", f"{APP}/urgent/", "reason", True),
    ("post", "/urgent-requests/{urgent}/approve/", None, True),
    ("post", "/urgent-requests/{urgent}/decline/", "reason", True),
    ("get", f"{CERT}/", None, False),
    ("post", f"{CERT}/cancel/", "reason", True),
    ("post", f"{CERT}/replace/", "replace", True),
    ("post", "/certificates/{reported}/assessed-boe/", "boe", False),
    ("post", "/assessed-boes/{boe}/review/", "review", True),
    ("get", "/epcs/{epc}/", None, False),
    ("post", "/epcs/{pending_epc}/approve/", None, True),
    ("post", "/epcs/{pending_epc}/return/", "reason", True),
    ("get", "/entitlements/{account}/ledger/", None, False),
]
LISTS = [
    "/ic-applications/",
    "/certificates/",
    "/epcs/",
    "/entitlements/",
    "/assessed-boes/",
    "/assessed-boes/overdue/",
]


@pytest.fixture
def world():
    """Firm A (Chennai) with one of everything."""
    member, user, officer, epc = f.ready()
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    reported = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    boe = services.boe_report(
        by=user,
        certificate=reported,
        boe_no="4567890",
        boe_date=reported.issued_at.date(),
        port_code="INMAA1",
        assessed_value="1100",
        assessed_copy=_pdf(),
    )
    app = f.submitted_application(user, epc)
    urgent = services.urgent_request(by=officer, application=app, reason="Goods at port")
    member.segments.add(*SegmentGroup.objects.get(code="GARMENTS").segments.all())
    pending_epc = epc_submit(
        by=user,
        member=member,
        financial_year_of_entitlement=epc.financial_year,
        segment_group=SegmentGroup.objects.get(code="GARMENTS"),
        fob_lines={"LG": "100000"},
        ca_certificate=_pdf(),
    )
    return SimpleNamespace(
        member=member,
        user=user,
        officer=officer,
        app=app,
        certificate=certificate,
        reported=reported,
        ids={
            "app": app.slug,
            "certificate": certificate.slug,
            "reported": reported.slug,
            "urgent": urgent.pk,
            "boe": boe.pk,
            "epc": epc.pk,
            "pending_epc": pending_epc.pk,
            "account": EntitlementAccount.objects.get(
                member=member, segment_group=epc.segment_group
            ).pk,
        },
    )


def _state():
    return (
        sorted(Application.objects.values_list("reference", "status", "version", "assigned_to")),
        sorted(ImportCertificate.objects.values_list("number", "status")),
        sorted(Epc.objects.values_list("pk", "status")),
        LedgerEntry.objects.count(),
        sorted(UrgentRequest.objects.values_list("pk", "status")),
        sorted(AssessedBoe.objects.values_list("pk", "reviewed_at")),
    )


def _call(client, world, method, url, body):
    data = BODIES[body](world) if body else {}
    fmt = "multipart" if body in ("attach", "boe") else "json"
    return getattr(client, method)(f"{API}{url.format(**world.ids)}", data, format=fmt)


OUTSIDERS = {
    "member of another firm": lambda: factories.member_user(),
    "staff of another office": lambda: factories.staff_user("DEL"),
}


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(("method", "url", "body", "_staff_only"), PROBES)
def test_another_firm_or_office_gets_404_and_changes_nothing(
    world, who, method, url, body, _staff_only
):
    client = client_for(OUTSIDERS[who]())
    before = _state()
    response = _call(client, world, method, url, body)
    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] == "not_found"
    assert _state() == before


@pytest.mark.parametrize(
    ("method", "url", "body"), [(m, u, b) for m, u, b, staff_only in PROBES if staff_only]
)
def test_the_member_gets_403_on_staff_actions_on_its_own_records(world, method, url, body):
    client = client_for(world.user)
    before = _state()
    response = _call(client, world, method, url, body)
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "permission_denied"
    assert _state() == before


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("url", LISTS)
def test_lists_hold_nothing_of_another_firm_or_office(world, who, url):
    body = client_for(OUTSIDERS[who]()).get(f"{API}{url}").json()
    assert body["count"] == 0 and body["results"] == []


@pytest.mark.parametrize("url", LISTS[:5])
def test_the_firm_its_office_and_head_office_see_the_records(world, url):
    for user in (world.user, world.officer, factories.head_office_user()):
        assert client_for(user).get(f"{API}{url}").json()["count"] >= 1, (user, url)


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/scheme/versions/", {"effective_from": "2027-04-01"}),
        ("post", "/eligible-items/", {"segment_group": "OTHERS", "name": "Tacks"}),
        ("put", "/eligible-items/1/", {"segment_group": "OTHERS", "name": "Tacks"}),
    ],
)
def test_scheme_and_catalogue_changes_are_head_office_only(world, method, url, body):
    full = {
        "notification_number": "1/2027-Customs",
        "ic_document_type_code": "CLEIC2",
        "rates": {"GARMENTS": "3.00", "OTHERS": "5.00"},
        **body,
    }
    for user in (world.user, world.officer):
        response = getattr(client_for(user), method)(f"{API}{url}", full, format="json")
        assert response.status_code == 403, (user, response.content)


def test_anonymous_and_bad_tokens_are_401(world, api):
    assert api.get(f"{API}/ic-applications/").status_code in (401, 403)
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get(f"{API}/certificates/{world.certificate.slug}/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
