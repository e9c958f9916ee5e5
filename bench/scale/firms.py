"""Member firms with their GSTINs, segments, one user each and their ICEGATE registration."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from icportal.accounts.models import User
from icportal.audit.models import AuditEvent, Verb
from icportal.common.identifiers import gstin_for
from icportal.members.models import IcegateRegistration, Member, MemberGstin

from . import names
from .context import DAY, Ctx, OfficeRef, fy_bounds
from .writer import Buffer, ts

OFFICE_WEIGHTS = {"CHN": 28, "KOL": 16, "AGR": 14, "KNP": 14, "DEL": 12, "MUM": 10, "JAL": 6}


@dataclass(slots=True)
class Firm:
    idx: int
    id: int
    office: OfficeRef
    legal_name: str
    iec: str
    group: str  # segment group code
    user_id: int
    user_email: str
    user_label: str
    registration: str  # verified / claimed / not_registered
    icegate_id: str | None
    first_fy: int  # index into ctx.fys of the first year with an EPC
    weight: float
    ports: list[str]


MEMBER_FIELDS = (
    "id", "created_at", "updated_at", "legal_name", "iec", "iec_is_legacy", "pan", "rcmc_number",
    "rcmc_valid_from", "rcmc_valid_to", "address", "city", "state", "pincode", "gstn_email",
    "gstn_mobile", "office_id", "is_active",
)  # fmt: skip
GSTIN_FIELDS = ("id", "member_id", "gstin", "state_code", "is_primary")
SEGMENT_FIELDS = ("member_id", "segment_id")
USER_FIELDS = (
    "id", "password", "last_login", "is_superuser", "email", "full_name", "designation", "mobile",
    "role", "member_id", "office_id", "is_active", "is_staff", "date_joined", "invited_by_id",
    "language",
)  # fmt: skip
REGISTRATION_FIELDS = (
    "id", "created_at", "updated_at", "member_id", "status", "icegate_id", "method", "email",
    "claimed_by_id", "claimed_at", "verified_by_id", "verified_at", "verification_method", "note",
    "version",
)  # fmt: skip
AUDIT_FIELDS = (
    "id", "created_at", "actor_id", "actor_label", "verb", "target_type", "target_id",
    "target_label", "member_id", "office_id", "payload",
)  # fmt: skip


def _firm_name(ctx: Ctx, garments: bool) -> tuple[str, str]:
    rng = ctx.rng
    trade = rng.choice(names.GARMENT_TRADES if garments else names.TRADES)
    suffix, holder = rng.choice(names.SUFFIXES)
    return f"{rng.choice(names.PLACES)} {trade} {suffix}", holder


def make_firms(ctx: Ctx, count: int, buffer: Buffer, start: int = 0) -> list[Firm]:
    """`count` firms; identifiers are numbered from `start` (the firms already generated)."""
    rng = ctx.rng
    codes = list(ctx.offices)
    weights = [OFFICE_WEIGHTS.get(code, 5) for code in codes]
    members = buffer.table(Member, MEMBER_FIELDS)
    gstins = buffer.table(MemberGstin, GSTIN_FIELDS)
    segments = buffer.table(Member.segments.through, SEGMENT_FIELDS)
    users = buffer.table(User, USER_FIELDS)
    registrations = buffer.table(IcegateRegistration, REGISTRATION_FIELDS)
    audit = buffer.table(AuditEvent, AUDIT_FIELDS)
    head_id, head_label = ctx.head_office
    firms = []
    for idx in range(count):
        n = start + idx
        member_id, user_id = ctx.take(Member), ctx.take(User)
        office = ctx.offices[rng.choices(codes, weights)[0]]
        garments = rng.random() < 0.15
        legal_name, holder = _firm_name(ctx, garments)
        pan = names.pan_for(n, holder, legal_name)
        legacy = rng.random() < 0.03
        iec = names.legacy_iec_for(n) if legacy else pan
        state = names.OFFICE_STATES.get(office.code, "33")
        gstin = gstin_for(pan, state)
        if n < 3:
            names.check_identifiers(pan, gstin)
        first_fy = 0 if rng.random() < 0.85 else rng.randrange(1, len(ctx.fys))
        joined = fy_bounds(ctx.fys[first_fy])[0] - rng.randrange(30, 400) * DAY
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        domain = re.sub(r"[^a-z0-9]+", "", legal_name.lower())[:24]
        email = f"{first}.{last}.{n}@{domain}.example".lower()
        city, state_name, pincode, ports = names.OFFICE_CITIES.get(
            office.code, ("Chennai", "Tamil Nadu", "600032", ["INMAA1"])
        )
        created = ts(joined)
        mobile = f"+91{rng.choice('6789')}{rng.randrange(10**8, 10**9)}"
        members.append(
            (
                member_id, created, created, legal_name, iec, int(legacy), pan,
                f"CLE/RCMC/{office.code}/{n + 1:05d}", "2022-04-01", "2027-03-31",
                f"{rng.randrange(1, 400)}, Industrial Estate, {city}", city, state_name, pincode,
                f"gst.{n}@{domain}.example", mobile, office.id, 1,
            )
        )  # fmt: skip
        gstins.append((ctx.take(MemberGstin), member_id, gstin, state, 1))
        if rng.random() < 0.2:
            other = rng.choice([s for s in names.SECOND_STATES if s != state])
            gstins.append((ctx.take(MemberGstin), member_id, gstin_for(pan, other), other, 0))
        group_segments = ctx.group_segments["GARMENTS" if garments else "OTHERS"]
        for segment in rng.sample(group_segments, min(len(group_segments), rng.randint(1, 2))):
            segments.append((member_id, segment))
        label = f"{first} {last} ({email})"
        users.append(
            (
                user_id, ctx.password_hash, None, 0, email, f"{first} {last}", "Director",
                mobile, "member", member_id, None, 1, 0, ts(joined + DAY), None,
                "hi" if idx % 5 == 4 else "",  # a fifth of the firms read Hindi (issue 18)
            )
        )  # fmt: skip
        roll = rng.random()
        status = (
            "verified"
            if idx < 20 or roll < 0.88
            else "claimed"
            if roll < 0.94
            else "not_registered"
        )
        icegate_id = None
        if status != "not_registered":
            icegate_id = (re.sub(r"[^A-Z]", "", legal_name.upper())[:12] + f"{n:06d}")[:25]
            claimed_at = (
                joined + 2 * DAY if status == "verified" else ctx.now - rng.randrange(30) * DAY
            )
            verified = status == "verified"
            registrations.append(
                (
                    ctx.take(IcegateRegistration), created, ts(claimed_at + DAY), member_id, status, icegate_id,
                    "simplified" if rng.random() < 0.8 else "dsc", email, user_id, ts(claimed_at),
                    office.scrutiny[0] if verified else None, ts(claimed_at + DAY) if verified else None,
                    "icegate_lookup" if verified else "", "", 3 if verified else 2,
                )
            )  # fmt: skip
        else:
            registrations.append(
                (ctx.take(IcegateRegistration), created, created, member_id, status, None, "", "", None, None, None, None,
                 "", "", 1)
            )  # fmt: skip
        audit.append(
            (
                ctx.take(AuditEvent), created, head_id, head_label, Verb.MEMBER_CREATED.value,
                "members.member", str(member_id), f"{legal_name} ({iec})"[:200], member_id,
                office.id, json.dumps({"iec": iec, "legal_name": legal_name}),
            )
        )  # fmt: skip
        firms.append(
            Firm(
                idx=idx,
                id=member_id,
                office=office,
                legal_name=legal_name,
                iec=iec,
                group="GARMENTS" if garments else "OTHERS",
                user_id=user_id,
                user_email=email,
                user_label=label,
                registration=status,
                icegate_id=icegate_id,
                first_fy=first_fy,
                weight=1.0 / (idx + 5) ** 0.9,
                ports=ports,
            )
        )
        buffer.added(6)
    buffer.flush()
    return firms
