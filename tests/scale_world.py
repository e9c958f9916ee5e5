"""A small world built by the generator, and a way to grow it, for the query-count tests.

`build` makes a few firms over five years, then gives one firm (M) a handful of ICs of every kind
this year, applications in every state, complaints, copy requests, API tokens, colleagues and a
manual upload batch. `grow` adds firms and triples what M and its office have.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.generate import generate
from bench.scale.more import issue_more

from icportal.accounts.models import Role, User
from icportal.accounts.services import api_token_create, user_invite
from icportal.certificates.models import Application, ImportCertificate
from icportal.complaints import services as complaints
from icportal.dispatch import services as dispatch
from icportal.dispatch.models import CopyRequest
from icportal.entitlements.models import EntitlementAccount, Epc
from icportal.esanchit.models import Batch, Upload
from icportal.members.models import Member
from icportal.notifications.models import Email
from tests.complaints.factories import fake_icegate, quoted


@dataclass
class World:
    member: Member
    member_user: User
    staff: User
    head: User
    monkeypatch: object
    round: int = 0
    ids: dict = field(default_factory=dict)

    def user(self, who: str) -> User:
        return {"member": self.member_user, "staff": self.staff, "head": self.head}[who]


def _extras(world: World, n: int) -> None:
    """n complaints, n copy requests (some decided), n tokens, n colleagues, one manual batch."""
    world.round += 1
    member, user, staff = world.member, world.member_user, world.staff
    taken = set(CopyRequest.objects.values_list("certificate_id", flat=True))
    uploads = list(
        Upload.objects.filter(
            certificate__member=member, certificate__status="issued", status="accepted"
        )
        .exclude(certificate_id__in=taken)
        .select_related("certificate")
        .order_by("pk")[: 2 * n]
    )
    fake_icegate(world.monkeypatch)
    for upload in uploads[:n]:
        complaints.complaint_file(
            by=user,
            certificate=upload.certificate,
            data=quoted(upload.certificate, irn=upload.irn, drn=upload.drn),
        )
    for i, upload in enumerate(uploads[n:]):
        request = dispatch.copy_request_create(
            by=user, certificate=upload.certificate, reason="customs_problem"
        )
        if i % 2:
            dispatch.copy_request_approve(by=staff, request=request)
    for i in range(n):
        api_token_create(user=user, name=f"Broker {world.round}-{i}")
        user_invite(
            by=staff,
            email=f"colleague{world.round}-{i}@{member.pk}.example",
            full_name=f"Colleague {world.round}-{i}",
            role=Role.MEMBER,
            member=member,
        )
    batch = Batch.objects.create(office_id=member.office_id, created_by=staff)
    Upload.objects.filter(pk__in=[u.pk for u in uploads[:n]]).update(batch=batch, mode="manual")


def build(monkeypatch) -> World:
    summary = generate(members=3, ics=6, years=5, seed=5, log=lambda *_: None)
    user = User.objects.get(email=summary.logins[0][1])
    member = user.member
    staff = User.objects.get(
        email=f"{member.office.code.lower()}.scrutiny@bench.leatherindia.example"
    )
    head = User.objects.get(email=summary.logins[3][1])
    world = World(member, user, staff, head, monkeypatch)
    issue_more(member=member, ics=7, open_apps=5, seed=1)
    _extras(world, 2)
    return world


def grow(world: World) -> None:
    generate(members=6, ics=12, years=5, seed=6, log=lambda *_: None, add=True)
    issue_more(member=world.member, ics=20, open_apps=10, seed=2)
    _extras(world, 4)


def urls_for(world: World) -> dict[str, str]:
    """The values list URLs need, taken from M's data (the same URLs before and after growing)."""
    member = world.member
    ic = ImportCertificate.objects.filter(member=member).order_by("pk").first()
    app = Application.objects.filter(member=member, status="submitted").order_by("pk").first()
    account = EntitlementAccount.objects.filter(member=member).order_by("-financial_year").first()
    return {
        "iec": member.iec,
        "ic": ic.slug,
        "ic_number": ic.number,
        "app": app.slug,
        "account": account.pk,
        "epc": Epc.objects.filter(member=member).order_by("pk").first().pk,
        "batch": Batch.objects.filter(office_id=member.office_id).order_by("pk").first().pk,
        "complaint": member_complaint(member),
        "copy": CopyRequest.objects.filter(member=member).order_by("pk").first().slug,
        "email": Email.objects.filter(member=member).order_by("pk").first().pk,
        "name": member.legal_name.split()[0],
    }


def member_complaint(member) -> str:
    from icportal.complaints.models import Complaint

    return Complaint.objects.filter(member=member).order_by("pk").first().slug
