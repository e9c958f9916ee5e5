"""DRN/IRN complaints ("customs cannot use the DRN/IRN") on about 0.3 % of electronic ICs.

Each complaint quotes what a member would: mostly the right numbers, sometimes a DRN or IRN with a
typing error, another office's uploader ICEGATE ID or the CHA's IEC. The findings are those of the
real diagnosis (`complaints.diagnosis.diagnose`, run on the quoted fields with ICEGATE's answer for
that case). Older complaints are resolved with the cause that fits; those of the last three weeks
are open, being looked into, escalated to the ICEGATE helpdesk or waiting for the member, some
with the member's reply. Every step writes its note, audit row and mail as the service does.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from types import SimpleNamespace
from unittest import mock

from django.conf import settings
from django.template.loader import render_to_string

from icportal.audit.models import AuditEvent, Verb
from icportal.common.identifiers import IdentifierError, normalise_mobile
from icportal.complaints import diagnosis
from icportal.complaints.models import Cause, Complaint, Note
from icportal.complaints.services import escalation_rows
from icportal.esanchit.gateway import GatewayUnavailable
from icportal.notifications.models import Email
from icportal.notifications.templates import (
    ComplaintEscalationPayload,
    EmailTemplate,
    subject_for,
)
from icportal.offices.models import Office

from . import names, texts
from .aftercare import RECENT_DAYS, Electronic, fy_of, ist_date, link_maker
from .certs import _audit
from .context import DAY, Ctx
from .firms import AUDIT_FIELDS, Firm
from .mails import Mails, Stamp
from .writer import Buffer, ts

RATE = 0.003
COMPLAINT_FIELDS = (
    "id", "created_at", "updated_at", "reference", "member_id", "office_id", "certificate_id",
    "company_name", "iec", "boe_no", "ic_number", "drn", "irn", "official_name",
    "official_designation", "official_mobile", "port_code", "boe_date", "uploader_icegate_id",
    "officer_said", "screenshot", "filed_by_id", "status", "assigned_to_id", "findings",
    "icegate_check", "diagnosed_at", "escalated_at", "escalated_by_id", "escalation_email_id",
    "cause", "resolution", "resolved_at", "resolved_by_id",
)  # fmt: skip
NOTE_FIELDS = (
    "id", "complaint_id", "author_id", "text", "member_visible", "asks_reply", "from_member",
    "created_at",
)  # fmt: skip
SCENARIOS = {  # what was quoted → (weight, {cause when resolved: weight})
    "drn_typo": (18, {"wrong_number": 1}),
    "irn_typo": (12, {"wrong_number": 1}),
    "uploader": (14, {"boe_amendment": 3, "wrong_number": 1}),
    "iec": (7, {"boe_amendment": 1}),
    "all_ok": (27, {"customs_fault": 6, "other": 2, "icegate_fault": 1}),
    "lost": (14, {"icegate_fault": 2, "upload_missing": 1}),  # ICEGATE has no such document
    "down": (8, {"customs_fault": 2, "icegate_fault": 1, "other": 1}),  # ICEGATE unreachable
}
ESCALATE = {"icegate_fault": 0.8, "upload_missing": 0.3, "customs_fault": 0.2}
OPEN_TARGETS = {"open": 20, "in_progress": 35, "escalated": 15, "with_member": 30}
FORCED = ("open", "in_progress", "escalated", "with_member", "replied", "resolved")
CAUSE_LABELS = {c.value: str(c.label) for c in Cause}


def typo(ref: str, rng) -> str:
    """One character of the random part changed: a typing error."""
    at = rng.randrange(12, len(ref))
    wrong = rng.choice([c for c in names.CROCKFORD if c != ref[at]])
    return ref[:at] + wrong + ref[at + 1 :]


def icegate_answer(quoted: dict, e: Electronic, scenario: str):
    """ICEGATE's Bill of Entry check as the sandbox answers it (icegate_sandbox.services.customs)."""

    def boe_check(payload):
        if scenario == "down":
            raise GatewayUnavailable("ICEGATE did not answer in time (read timeout=30).")
        if scenario == "lost" or quoted["irn"] != e.irn:
            reasons = ["IRN_NOT_FOUND"]
        else:
            reasons = [code for code, same in (
                ("DRN_MISMATCH", quoted["drn"] == e.drn),
                ("BENEFICIARY_MISMATCH", quoted["iec"] == e.firm.iec),
                ("UPLOADER_MISMATCH", quoted["uploader_icegate_id"] == e.firm.office.icegate_id),
            ) if not same]  # fmt: skip
        status = "REJECTED" if reasons else "OK"
        return {"status": status, "documents": [{"status": status, "reasons": reasons}]}

    return boe_check


def diagnose(quoted: dict, e: Electronic, scenario: str) -> diagnosis.Diagnosis:
    """The real diagnosis on a stand-in certificate (its IRN/DRN given, not looked up)."""
    office, firm = e.firm.office, e.firm
    certificate = SimpleNamespace(
        number=e.number, status="issued", delivery_mode="electronic", replaced_by=None,
        document_type_code=e.document_code, issued=diagnosis.Issued(irn=e.irn, drn=e.drn),
        office=SimpleNamespace(icegate_id=office.icegate_id, name=office.name),
        member=SimpleNamespace(iec=firm.iec, legal_name=firm.legal_name),
    )  # fmt: skip
    return diagnosis.diagnose(
        quoted=quoted, certificate=certificate, boe_check=icegate_answer(quoted, e, scenario)
    )


class Tickets:
    def __init__(self, ctx: Ctx, firms: list[Firm], buffer: Buffer, mails: Mails):
        self.ctx, self.rng, self.buffer, self.mails = ctx, ctx.rng, buffer, mails
        self.now = ctx.now - 60
        self.complaints = buffer.table(Complaint, COMPLAINT_FIELDS)
        self.notes = buffer.table(Note, NOTE_FIELDS)
        self.audit = buffer.table(AuditEvent, AUDIT_FIELDS)
        self.iecs = [f.iec for f in firms[:500]]
        self.uploaders = sorted({o.icegate_id for o in ctx.offices.values()})
        self.others = {"iec": len(set(self.iecs)) > 1, "uploader": len(self.uploaders) > 1}
        self.contacts = dict(Office.objects.values_list("pk", "email"))
        self.mobiles = []
        while len(self.mobiles) < 40:
            try:
                raw = f"{self.rng.choice('6789')}{self.rng.randrange(10**8, 10**9)}"
                self.mobiles.append(normalise_mobile(raw))
            except IdentifierError:
                continue
        self.question = Stamp(EmailTemplate.COMPLAINT_QUESTION)
        self.update = Stamp(EmailTemplate.COMPLAINT_UPDATE)
        self.resolved = Stamp(EmailTemplate.COMPLAINT_RESOLVED)
        self.link = link_maker("complaints:detail", ctx.site_url)
        self.counts = {"complaints": 0}
        self.statuses: Counter[str] = Counter()

    def plan(self, candidates: list[Electronic]) -> list[list]:
        """[filed, order, IC, target status] per complaint, oldest first; the last few are given
        one of each open status, so even a small database shows every state."""
        rng, now = self.rng, self.now
        items = []
        for n, e in enumerate(candidates):
            if rng.random() < RATE / e.included and e.accepted < now - 1800:
                late = rng.uniform(0.2, 5) if rng.random() < 0.6 else rng.uniform(5, 25)
                filed = min(e.accepted + late * DAY,
                            e.accepted + rng.uniform(0.1, 1) * (now - 600 - e.accepted))  # fmt: skip
                items.append([filed, n, e, None])
        chosen = {item[2].cert_id for item in items}
        recent = [item for item in items if item[0] > now - 14 * DAY]
        for n, e in sorted(enumerate(candidates), key=lambda c: -c[1].accepted):
            if len(recent) >= len(FORCED) or e.accepted < now - RECENT_DAYS * DAY:
                break
            if e.cert_id not in chosen and e.accepted < now - 1800:
                recent.append([max(e.accepted + 900, now - rng.uniform(0.3, 10) * DAY), n, e, None])
                items.append(recent[-1])
        forced = list(FORCED)
        rng.shuffle(forced)
        for item, target in zip(sorted(recent, key=lambda i: -i[0]), forced, strict=False):
            item[3] = target
        for item in items:
            age = (now - item[0]) / DAY
            if item[3] is None and age < 21 and rng.random() < 0.05 + 0.85 * math.exp(-age / 6):
                item[3] = rng.choices(list(OPEN_TARGETS), list(OPEN_TARGETS.values()))[0]
            item[3] = item[3] or "resolved"
        items.sort(key=lambda i: (i[0], i[1]))
        return items

    def write(self, items: list[list]) -> None:
        # The diagnosis looks the issued IRN/DRN up in the uploads; here the stand-in carries them.
        with mock.patch.object(diagnosis, "issued_numbers", lambda certificate: certificate.issued):
            for filed, _, e, target in items:
                self._complaint(filed, e, target)

    def _quoted(self, filed: float, e: Electronic, scenario: str) -> dict:
        rng, firm = self.rng, e.firm
        boe_date = e.boe_date or ist_date(max(e.moment, filed - rng.uniform(0, 2) * DAY))
        boe_date = dt.date.fromisoformat(boe_date[:10])
        city = names.OFFICE_CITIES.get(firm.office.code, ("Chennai",))[0]
        quoted = {
            "company_name": firm.legal_name, "iec": firm.iec,
            "boe_no": e.boe_no or f"{rng.randrange(1_000_000, 9_999_999)}",
            "boe_date": boe_date, "ic_number": e.number, "drn": e.drn, "irn": e.irn,
            "official_name": f"{rng.choice(names.FIRST_NAMES)[0]}. {rng.choice(names.LAST_NAMES)}",
            "official_designation": f"{rng.choice(texts.DESIGNATIONS)}, {city} Customs",
            "official_mobile": rng.choice(self.mobiles), "port_code": e.port_code,
            "uploader_icegate_id": firm.office.icegate_id,
            "officer_said": rng.choice(texts.OFFICER_SAID[scenario]),
        }  # fmt: skip
        if scenario in ("drn_typo", "irn_typo"):
            key = scenario[:3]
            quoted[key] = typo(quoted[key], rng)
        elif scenario == "uploader":
            quoted["uploader_icegate_id"] = rng.choice(
                [u for u in self.uploaders if u != firm.office.icegate_id]
            )
        elif scenario == "iec":
            quoted["iec"] = rng.choice([iec for iec in self.iecs if iec != firm.iec])
        return quoted

    def _actions(self, target: str, scenario: str, cause: str) -> list[str]:
        rng = self.rng
        acts = ["rediagnose"] if scenario == "down" and rng.random() < 0.7 else []
        if target == "open":
            return acts + (["info"] if rng.random() < 0.3 else [])
        if target in ("in_progress", "replied") or rng.random() < 0.75:
            acts.append("assign")
        if rng.random() < 0.3:
            acts.append("note")
        if target == "replied" or (target != "with_member" and rng.random() < 0.15):
            acts += ["ask", "reply"]
        if (target == "escalated" or (target == "with_member" and rng.random() < 0.15)
                or (target == "resolved" and rng.random() < ESCALATE.get(cause, 0.03))):  # fmt: skip
            acts.append("escalate")
        if target == "with_member":
            acts.append("ask")
        if target == "resolved":
            acts += ["update", "resolve"] if rng.random() < 0.2 else ["resolve"]
        return acts

    def _complaint(self, filed: float, e: Electronic, target: str) -> None:
        ctx, rng = self.ctx, self.rng
        firm, office = e.firm, e.firm.office
        scenario = rng.choices(list(SCENARIOS), [w for w, _ in SCENARIOS.values()])[0]
        if scenario in ("iec", "uploader") and not self.others[scenario]:
            scenario = "all_ok"  # a single firm or office: nobody else's number to quote
        causes = SCENARIOS[scenario][1]
        cause = rng.choices(list(causes), list(causes.values()))[0]
        quoted = self._quoted(filed, e, scenario)
        result = diagnose(quoted, e, scenario)
        acts = self._actions(target, scenario, cause)
        if target == "resolved":
            lag = rng.choice([rng.uniform(0.1, 3), rng.uniform(0.1, 3), rng.uniform(3, 10),
                              rng.uniform(10, 30)])  # fmt: skip
            end = min(filed + lag * DAY, filed + (self.now - filed) * rng.uniform(0.5, 0.95))
        else:
            end = filed + (self.now - filed) * rng.uniform(0.4, 1.0)
        times = sorted(rng.uniform(filed + 60, end) for _ in acts)
        if target == "resolved":
            times[-1] = end
        reference, _ = ctx.next_number(office, fy_of(filed), "CMP")
        complaint_id = ctx.take(Complaint)
        link = self.link(reference)
        member = (firm.user_id, firm.user_label)
        status, assigned, updated, diagnosed = "open", None, filed, filed
        escalated = escalated_by = email_id = resolved = resolved_by = None
        resolution = ""

        def audit(at, actor, verb, **payload):
            self.audit.append(
                _audit(ctx, at, actor, verb, "complaints.complaint", complaint_id, reference,
                       firm, {"reference": reference, "ic": e.number, **payload})
            )  # fmt: skip

        def note(at, author, text, visible=False, asks=False, member_wrote=False):
            self.notes.append(
                (ctx.take(Note), complaint_id, author[0], text, int(visible), int(asks),
                 int(member_wrote), ts(at))
            )  # fmt: skip

        def mail(stamp, at, **values):
            self.mails.rows.append(
                stamp.row(ctx, to=firm.user_email, member_id=firm.id, office_id=office.id, at=at,
                          member_name=firm.legal_name, reference=reference,
                          ic_number=quoted["ic_number"], office_name=office.name, link=link,
                          **values)
            )  # fmt: skip

        audit(filed, member, Verb.COMPLAINT_FILED, codes=[f.code for f in result.findings])
        for act, at in zip(acts, times, strict=True):
            officer = assigned or rng.choice([office.scrutiny, office.signing])
            if act == "assign":  # complaint_assign
                assigned, updated = officer, at
                status = "in_progress" if status == "open" else status
                audit(at, officer, Verb.COMPLAINT_ASSIGNED, to=officer[1].split("(")[-1][:-1])
            elif act in ("note", "update"):  # complaint_note_add
                text = rng.choice(texts.INTERNAL_NOTES if act == "note" else texts.UPDATES)
                note(at, officer, text, visible=act == "update")
                audit(at, officer, Verb.COMPLAINT_NOTED, member_visible=act == "update")
                if act == "update":
                    mail(self.update, at, update=text)
            elif act == "ask":  # complaint_ask_member
                text = rng.choice(texts.QUESTIONS)
                note(at, officer, text, visible=True, asks=True)
                status, updated = "with_member", at
                audit(at, officer, Verb.COMPLAINT_ASKED)
                mail(self.question, at, update=text)
            elif act in ("reply", "info"):  # complaint_member_write
                note(at, member, rng.choice(texts.REPLIES if act == "reply" else texts.MEMBER_INFO),
                     visible=True, member_wrote=True)  # fmt: skip
                reply = status == "with_member"
                if reply:
                    status = "escalated" if escalated else "in_progress" if assigned else "open"
                    updated = at
                audit(at, member, Verb.COMPLAINT_MEMBER_WROTE, reply=reply)
            elif act == "rediagnose":  # complaint_diagnose: ICEGATE answers this time
                result, diagnosed = diagnose(quoted, e, "all_ok"), at
                updated = at
                audit(at, officer if rng.random() < 0.7 else member, Verb.COMPLAINT_DIAGNOSED,
                      codes=[f.code for f in result.findings])  # fmt: skip
            elif act == "escalate":  # complaint_escalate
                status, escalated, escalated_by, updated = "escalated", at, officer[0], at
                email_id = self._escalation(at, office, reference, quoted, e, result)
                audit(at, officer, Verb.COMPLAINT_ESCALATED, to=settings.ICEGATE_HELPDESK_EMAIL,
                      email_id=email_id)  # fmt: skip
            elif act == "resolve":  # complaint_resolve
                words = texts.RESOLUTIONS.get((cause, scenario)) or texts.RESOLUTIONS[cause]
                resolution = rng.choice(words).format(
                    number=e.number, irn=e.irn, drn=e.drn, iec=firm.iec, uploader=office.icegate_id,
                    port=e.port_code, quoted_uploader=quoted["uploader_icegate_id"],
                    quoted_iec=quoted["iec"],
                )  # fmt: skip
                status, resolved, resolved_by, updated = "resolved", at, officer[0], at
                audit(at, officer, Verb.COMPLAINT_RESOLVED, cause=CAUSE_LABELS[cause])
                mail(self.resolved, at, cause=CAUSE_LABELS[cause], resolution=resolution)
        self.complaints.append(
            (
                complaint_id, ts(filed), ts(updated), reference, firm.id, office.id, e.cert_id,
                *(quoted[k] for k in COMPLAINT_FIELDS[7:17]), quoted["boe_date"].isoformat(),
                quoted["uploader_icegate_id"], quoted["officer_said"], "", firm.user_id, status,
                assigned[0] if assigned else None, json.dumps(result.as_json()), result.icegate,
                ts(diagnosed), ts(escalated) if escalated else None, escalated_by, email_id,
                cause if resolved else "", resolution, ts(resolved) if resolved else None,
                resolved_by,
            )
        )  # fmt: skip
        self.counts["complaints"] += 1
        self.statuses[status] += 1
        self.buffer.added(2 + 3 * len(acts))

    def _escalation(self, at, office, reference, quoted, e, result) -> int:
        """The ready mail to the ICEGATE helpdesk (`complaint_escalate` → `email_queue`)."""
        complaint = SimpleNamespace(
            **quoted, certificate=SimpleNamespace(document_type_code=e.document_code)
        )
        payload = ComplaintEscalationPayload(
            reference=reference, office_name=office.name, office_icegate_id=office.icegate_id,
            rows=escalation_rows(complaint),
            findings=tuple(f["sentence"] for f in result.as_json()),
            contact=self.contacts.get(office.id) or settings.DEFAULT_FROM_EMAIL,
        )  # fmt: skip
        context = {**payload.__dict__, "site_url": settings.SITE_URL}
        template = EmailTemplate.COMPLAINT_ESCALATION
        email_id = self.ctx.take(Email)
        self.mails.rows.append(
            (email_id, template.value, settings.ICEGATE_HELPDESK_EMAIL,
             subject_for(template, payload)[:200],
             render_to_string(f"notifications/email/{template}.txt", context), "", None,
             office.id, "sent", 1, "", ts(at), ts(at + 2), f"<email-{email_id}@icportal>", None,
             None, "", None)
        )  # fmt: skip
        return email_id
