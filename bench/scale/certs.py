"""Phase B: every planned IC with its application, items, debit, signed document, upload, mail, audit.

ICs are written in issue order, so numbers are gap-free per office and year and each debit's
`balance_after` is the running balance of its account (cancellations are credited back in time
order as they come due).
"""

from __future__ import annotations

import datetime as dt
import heapq
import json

from icportal.audit.models import AuditEvent, Verb
from icportal.certificates.models import (
    Application,
    AssessedBoe,
    DeliveryMode,
    ImportCertificate,
    Item,
)
from icportal.certificates.services.reconciliation import REPORT_WITHIN_DAYS
from icportal.documents.models import CertificateDocument
from icportal.entitlements.models import LedgerEntry
from icportal.esanchit.models import Upload

from . import names
from .boe import BOE_FIELDS, assessed_boe
from .context import DAY, IST_OFFSET, Ctx, ist_day
from .firms import AUDIT_FIELDS, Firm
from .mails import Mails
from .plan import LEDGER_FIELDS, Account
from .writer import Buffer, ts

APP_FIELDS = (
    "id", "created_at", "updated_at", "reference", "member_id", "office_id", "epc_id", "status",
    "invoice_no", "invoice_date", "supplier_name", "supplier_address", "country_of_origin",
    "port_code", "channel", "boe_no", "boe_date", "total_value", "service_charge",
    "charge_receipt_no", "charge_paid_recorded_by_id", "charge_paid_recorded_at", "created_by_id",
    "submitted_at", "assigned_to_id", "decided_by_id", "decided_at", "reject_reason",
    "cloned_from_id", "version",
)  # fmt: skip
ITEM_FIELDS = (
    "id", "application_id", "line_no", "eligible_item_id", "description", "hs_code", "quantity",
    "unit", "value_inr", "currency", "foreign_amount", "exchange_rate",
)  # fmt: skip
CERT_FIELDS = (
    "id", "number", "office_id", "financial_year", "sequence", "application_id", "member_id",
    "epc_id", "account_id", "value", "balance_after", "status", "delivery_mode", "issued_by_id",
    "issued_at", "second_approver_id", "urgent_reason", "notification_number",
    "notification_serials", "document_type_code", "replaces_id", "replace_reason",
    "cancel_reason", "cancelled_by_id", "cancelled_at", "verification_code", "boe_reported_at",
    "boe_due_on", "copy_requested_at",
)  # fmt: skip
DOC_FIELDS = (
    "id", "created_at", "updated_at", "certificate_id", "status", "file_name", "file", "sha256",
    "size", "signed_at", "signer_subject", "identity_id", "readiness", "last_error", "attempts",
    "level", "timestamp_at", "tsa_subject",
)  # fmt: skip
TSA_SUBJECT = "CN=icportal development TSA, O=Council for Leather Exports, C=IN"
UPLOAD_FIELDS = (
    "id", "created_at", "updated_at", "certificate_id", "document_id", "office_id", "status",
    "mode", "batch_id", "idempotency_key", "attempts", "next_attempt_at", "last_error",
    "rejection_codes", "irn", "drn", "accepted_at", "recorded_by_id", "locked_by", "locked_until",
)  # fmt: skip
READINESS = json.dumps(
    [
        {"name": "pdfa", "label": "PDF/A-2 identification", "passed": True, "detail": "XMP says PDF/A-2B"},
        {"name": "size", "label": "Size at most 1 MB", "passed": True, "detail": "within the limit"},
        {"name": "signature", "label": "Signature valid and covering the whole file", "passed": True, "detail": "Valid"},
        {"name": "signer", "label": "Signed by this office's certificate, valid today", "passed": True, "detail": ""},
        {"name": "file_name", "label": "File name safe and unique", "passed": True, "detail": ""},
    ]
)  # fmt: skip
REJECTION = {
    "code": "SIGNER_NOT_REGISTERED",
    "message": "The signer's DSC is not registered with ICEGATE",
}
DELIVERY = {mode.value: str(mode.label) for mode in DeliveryMode}
URGENT_REASON = "Consignment at the port; the member's ICEGATE registration is still pending"


def boe_due_on(boe_date: str | None, moment: float) -> str:
    """`services.reconciliation.boe_due_on`: 7 days after the later of the BoE date and the IST
    day of issue (IST is UTC+05:30 all year)."""
    issued_on = ts(moment + IST_OFFSET)[:10]
    later = max(boe_date or issued_on, issued_on)
    return (dt.date.fromisoformat(later) + dt.timedelta(days=REPORT_WITHIN_DAYS)).isoformat()


def application_row(ctx: Ctx, app_id: int, firm: Firm, account: Account, **kw) -> tuple:
    """An application row; `kw` overrides the defaults of a scrutinised, issued one."""
    rng = ctx.rng
    created = kw.pop("created")
    supplier, address, country = rng.choice(names.SUPPLIERS)
    with_boe = rng.random() < 0.4
    reference = kw.pop("reference")
    row = {
        "status": "issued", "invoice_no": f"INV/{rng.randrange(1, 99999):05d}",
        "invoice_date": ts(created - rng.randrange(5, 40) * DAY)[:10], "supplier_name": supplier,
        "supplier_address": address, "country_of_origin": country, "port_code": rng.choice(firm.ports),
        "channel": "ices", "boe_no": f"{rng.randrange(1_000_000, 9_999_999)}" if with_boe else "",
        "boe_date": ts(created)[:10] if with_boe else None, "total_value": "0.00",
        "submitted_at": None, "assigned_to_id": None, "decided_by_id": None, "decided_at": None,
        "reject_reason": "", "version": 4, "updated": created,
    }  # fmt: skip
    row.update(kw)
    return (
        app_id, ts(created), ts(row["updated"]), reference, firm.id, firm.office.id,
        account.epc_id, row["status"], row["invoice_no"], row["invoice_date"],
        row["supplier_name"], row["supplier_address"], row["country_of_origin"], row["port_code"],
        row["channel"], row["boe_no"], row["boe_date"], row["total_value"], "0.00", "", None, None,
        firm.user_id, row["submitted_at"], row["assigned_to_id"], row["decided_by_id"],
        row["decided_at"], row["reject_reason"], None, row["version"],
    )  # fmt: skip


def item_rows(ctx: Ctx, app_id: int, group_id: int, paise: int) -> list[tuple]:
    """1–3 lines adding up to `paise`."""
    rng = ctx.rng
    count = rng.choices((1, 2, 3), (50, 35, 15))[0]
    cuts = sorted(rng.sample(range(100, paise - 100), count - 1)) if paise > 1000 else []
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, paise], strict=True)]
    rows = []
    for line, part in enumerate(parts, 1):
        item_id, name, hs = rng.choice(ctx.items[group_id])
        currency, rate = rng.choice(names.CURRENCIES)
        quantity = rng.randrange(10, 5000)
        rows.append(
            (
                ctx.take(Item), app_id, line, item_id, f"{name} for leather goods"[:300], hs,
                f"{quantity}.000", rng.choice(names.UNITS), names.rupees(part), currency,
                f"{part / 100 / rate:.2f}", f"{rate:.4f}",
            )
        )  # fmt: skip
    return rows


def _audit(ctx, at, actor, verb, target_type, target_id, label, firm, payload) -> tuple:
    actor_id, actor_label = actor or (None, "system")
    return (
        ctx.take(AuditEvent), ts(at), actor_id, actor_label, verb.value, target_type,
        str(target_id), label, firm.id, firm.office.id, json.dumps(payload),
    )  # fmt: skip


class Issuer:
    """Writes ICs in time order; `cancel_due` posts the reversals that have come due."""

    def __init__(self, ctx: Ctx, buffer: Buffer, mails: Mails):
        self.ctx, self.buffer, self.mails = ctx, buffer, mails
        self.apps = buffer.table(Application, APP_FIELDS)
        self.items = buffer.table(Item, ITEM_FIELDS)
        self.certs = buffer.table(ImportCertificate, CERT_FIELDS)
        self.ledger = buffer.table(LedgerEntry, LEDGER_FIELDS)
        self.docs = buffer.table(CertificateDocument, DOC_FIELDS)
        self.uploads = buffer.table(Upload, UPLOAD_FIELDS)
        self.audit = buffer.table(AuditEvent, AUDIT_FIELDS)
        self.boes = buffer.table(AssessedBoe, BOE_FIELDS)
        self.cancellations: list[tuple] = []
        self.collector = None  # aftercare.Collector: what the next phase needs of each IC
        self.accepted: tuple | None = None  # of the last upload: (IRN, DRN, accepted at)

    def cancel_due(self, until: float) -> None:
        ctx = self.ctx
        while self.cancellations and self.cancellations[0][0] <= until:
            at, cert_id, account, paise, number, firm = heapq.heappop(self.cancellations)
            account.balance += paise
            staff = firm.office.scrutiny
            self.ledger.append(
                (ctx.take(LedgerEntry), account.id, "reversal", names.rupees(paise),
                 names.rupees(account.balance), None, cert_id, f"IC {number} cancelled",
                 staff[0], ts(at))
            )  # fmt: skip
            self.audit.append(
                _audit(ctx, at, staff, Verb.IC_CANCELLED, "certificates.importcertificate",
                       cert_id, number, firm, {"number": number, "reason": "Shipment cancelled"})
            )  # fmt: skip
            slug = number.replace("/", "-")
            self.mails.rows.append(
                self.mails.ic_cancelled.row(
                    ctx, to=firm.user_email, member_id=firm.id, office_id=firm.office.id, at=at,
                    member_name=firm.legal_name, ic_number=number, reason="Shipment cancelled",
                    link=f"{ctx.site_url}/ic/certificates/{slug}/",
                )
            )  # fmt: skip
            self.buffer.added(3)

    def issue(self, moment: float, firm: Firm, account: Account, paise: int, channel: str,
              cancelled: bool, boe: bool = True) -> None:  # fmt: skip
        """One IC; `boe=False`: the member never reports its assessed Bill of Entry."""
        ctx, rng = self.ctx, self.ctx.rng
        self.cancel_due(moment)
        office, fy = firm.office, account.fy
        app_id, cert_id, doc_id = (
            ctx.take(Application),
            ctx.take(ImportCertificate),
            ctx.take(CertificateDocument),
        )
        number, sequence = ctx.next_number(office, fy, "IC")
        reference, _ = ctx.next_number(office, fy, "APP")
        created = max(moment - rng.randrange(3600, 5 * DAY), account.epc_decided + 3600)
        submitted = created + rng.random() * (moment - created) * 0.8
        signing, scrutiny = office.signing, office.scrutiny
        if channel != "ices":
            mode = "physical_copy"
        elif firm.registration == "verified":
            mode = "electronic"
        else:
            mode = "urgent_physical"
        # An urgent physical IC is issued in the name of the officer who asked for it
        # (`services.issue.urgent_approve`); the second officer approves.
        issued_by = scrutiny if mode == "urgent_physical" else signing
        app = application_row(
                ctx, app_id, firm, account, created=created, reference=reference,
                channel=channel, total_value=names.rupees(paise), submitted_at=ts(submitted),
                assigned_to_id=scrutiny[0] if rng.random() < 0.5 else None,
                decided_by_id=issued_by[0], decided_at=ts(moment), updated=moment,
        )  # fmt: skip
        self.apps.append(app)
        self.items.extend(item_rows(ctx, app_id, ctx.groups[firm.group], paise))
        account.balance -= paise
        scheme = ctx.scheme_at(moment)
        cancelled_at = None
        if cancelled:
            cancelled_at = min(moment + rng.randrange(1, 20) * DAY, ctx.now - 3600)
            heapq.heappush(
                self.cancellations, (cancelled_at, cert_id, account, paise, number, firm)
            )
        urgent = mode == "urgent_physical"
        report = None if cancelled or not boe else assessed_boe(ctx, moment=moment, cert_id=cert_id, app=app,
                                                     paise=paise, firm=firm)  # fmt: skip
        self.certs.append(
            (
                cert_id, number, office.id, fy, sequence, app_id, firm.id, account.epc_id,
                account.id, names.rupees(paise), names.rupees(account.balance),
                "cancelled" if cancelled else "issued", mode,
                scrutiny[0] if urgent else signing[0], ts(moment), signing[0] if urgent else None,
                URGENT_REASON if urgent else "", scheme.notification_number,
                scheme.notification_serials, scheme.document_code, None, "",
                "Shipment cancelled" if cancelled else "", scrutiny[0] if cancelled else None,
                ts(cancelled_at) if cancelled else None, names.verification_code_for(cert_id),
                ts(report[1]) if report else None, boe_due_on(app[16], moment), None,
            )
        )  # fmt: skip
        self.ledger.append(
            (ctx.take(LedgerEntry), account.id, "debit", "-" + names.rupees(paise),
             names.rupees(account.balance), None, cert_id, f"IC {number}", issued_by[0], ts(moment))
        )  # fmt: skip
        signed = moment + rng.randrange(3, 40)
        file_name = f"IC_{ctx.council}-{office.code}-{fy}-{sequence:06d}.pdf"
        sha = f"{rng.getrandbits(256):064x}"
        size = rng.randrange(60_000, 180_000)
        day = ts(signed)
        self.docs.append(
            (
                doc_id, ts(moment), day, cert_id, "signed", file_name,
                f"certificates/{day[:4]}/{day[5:7]}/{file_name}", sha, size, day,
                f"CN={office.name} Office, O=Council for Leather Exports, C=IN", None, READINESS,
                "", 1, "B-LT", day, TSA_SUBJECT,
            )
        )  # fmt: skip
        self.audit.append(
            _audit(ctx, created, (firm.user_id, firm.user_label), Verb.APP_CREATED,
                   "certificates.application", app_id, reference, firm, {})
        )  # fmt: skip
        self.audit.append(
            _audit(ctx, submitted, (firm.user_id, firm.user_label), Verb.APP_SUBMITTED,
                   "certificates.application", app_id, reference, firm,
                   {"total": names.rupees(paise)})
        )  # fmt: skip
        self.audit.append(
            _audit(ctx, moment, issued_by, Verb.IC_ISSUED, "certificates.importcertificate",
                   cert_id, number, firm,
                   {"number": number, "value": names.rupees(paise), "value_display": names.inr(paise),
                    "delivery_mode": DELIVERY[mode], "balance_after": names.rupees(account.balance)})
        )  # fmt: skip
        self.audit.append(
            _audit(ctx, signed, None, Verb.DOC_SIGNED, "certificates.importcertificate", cert_id,
                   number, firm, {"number": number, "sha256": sha, "size": size})
        )  # fmt: skip
        link = f"{ctx.site_url}/ic/certificates/{number.replace('/', '-')}/"
        rows = 9
        if report is not None:
            self.boes.append(report[0])
            self.audit.append(
                _audit(ctx, report[1], (firm.user_id, firm.user_label), Verb.BOE_REPORTED,
                       "certificates.importcertificate", cert_id, number, firm, report[2])
            )  # fmt: skip
            rows += 2
        if mode == "electronic":
            rows += self._upload(moment, signed, firm, cert_id, doc_id, number, app, scheme, link)
            if self.collector is not None and self.accepted and not cancelled:
                self.collector.add_electronic(
                    moment, cert_id, firm, number, app, scheme.document_code, *self.accepted
                )
        else:
            if self.collector is not None:
                self.collector.add_paper(moment, cert_id, app_id, reference, submitted, firm,
                                         number, mode, channel, cancelled_at)  # fmt: skip
            stamp = self.mails.ic_urgent if urgent else self.mails.ic_physical
            self.mails.rows.append(
                stamp.row(
                    ctx, to=firm.user_email, member_id=firm.id, office_id=office.id, at=moment,
                    member_name=firm.legal_name, ic_number=number, office_name=office.name,
                    delivery=DELIVERY[mode].split(" — ")[0].lower(),
                    link=link,
                )
            )  # fmt: skip
        self.buffer.added(rows)

    def _upload(self, moment, signed, firm, cert_id, doc_id, number, app, scheme, link) -> int:
        ctx, rng = self.ctx, self.ctx.rng
        office = firm.office
        self.accepted = None
        roll = rng.random()
        attempt, at, rows = 1, signed, 0
        if roll < 0.01:  # rejected by ICEGATE; staff retried most of them a day later
            upload_id = ctx.take(Upload)
            self.uploads.append(
                (
                    upload_id, ts(at), ts(at + 20), cert_id, doc_id, office.id, "rejected",
                    "gateway", None, f"ic-{cert_id}-1", 1, None,
                    f"{REJECTION['code']}: {REJECTION['message']}", json.dumps([REJECTION]), "",
                    "", None, None, "", None,
                )
            )  # fmt: skip
            self.audit.append(
                _audit(ctx, at + 20, None, Verb.UPLOAD_REJECTED, "certificates.importcertificate",
                       cert_id, number, firm,
                       {"number": number, "upload": upload_id, "codes": [REJECTION["code"]]})
            )  # fmt: skip
            rows += 2
            if roll < 0.004 or at + DAY > ctx.now:
                return rows
            attempt, at = 2, at + DAY
        upload_id = ctx.take(Upload)
        if ctx.now - moment < DAY and rng.random() < 0.05:  # ICEGATE is down right now
            self.uploads.append(
                (
                    upload_id, ts(at), ts(ctx.now - 600), cert_id, doc_id, office.id,
                    "failed_retrying", "gateway", None, f"ic-{cert_id}-{attempt}", 3,
                    ts(ctx.now + 1800), "ICEGATE answered 503 Service Unavailable", "[]", "", "",
                    None, None, "", None,
                )
            )  # fmt: skip
            return rows + 1
        accepted = at + rng.randrange(5, 90)
        day = ist_day(accepted)
        irn, drn = names.irn_for(upload_id, day), names.drn_for(upload_id, day)
        self.accepted = (irn, drn, accepted)
        self.uploads.append(
            (
                upload_id, ts(at), ts(accepted), cert_id, doc_id, office.id, "accepted",
                "gateway", None, f"ic-{cert_id}-{attempt}", 1, None, "", "[]", irn, drn,
                ts(accepted), None, "", None,
            )
        )  # fmt: skip
        self.audit.append(
            _audit(ctx, accepted, None, Verb.UPLOAD_ACCEPTED, "certificates.importcertificate",
                   cert_id, number, firm,
                   {"number": number, "upload": upload_id, "irn": irn, "drn": drn, "mode": "gateway"})
        )  # fmt: skip
        self.mails.rows.append(
            self.mails.ic_uploaded.row(
                ctx, to=firm.user_email, member_id=firm.id, office_id=office.id, at=accepted,
                dedupe_key=f"ic-uploaded:{upload_id}", member_name=firm.legal_name,
                ic_number=number, invoice_no=app[8], bill_of_entry_no=app[15] or "not yet known",
                drn=drn, irn=irn, uploader_icegate_id=office.icegate_id,
                document_type_code=scheme.document_code, link=link,
            )
        )  # fmt: skip
        return rows + 3


def issue_all(ctx: Ctx, firms: list[Firm], accounts: dict, plan: list[tuple], buffer: Buffer,
              mails: Mails, collector=None) -> None:  # fmt: skip
    issuer = Issuer(ctx, buffer, mails)
    issuer.collector = collector
    for moment, firm_idx, fy_idx, paise, channel, cancelled in plan:
        issuer.issue(
            moment, firms[firm_idx], accounts[(firm_idx, fy_idx)], paise, channel, cancelled
        )
    issuer.cancel_due(float("inf"))
    buffer.flush()
