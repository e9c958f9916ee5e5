"""Phase C: what happens to ICs after issue — urgent requests, the dispatch register, complaints.

The IC phase hands over, through a `Collector`, every paper IC and a sample of the electronic ones
(every one of the last 60 days, about 2 % of the older ones). Then, as the services would:

- urgent physical ICs get their approved `UrgentRequest` (asked by the officer who issued the IC,
  approved by the second officer) and its audit row;
- paper ICs are put into the dispatch register by the office ("Open for dispatch": an approved
  request of kind physical_ic), printed (copy 1), dispatched by courier or by hand and mostly
  acknowledged. The office gets to them within hours, sometimes the next day: only paper ICs of
  the last two days can still be waiting. A few paper ICs get a member's request for another copy;
- about 1 % of electronic ICs get a member's copy request (customs problem, bank, audit …), 7 %
  of those declined, older ones dispatched and mostly received, the last days' still open;
- about 0.3 % of electronic ICs get a DRN/IRN complaint (`tickets.py`).

Every step writes its audit row and, where the service mails the member, the mail. References are
numbered per office and financial year in the order the rows were created (the counters are saved
afterwards). The most recent member requests and complaints are given one of each open status, so
even a small database shows every state.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from icportal.audit.models import AuditEvent, Verb
from icportal.certificates.models import ImportCertificate, UrgentRequest
from icportal.dispatch.models import CopyRequest, PhysicalCopy, Reason
from icportal.notifications.templates import EmailTemplate

from . import names
from .certs import URGENT_REASON, _audit
from .context import DAY, IST_OFFSET, Ctx
from .firms import AUDIT_FIELDS, Firm
from .mails import Mails, Stamp
from .texts import COURIERS, DECLINE_REASONS, MEMBER_REASONS, RECEIVER_IDS, SECOND_COPY_TEXTS
from .writer import Buffer, ts

RECENT_DAYS = 60  # every electronic IC of these days is a candidate (older ones: a sample)
SAMPLE = 0.02
COPY_RATE, SECOND_COPY_RATE, DECLINE_RATE = 0.01, 0.004, 0.07
URGENT_FIELDS = (
    "id", "application_id", "reason", "requested_by_id", "requested_at", "status",
    "decided_by_id", "decided_at",
)  # fmt: skip
REQUEST_FIELDS = (
    "id", "created_at", "updated_at", "reference", "certificate_id", "member_id", "office_id",
    "kind", "reason", "reason_text", "status", "requested_by_id", "decided_by_id", "decided_at",
    "decline_reason", "method", "courier_name", "docket_no", "dispatch_date", "receiver_name",
    "receiver_id", "dispatched_by_id", "dispatched_at", "acknowledged_by_id", "acknowledged_at",
)  # fmt: skip
COPY_FIELDS = ("id", "certificate_id", "request_id", "copy_number", "printed_by_id", "printed_at")
CHANNEL_REASONS = {"courier": Reason.COURIER, "sez": Reason.SEZ, "epz": Reason.EPZ,
                   "bonded": Reason.BONDED}  # fmt: skip
REASON_LABELS = {r.value: str(r.label) for r in Reason}
REQUESTED, APPROVED, DECLINED, PRINTED, DISPATCHED, ACKNOWLEDGED = (v.value for v in (
    Verb.COPY_REQUESTED, Verb.COPY_APPROVED, Verb.COPY_DECLINED, Verb.COPY_PRINTED,
    Verb.COPY_DISPATCHED, Verb.COPY_ACKNOWLEDGED))  # fmt: skip
STAGES = ("approved", "printed", "dispatched", "acknowledged")


@dataclass(slots=True)
class Paper:
    moment: float
    cert_id: int
    app_id: int
    reference: str
    submitted: float
    firm: Firm
    number: str
    mode: str
    channel: str
    cancelled_at: float | None


@dataclass(slots=True)
class Electronic:
    moment: float
    cert_id: int
    firm: Firm
    number: str
    irn: str
    drn: str
    accepted: float
    boe_no: str
    boe_date: str | None
    port_code: str
    document_code: str
    included: float  # the chance this IC was kept: rates are divided by it


class Collector:
    """Filled by the IC phase (certs.Issuer): what the aftercare needs of each IC, nothing more."""

    def __init__(self, ctx: Ctx):
        self.recent_from = ctx.now - RECENT_DAYS * DAY
        self.paper: list[Paper] = []
        self.electronic: list[Electronic] = []

    def add_paper(self, *args) -> None:
        self.paper.append(Paper(*args))

    def add_electronic(self, moment, cert_id, firm, number, app, document_code, irn, drn, accepted):
        if moment >= self.recent_from:
            included = 1.0
        elif names._scramble(cert_id, 32) < SAMPLE * 2**32:
            included = SAMPLE
        else:
            return
        self.electronic.append(
            Electronic(moment, cert_id, firm, number, irn, drn, accepted, app[15], app[16],
                       app[13], document_code, included)
        )  # fmt: skip


def fy_of(seconds: float) -> str:
    day = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds + IST_OFFSET)
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def ist_date(seconds: float) -> str:
    return ts(seconds + IST_OFFSET)[:10]


def link_maker(name: str, site_url: str):
    """`slug → absolute URL` of a detail page, reversed once."""
    template = site_url + reverse(name, args=["SLUG"])
    return lambda reference: template.replace("SLUG", reference.replace("/", "-"))


class Register:
    """Urgent requests and the dispatch register (copy requests, printed copies)."""

    def __init__(self, ctx: Ctx, buffer: Buffer, mails: Mails):
        self.ctx, self.rng, self.buffer, self.mails = ctx, ctx.rng, buffer, mails
        self.now = ctx.now - 60
        self.urgent = buffer.table(UrgentRequest, URGENT_FIELDS)
        self.requests = buffer.table(CopyRequest, REQUEST_FIELDS)
        self.copies = buffer.table(PhysicalCopy, COPY_FIELDS)
        self.audit = buffer.table(AuditEvent, AUDIT_FIELDS)
        self.dispatched_mail = Stamp(EmailTemplate.COPY_DISPATCHED, customs_discretion=False)
        self.dispatched_urgent = Stamp(EmailTemplate.COPY_DISPATCHED, customs_discretion=True)
        self.declined_mail = Stamp(EmailTemplate.COPY_DECLINED)
        self.link = link_maker("dispatch:detail", ctx.site_url)
        self.closed: dict[int, tuple[int, float]] = {}  # cert → (copies printed, no longer open at)
        self.counts = {"urgent": 0, "register": 0, "waiting": 0, "member": 0}

    # -- urgent physical ICs ---------------------------------------------------------------------
    def urgent_requests(self, papers: list[Paper]) -> None:
        ctx = self.ctx
        for p in papers:
            if p.mode != "urgent_physical":
                continue
            office = p.firm.office
            asked = p.submitted + (p.moment - p.submitted) * self.rng.uniform(0.3, 0.95)
            self.urgent.append(
                (ctx.take(UrgentRequest), p.app_id, URGENT_REASON, office.scrutiny[0], ts(asked),
                 "approved", office.signing[0], ts(p.moment))
            )  # fmt: skip
            self.audit.append(
                _audit(ctx, asked, office.scrutiny, Verb.URGENT_REQUESTED,
                       "certificates.application", p.app_id, p.reference, p.firm,
                       {"reason": URGENT_REASON})
            )  # fmt: skip
            self.counts["urgent"] += 1
            self.buffer.added(2)

    # -- timelines -------------------------------------------------------------------------------
    def _open_lag(self) -> float:
        roll = self.rng.random()
        if roll < 0.8:
            return self.rng.uniform(0.1, 3) * 3600  # the same afternoon
        return self.rng.uniform(16, 28 if roll < 0.97 else 44) * 3600  # next (working) day

    def _after_print(self, printed: float, hand: bool, *, never_ack: float) -> list[float]:
        rng = self.rng
        dispatched = printed + (rng.uniform(0.05, 1.5) if hand else rng.uniform(0.1, 1.2)) * DAY
        received = dispatched + (rng.uniform(0.02, 2) if hand else rng.uniform(1, 5)) * DAY
        return [dispatched] if rng.random() < never_ack else [dispatched, received]

    def _member_times(self, asked: float, hand: bool, declined: bool, target: str | None):
        rng = self.rng
        if target is not None:  # one of the last requests: exactly this stage, reached by now
            steps = ["requested", *STAGES].index(target)
            times = sorted(asked + rng.random() * (self.now - 60 - asked) for _ in range(steps))
            return ("declined",) if declined else STAGES, times
        decided = asked + max(0.03, rng.expovariate(1 / 0.8)) * DAY
        if declined:
            return ("declined",), [decided]
        printed = decided + rng.uniform(600, 0.6 * DAY)
        return STAGES, [decided, printed, *self._after_print(printed, hand, never_ack=0.1)]

    # -- the register ----------------------------------------------------------------------------
    def plan(self, papers: list[Paper], candidates: list[Electronic]) -> list[tuple]:
        """(created, order, what, record, target) for every request, oldest first."""
        rng, now = self.rng, self.now
        items = []
        for n, p in enumerate(papers):
            opened = p.moment + self._open_lag()
            if opened >= now:
                self.counts["waiting"] += p.cancelled_at is None  # cancelled ones are not waiting
                continue
            if p.cancelled_at is not None and opened >= p.cancelled_at:
                continue
            items.append((opened, n, "paper", p, None))
            if p.cancelled_at is None and rng.random() < SECOND_COPY_RATE:
                asked = p.moment + rng.uniform(15, 120) * DAY
                if asked < now - 3600:
                    items.append((asked, n, "again", p, None))
        members = []
        for n, e in enumerate(candidates):
            if rng.random() < COPY_RATE / e.included and e.accepted < now - 7200:
                late = rng.uniform(0.2, 10) if rng.random() < 0.7 else rng.uniform(10, 60)
                asked = min(e.accepted + late * DAY, e.accepted + rng.random() * (now - e.accepted))
                members.append([asked, len(papers) + n, "member", e, None])
        chosen = {m[3].cert_id for m in members}
        recent = [m for m in members if m[0] > now - 10 * DAY]
        for n, e in sorted(enumerate(candidates), key=lambda c: -c[1].accepted):
            if len(recent) >= 4 or e.accepted < now - RECENT_DAYS * DAY:
                break
            if e.cert_id not in chosen and e.accepted < now - 7200:
                asked = max(e.accepted + 3600, now - rng.uniform(0.5, 8) * DAY)
                recent.append([asked, len(papers) + n, "member", e, None])
                members.append(recent[-1])
        targets = ["requested", *STAGES[:3]]
        for item, target in zip(sorted(recent, key=lambda m: -m[0]), targets, strict=False):
            item[4] = target
        items.extend(tuple(m) for m in members)
        items.sort(key=lambda i: (i[0], i[1]))
        return items

    def write(self, items: list[tuple]) -> None:
        rng = self.rng
        for created, _, what, record, target in items:
            firm = record.firm
            officer = firm.office.scrutiny if rng.random() < 0.7 else firm.office.signing
            member = (firm.user_id, firm.user_label)
            if what == "paper":
                urgent = record.mode == "urgent_physical"
                hand = rng.random() < (0.65 if urgent else 0.25)
                printed = created + rng.uniform(300, 3 * 3600)
                times = [created, printed, *self._after_print(printed, hand, never_ack=0.1)]
                cancelled = record.cancelled_at or float("inf")
                if len(times) > 2 and times[2] >= cancelled:
                    continue  # cancelled before it left the office: never entered
                times = [t for t in times if t < min(self.now, cancelled)]
                reason = Reason.URGENT_PHYSICAL if urgent else CHANNEL_REASONS[record.channel]
                self._request(created, record.cert_id, firm, record.number, "physical_ic", reason,
                              URGENT_REASON if urgent else "", officer, officer, STAGES, times,
                              hand, customs=urgent)  # fmt: skip
                self.counts["register"] += 1
                continue
            if what == "again":
                state = self.closed.get(record.cert_id)
                if state is None or state[1] >= created:
                    continue
                reason, text = Reason.OTHER, rng.choice(SECOND_COPY_TEXTS)
            else:
                reason, text, _ = rng.choices(MEMBER_REASONS, [r[2] for r in MEMBER_REASONS])[0]
            hand = rng.random() < 0.25
            declined = target is None and rng.random() < DECLINE_RATE
            stages, times = self._member_times(created, hand, declined, target)
            self._request(created, record.cert_id, firm, record.number, "copy", reason, text,
                          member, officer, stages, [t for t in times if t < self.now], hand,
                          customs=False)  # fmt: skip
            self.counts["member"] += 1

    def _request(self, created, cert_id, firm, number, kind, reason, text, requester, officer,
                 stages, times, hand, *, customs) -> None:  # fmt: skip
        ctx, rng = self.ctx, self.rng
        office = firm.office
        reference, _ = ctx.next_number(office, fy_of(created), "PC")
        request_id = ctx.take(CopyRequest)
        done = dict(zip(stages, times, strict=False))
        status = stages[len(done) - 1] if done else "requested"
        stamps = {stage: ts(moment) for stage, moment in done.items()}
        link = self.link(reference)
        rows, take, target, ids = self.audit, ctx.take, str(request_id), (firm.id, office.id)

        def audit(at, actor, verb, **payload):  # as certs._audit, with the time as text
            payload = json.dumps({"reference": reference, "ic": number, **payload})
            rows.append((take(AuditEvent), at, *actor, verb, "dispatch.copyrequest", target,
                         reference, *ids, payload))  # fmt: skip

        if kind == "physical_ic":
            audit(stamps["approved"], officer, APPROVED, note="physical IC entered the register")
        else:
            audit(ts(created), requester, REQUESTED, reason=REASON_LABELS[reason])
        decided = done.get("approved") or done.get("declined")
        decline_reason = ""
        if "declined" in done:
            decline_reason = rng.choice(DECLINE_REASONS)
            audit(stamps["declined"], officer, DECLINED, reason=decline_reason)
            self.mails.rows.append(
                self.declined_mail.row(
                    ctx, to=firm.user_email, member_id=firm.id, office_id=office.id, at=decided,
                    member_name=firm.legal_name, reference=reference, ic_number=number,
                    reason=decline_reason, office_name=office.name, link=link,
                )
            )  # fmt: skip
        elif "approved" in done and kind == "copy":
            audit(stamps["approved"], officer, APPROVED)
        copies, _ = self.closed.get(cert_id, (0, 0.0))
        if "printed" in done:
            copies += 1
            self.copies.append(
                (take(PhysicalCopy), cert_id, request_id, copies, officer[0], stamps["printed"])
            )  # fmt: skip
            audit(stamps["printed"], officer, PRINTED, copy_number=copies)
        sent = {"method": "", "courier_name": "", "docket_no": "", "dispatch_date": None,
                "receiver_name": "", "receiver_id": ""}  # fmt: skip
        if "dispatched" in done:
            at = done["dispatched"]
            if hand:
                name = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
                seen = rng.choice(RECEIVER_IDS)(rng)
                sent.update(method="hand", receiver_name=name, receiver_id=seen,
                            dispatch_date=ist_date(at))  # fmt: skip
                words = f"handed over at the office to {name} ({seen})"
            else:
                courier, docket = rng.choice(COURIERS)
                day = ist_date(
                    at - DAY if rng.random() < 0.15 and at - DAY > done["printed"] else at
                )
                sent.update(method="courier", courier_name=courier, docket_no=docket(rng),
                            dispatch_date=day)  # fmt: skip
                words = (f"by {courier}, docket {sent['docket_no']}, "
                         f"sent on {day[8:10]}/{day[5:7]}/{day[:4]}")  # fmt: skip
            audit(stamps["dispatched"], officer, DISPATCHED, copy_number=copies, how=words)
            stamp = self.dispatched_urgent if customs else self.dispatched_mail
            self.mails.rows.append(
                stamp.row(
                    ctx, to=firm.user_email, member_id=firm.id, office_id=office.id, at=at,
                    member_name=firm.legal_name, reference=reference, ic_number=number,
                    copy_number=str(copies), how=words, office_name=office.name, link=link,
                )
            )  # fmt: skip
        acker = None
        if "acknowledged" in done:
            acker = (firm.user_id, firm.user_label) if rng.random() < 0.85 else officer
            audit(stamps["acknowledged"], acker, ACKNOWLEDGED)
        closed_at = done.get("dispatched") or done.get("declined") or float("inf")
        self.closed[cert_id] = (copies, closed_at)
        self.requests.append(
            (
                request_id, ts(created), ts(times[-1] if times else created), reference, cert_id,
                firm.id, office.id, kind, str(reason), text, status, requester[0],
                officer[0] if decided else None, ts(decided) if decided else None, decline_reason,
                *sent.values(), officer[0] if "dispatched" in done else None,
                stamps.get("dispatched"), acker[0] if acker else None, stamps.get("acknowledged"),
            )
        )  # fmt: skip
        self.buffer.added(3 + 3 * len(done))


def mark_requested(first_request_id: int) -> int:
    """`copy_requested_at` of each IC that got its first request here: the first request's time,
    as `dispatch.services._new` sets it (one statement, whatever the number of ICs)."""
    q = connection.ops.quote_name
    ic, cr = q(ImportCertificate._meta.db_table), q(CopyRequest._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ic} SET {q('copy_requested_at')} = (SELECT MIN(r.{q('created_at')}) FROM "
            f"{cr} r WHERE r.{q('certificate_id')} = {ic}.{q('id')}) WHERE "
            f"{q('copy_requested_at')} IS NULL AND {q('id')} IN (SELECT {q('certificate_id')} "
            f"FROM {cr} WHERE {q('id')} >= %s)",
            [first_request_id],
        )
        return cursor.rowcount


def write_all(ctx: Ctx, firms: list[Firm], collector: Collector, buffer: Buffer,
              mails: Mails) -> dict[str, int]:  # fmt: skip
    """Every row of this phase; returns how many of each were written."""
    from .tickets import Tickets

    first_request = ctx.take(CopyRequest, 0)
    register = Register(ctx, buffer, mails)
    register.urgent_requests(collector.paper)
    register.write(register.plan(collector.paper, collector.electronic))
    tickets = Tickets(ctx, firms, buffer, mails)
    tickets.write(tickets.plan(collector.electronic))
    buffer.flush()
    ctx.writer.analyze()  # before the UPDATE below; see Writer.analyze
    marked = mark_requested(first_request)
    return {**register.counts, **tickets.counts, "ICs marked": marked}


def summary(counts: dict[str, int]) -> str:
    return (
        f"{counts['urgent']:,} urgent requests, {counts['register']:,} paper ICs in the register "
        f"({counts['waiting']:,} waiting), {counts['member']:,} member copy requests, "
        f"{counts['complaints']:,} complaints"
    )
