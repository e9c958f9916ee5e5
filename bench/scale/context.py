"""What every generation step shares: reference data seeded by the migrations, staff, time, ids."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from icportal.accounts.models import Role, User
from icportal.common.dates import IST, financial_year
from icportal.common.models import Counter
from icportal.entitlements.models import EligibleItem, SchemeRate, SchemeVersion, SegmentGroup
from icportal.members.models import Segment
from icportal.offices.models import Office

from .writer import Writer, next_ids

PASSWORD = "Bench-Leather-2026"
STAFF_DOMAIN = "bench.leatherindia.example"
DAY = 86_400
IST_OFFSET = 19_800  # seconds


@dataclass
class OfficeRef:
    id: int
    code: str
    name: str
    icegate_id: str
    scrutiny: tuple[int, str]  # (user id, "Name (email)")
    signing: tuple[int, str]


@dataclass
class Scheme:
    id: int
    starts: float  # epoch seconds (IST midnight of effective_from)
    notification_number: str
    notification_serials: str
    document_code: str
    rates: dict[int, str]  # segment group id → percentage text


@dataclass
class Ctx:
    rng: random.Random
    now: float  # epoch seconds
    fys: list[str]  # oldest first, the current one last
    offices: dict[str, OfficeRef]
    groups: dict[str, int]  # code → id
    group_segments: dict[str, list[int]]  # code → segment ids
    items: dict[int, list[tuple[int, str, str]]]  # group id → (item id, name, HS code)
    schemes: list[Scheme]  # oldest first
    password_hash: str
    head_office: tuple[int, str]
    writer: Writer
    council: str = field(default_factory=lambda: settings.COUNCIL_CODE)
    site_url: str = field(default_factory=lambda: settings.SITE_URL.rstrip("/"))
    counters: dict[tuple[int, str, str], int] = field(default_factory=dict)
    ids: dict[type, int] = field(default_factory=dict)

    def take(self, model, n: int = 1) -> int:
        """The next free primary key of `model` (and reserve n of them)."""
        if model not in self.ids:
            self.ids.update(next_ids(model))
        first = self.ids[model]
        self.ids[model] = first + n
        return first

    def scheme_at(self, seconds: float) -> Scheme:
        current = self.schemes[0]
        for scheme in self.schemes:
            if scheme.starts <= seconds:
                current = scheme
        return current

    def next_number(self, office: OfficeRef, fy: str, kind: str) -> tuple[str, int]:
        key = (office.id, fy, kind)
        value = self.counters.get(key, 0) + 1
        self.counters[key] = value
        return f"{self.council}/{office.code}/{kind}/{fy}/{value:06d}", value


def fy_bounds(fy: str) -> tuple[float, float]:
    """IST midnight of 1 April and of the next 1 April, as epoch seconds."""
    start = int(fy[:4])
    first = dt.datetime(start, 4, 1, tzinfo=IST).timestamp()
    end = dt.datetime(start + 1, 4, 1, tzinfo=IST).timestamp()
    return first, end


def ist_day(seconds: float) -> str:
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds + IST_OFFSET)).strftime("%Y%m%d")


def _label(user: User) -> str:
    return f"{user.full_name} ({user.email})"


def _staff(office: Office, role: str, name: str, password_hash: str) -> User:
    email = f"{office.code.lower()}.{role}@{STAFF_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            full_name=name,
            designation="Scrutiny officer" if role == "scrutiny" else "Signing officer",
            role=Role.STAFF,
            office=office,
            password=password_hash,
        )
    return user


def build_context(*, seed: int, years: int, writer: Writer) -> Ctx:
    rng = random.Random(seed)
    now = timezone.now().timestamp()
    current = financial_year()
    first = int(current[:4])
    fys = [financial_year(dt.date(first - back, 6, 1)) for back in range(years - 1, -1, -1)]
    password_hash = make_password(PASSWORD)
    offices = {}
    names = iter(["A. Rahman", "S. Kavitha", "P. Mukherjee", "R. Deshmukh", "V. Tiwari", "N. Saxena",
                  "G. Sandhu", "K. Srinivasan", "M. Kapoor", "D. Bose", "T. Patil", "L. Mishra",
                  "H. Verma", "J. Gill"])  # fmt: skip
    for office in Office.objects.filter(is_active=True).order_by("pk"):
        scrutiny = _staff(office, "scrutiny", next(names, "Officer"), password_hash)
        signing = _staff(office, "signing", next(names, "Officer"), password_hash)
        offices[office.code] = OfficeRef(
            id=office.pk,
            code=office.code,
            name=office.name,
            icegate_id=office.icegate_id,
            scrutiny=(scrutiny.pk, _label(scrutiny)),
            signing=(signing.pk, _label(signing)),
        )
    head = User.objects.filter(email=f"head.office@{STAFF_DOMAIN}").first()
    if head is None:
        head = User.objects.create(
            email=f"head.office@{STAFF_DOMAIN}",
            full_name="Head Office Administrator",
            designation="Deputy Director",
            role=Role.HEAD_OFFICE,
            office=Office.objects.get(is_head_office=True),
            password=password_hash,
        )
    groups = {g.code: g.pk for g in SegmentGroup.objects.all()}
    group_segments = {
        g.code: list(g.segments.order_by("position").values_list("pk", flat=True))
        for g in SegmentGroup.objects.all()
    }
    segments_by_code = dict(Segment.objects.values_list("code", "pk"))
    assert segments_by_code, "run the migrations first: they seed segments and offices"
    items: dict[int, list] = {}
    for item in EligibleItem.objects.filter(is_active=True).order_by("pk"):
        items.setdefault(item.segment_group_id, []).append(
            (item.pk, item.name, item.hs_code or "58079090")
        )
    schemes = []
    for version in SchemeVersion.objects.order_by("effective_from", "pk"):
        starts = dt.datetime.combine(version.effective_from, dt.time(), tzinfo=IST).timestamp()
        rates = {
            r.segment_group_id: f"{r.percentage:.2f}"
            for r in SchemeRate.objects.filter(version=version)
        }
        schemes.append(
            Scheme(
                id=version.pk,
                starts=starts,
                notification_number=version.notification_number,
                notification_serials=version.notification_serials,
                document_code=version.ic_document_type_code,
                rates=rates,
            )
        )
    ctx = Ctx(
        rng=rng,
        now=now,
        fys=fys,
        offices=offices,
        groups=groups,
        group_segments=group_segments,
        items=items,
        schemes=schemes,
        password_hash=password_hash,
        head_office=(head.pk, _label(head)),
        writer=writer,
    )
    for counter in Counter.objects.all():
        ctx.counters[(counter.office_id, counter.financial_year, counter.kind)] = counter.last_value
    return ctx


def save_counters(ctx: Ctx) -> None:
    existing = {(c.office_id, c.financial_year, c.kind): c for c in Counter.objects.all()}
    new = []
    for (office_id, fy, kind), value in ctx.counters.items():
        counter = existing.get((office_id, fy, kind))
        if counter is None:
            new.append(Counter(office_id=office_id, financial_year=fy, kind=kind, last_value=value))
        elif counter.last_value != value:
            Counter.objects.filter(pk=counter.pk).update(last_value=value)
    Counter.objects.bulk_create(new)
