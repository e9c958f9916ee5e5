"""Done-when: a member user cannot read or change another firm's data through any page or API call.

Every member-related page and endpoint is listed once in PROBES; adding an endpoint means adding a
line there. Each probe runs as a member user of another firm and as staff of another office, and
must answer 403 or 404, leak nothing, and change nothing.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.forms.models import model_to_dict

from icportal.accounts.models import ApiToken, Role
from icportal.accounts.services import api_token_create, user_invite
from icportal.audit.models import AuditEvent
from icportal.members import services
from icportal.members.models import IcegateRegistration, Member
from icportal.notifications.models import Email
from tests import factories
from tests.members.factories import claimed, csv_bytes, import_row, member_fields, token_for


@dataclass(frozen=True)
class Probe:
    method: str
    url: str
    body: str | None = None  # name of a body builder below

    def __str__(self):
        return f"{self.method.upper()} {self.url}"


PAGE_PROBES = [
    Probe("get", "/members/{iec}/"),
    Probe("get", "/members/{iec}/edit/"),
    Probe("post", "/members/{iec}/edit/", "edit_form"),
    Probe("post", "/members/{iec}/icegate/verify/", "verify"),
    Probe("post", "/members/{iec}/icegate/reject/", "reject"),
    Probe("post", "/members/{iec}/invite/", "invite"),
    Probe("get", "/outbox/{email}/"),
    Probe("post", "/outbox/{email}/resend/"),
    Probe("post", "/accounts/tokens/{token}/revoke/"),
]
API_PROBES = [
    Probe("get", "/api/v1/members/{iec}/"),
    Probe("put", "/api/v1/members/{iec}/", "member_json"),
    Probe("get", "/api/v1/members/{iec}/icegate-registration/"),
    Probe("put", "/api/v1/members/{iec}/icegate-registration/", "claim"),
    Probe("post", "/api/v1/members/{iec}/icegate-registration/verify/", "verify"),
    Probe("post", "/api/v1/members/{iec}/icegate-registration/reject/", "reject"),
    Probe("delete", "/api/v1/tokens/{token}/"),
]


def bodies(target: Member) -> dict:
    fields = member_fields(0, legal_name="Taken Over Pvt Ltd")
    fields.update(
        iec=target.iec,
        gstins=[g.gstin for g in target.gstins.all()],
        office_code=target.office.code,
    )
    return {
        None: None,
        "edit_form": {**fields, "gstins": "\n".join(fields["gstins"])},
        "member_json": fields,
        "verify": {"how": "icegate_lookup"},
        "reject": {"reason": "Not found on ICEGATE"},
        "invite": {"full_name": "Intruder", "email": "intruder@elsewhere.example"},
        "claim": {"icegate_id": "HIJACKED1", "method": "simplified", "email": "x@evil.example"},
    }


@pytest.fixture
def world(db):
    """Firm B (Chennai) with a user, a claimed ICEGATE ID, an e-mail and an API token."""
    chennai_staff = factories.staff_user("CHN")
    firm_a, firm_b = factories.MemberFactory(), factories.MemberFactory()
    user_b = factories.member_user(firm_b)
    claimed(firm_b, user_b, "FIRMB2024")
    user_invite(
        by=chennai_staff,
        email="colleague@firm-b.example",
        full_name="Colleague of B",
        role=Role.MEMBER,
        member=firm_b,
    )
    token, _ = api_token_create(user=user_b, name="Broker of B")
    return SimpleNamespace(
        firm_a=firm_a,
        firm_b=firm_b,
        user_a=factories.member_user(firm_a),
        delhi_staff=factories.staff_user("DEL"),
        head=factories.head_office_user(),
        ids={
            "iec": firm_b.iec,
            "email": Email.objects.get(member=firm_b).pk,
            "token": token.pk,
        },
    )


def snapshot(member: Member) -> tuple:
    member = Member.objects.get(pk=member.pk)
    registration = IcegateRegistration.objects.get(member=member)
    return (
        model_to_dict(member, exclude=["segments"]),
        sorted(member.gstins.values_list("gstin", flat=True)),
        model_to_dict(registration),
        sorted(member.users.values_list("email", flat=True)),
        Email.objects.filter(member=member).count(),
        AuditEvent.objects.filter(member=member).count(),
        list(ApiToken.objects.filter(user__member=member).values_list("revoked_at", flat=True)),
    )


OUTSIDERS = ["user_a", "delhi_staff"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("probe", PAGE_PROBES, ids=str)
def test_pages_refuse_other_firms_data(client, world, who, probe):
    client.force_login(getattr(world, who))
    before = snapshot(world.firm_b)
    body = bodies(world.firm_b)[probe.body]
    response = getattr(client, probe.method)(probe.url.format(**world.ids), body)
    assert response.status_code in (403, 404)
    assert world.firm_b.legal_name.encode() not in response.content
    assert snapshot(world.firm_b) == before


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("probe", API_PROBES, ids=str)
def test_api_refuses_other_firms_data(api, world, who, probe):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(getattr(world, who))}")
    before = snapshot(world.firm_b)
    body = bodies(world.firm_b)[probe.body]
    response = getattr(api, probe.method)(probe.url.format(**world.ids), body, format="json")
    assert response.status_code in (403, 404)
    assert world.firm_b.iec.encode() not in response.content
    assert snapshot(world.firm_b) == before


def test_head_office_reaches_every_firm(client, api, world):
    client.force_login(world.head)
    assert client.get(f"/members/{world.firm_b.iec}/").status_code == 200
    assert client.get(f"/outbox/{world.ids['email']}/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world.head)}")
    assert api.get(f"/api/v1/members/{world.firm_b.iec}/").status_code == 200
    delhi_firm = factories.MemberFactory(office=factories.office("DEL"))
    listed = {m["iec"] for m in api.get("/api/v1/members/").json()["results"]}
    assert {world.firm_a.iec, world.firm_b.iec, delhi_firm.iec} <= listed


def test_member_api_list_shows_only_the_own_firm(api, world):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world.user_a)}")
    response = api.get("/api/v1/members/", {"q": world.firm_b.iec})
    assert response.json()["results"] == []
    listed = [m["iec"] for m in api.get("/api/v1/members/").json()["results"]]
    assert listed == [world.firm_a.iec]


@pytest.mark.parametrize("url", ["/members/", "/members/?export=csv", "/members/new/", "/outbox/"])
def test_member_users_cannot_open_staff_pages(client, world, url):
    client.force_login(world.user_a)
    assert client.get(url).status_code == 403


def test_member_user_cannot_create_members_through_the_api(api, world):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world.user_a)}")
    response = api.post("/api/v1/members/", member_fields(7001), format="json")
    assert response.status_code == 403
    assert not Member.objects.filter(iec=member_fields(7001)["iec"]).exists()


def test_own_firm_page_shows_nothing_of_another_firm(client, world):
    client.force_login(world.user_a)
    html = client.get("/members/mine/").content.decode()
    assert world.firm_a.legal_name in html
    assert world.firm_b.legal_name not in html
    assert "FIRMB2024" not in html


def test_delhi_staff_see_only_delhi_members(client, api, world):
    delhi_firm = factories.MemberFactory(office=factories.office("DEL"))
    client.force_login(world.delhi_staff)
    html = client.get("/members/").content.decode()
    assert delhi_firm.legal_name in html
    assert world.firm_b.legal_name not in html
    csv_text = b"".join(client.get("/members/?export=csv").streaming_content).decode()
    assert delhi_firm.iec in csv_text and world.firm_b.iec not in csv_text
    assert world.firm_b.iec not in client.get("/outbox/").content.decode()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world.delhi_staff)}")
    assert [m["iec"] for m in api.get("/api/v1/members/").json()["results"]] == [delhi_firm.iec]


def test_delhi_staff_cannot_create_a_chennai_member(client, api, world):
    fields = member_fields(7002, office_code="CHN")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world.delhi_staff)}")
    assert api.post("/api/v1/members/", fields, format="json").status_code == 403
    client.force_login(world.delhi_staff)
    response = client.post("/members/new/", {**fields, "gstins": fields["gstins"][0]})
    assert response.status_code == 200
    assert response.context["form"].errors["office_code"]
    assert not Member.objects.filter(iec=fields["iec"]).exists()


def test_import_preview_of_another_head_office_user_is_not_found(client, world):
    other_head = factories.head_office_user()
    preview, _ = services.member_import_check(
        by=world.head, filename="m.csv", content=csv_bytes([import_row(7003)])
    )
    client.force_login(other_head)
    assert client.post(f"/members/import/{preview.pk}/confirm/").status_code == 404
    client.force_login(world.user_a)
    assert client.post(f"/members/import/{preview.pk}/confirm/").status_code == 403
    assert not Member.objects.filter(iec=preview.rows[0]["iec"]).exists()


def test_a_member_user_cannot_read_a_colleagues_set_password_mail(client, world):
    colleague_mail = Email.objects.get(to="colleague@firm-b.example")
    user_b = world.firm_b.users.get(email__startswith="user")
    client.force_login(user_b)
    assert client.get(f"/outbox/{colleague_mail.pk}/").status_code == 404
    assert f"/outbox/{colleague_mail.pk}/".encode() not in client.get("/members/mine/").content


def test_staff_cannot_read_a_head_office_admins_password_reset_mail(client, world):
    from icportal.accounts.services import password_reset_request

    password_reset_request(email=world.head.email)
    reset_mail = Email.objects.get(to=world.head.email)
    client.force_login(factories.staff_user("CHN"))
    assert client.get(f"/outbox/{reset_mail.pk}/").status_code == 404
    assert world.head.email.encode() not in client.get("/outbox/").content
