"""Work in progress this financial year: submitted, query, draft, rejected and withdrawn applications.

They give the office queues and the member lists something besides issued ICs. Submitted and query
applications carry their invoice and draft Bill of Entry (rows only; no files are written).
"""

from __future__ import annotations

from icportal.audit.models import AuditEvent, Verb
from icportal.certificates.models import Application, Attachment, Item, Query

from .certs import APP_FIELDS, ITEM_FIELDS, _audit, application_row, item_rows
from .context import DAY, Ctx
from .firms import AUDIT_FIELDS, Firm
from .mails import Mails
from .plan import Account, issue_window
from .writer import Buffer, ts

STATUSES = ["submitted", "query", "draft", "rejected", "withdrawn"]
STATUS_WEIGHTS = [40, 15, 25, 15, 5]
ATTACHMENT_FIELDS = (
    "id", "application_id", "kind", "file", "original_name", "size", "sha256", "uploaded_by_id",
    "uploaded_at",
)  # fmt: skip
QUERY_FIELDS = (
    "id", "application_id", "question", "asked_by_id", "asked_at", "reply", "replied_by_id",
    "replied_at",
)  # fmt: skip
QUESTION = "Please upload the supplier's proforma invoice; the commercial invoice is illegible."
REASON = "The items are not on the eligible list for the EPC's segment group."


def open_applications(ctx: Ctx, firms: list[Firm], accounts: dict, count: int, buffer: Buffer,
                      mails: Mails) -> None:  # fmt: skip
    rng = ctx.rng
    year = len(ctx.fys) - 1
    candidates = [f for f in firms if (f.idx, year) in accounts]
    if not candidates:
        return
    weights = [f.weight for f in candidates]
    apps = buffer.table(Application, APP_FIELDS)
    items = buffer.table(Item, ITEM_FIELDS)
    attachments = buffer.table(Attachment, ATTACHMENT_FIELDS)
    queries = buffer.table(Query, QUERY_FIELDS)
    audit = buffer.table(AuditEvent, AUDIT_FIELDS)
    lo, hi = issue_window(ctx, ctx.fys[year])
    plans = []
    for firm in rng.choices(candidates, weights=weights, k=count):
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        if status in ("rejected", "withdrawn"):
            created = lo + rng.random() * (hi - lo - DAY)
        else:
            created = max(lo, ctx.now - rng.random() * (20 if status == "draft" else 6) * DAY)
        plans.append((created, firm, status))
    plans.sort(key=lambda p: p[0])
    for created, firm, status in plans:
        account: Account = accounts[(firm.idx, year)]
        office = firm.office
        app_id = ctx.take(Application)
        reference, _ = ctx.next_number(office, account.fy, "APP")
        paise = rng.randrange(20_000, 200_000) * 100
        link = f"{ctx.site_url}/ic/applications/{reference.replace('/', '-')}/"
        member = (firm.user_id, firm.user_label)
        scrutiny = office.scrutiny
        submitted = (
            None
            if status in ("draft", "withdrawn")
            else created + rng.random() * min(DAY, ctx.now - created)
        )
        fields = {"status": status, "total_value": "0.00", "version": 2}
        rows = 2
        if status != "draft" or rng.random() < 0.6:
            items.extend(item_rows(ctx, app_id, ctx.groups[firm.group], paise))
            fields["total_value"] = f"{paise // 100}.00"
        audit.append(
            _audit(ctx, created, member, Verb.APP_CREATED, "certificates.application", app_id,
                   reference, firm, {})
        )  # fmt: skip
        if submitted is not None:
            fields.update(submitted_at=ts(submitted), updated=submitted, version=3)
            audit.append(
                _audit(ctx, submitted, member, Verb.APP_SUBMITTED, "certificates.application",
                       app_id, reference, firm, {"total": fields["total_value"]})
            )  # fmt: skip
            for kind, name in (("invoice", "invoice.pdf"), ("draft_boe", "checklist.pdf")):
                attachments.append(
                    (ctx.take(Attachment), app_id, kind,
                     f"applications/{ts(created)[:4]}/{ts(created)[5:7]}/{app_id}-{name}", name,
                     rng.randrange(40_000, 400_000), f"{rng.getrandbits(256):064x}",
                     firm.user_id, ts(created + 60))
                )  # fmt: skip
                rows += 1
        if status == "submitted" and rng.random() < 0.4:
            fields["assigned_to_id"] = scrutiny[0]
        if status == "query":
            asked = submitted + rng.random() * max(ctx.now - submitted, 60) * 0.5
            fields.update(assigned_to_id=scrutiny[0], updated=asked, version=5)
            queries.append(
                (ctx.take(Query), app_id, QUESTION, scrutiny[0], ts(asked), "", None, None)
            )
            audit.append(
                _audit(ctx, asked, scrutiny, Verb.APP_QUERIED, "certificates.application", app_id,
                       reference, firm, {"question": QUESTION})
            )  # fmt: skip
            mails.rows.append(
                mails.query_raised.row(
                    ctx, to=firm.user_email, member_id=firm.id, office_id=office.id, at=asked,
                    member_name=firm.legal_name, reference=reference, question=QUESTION,
                    office_name=office.name, link=link,
                )
            )  # fmt: skip
            rows += 3
        if status == "rejected":
            decided = submitted + rng.random() * DAY
            fields.update(
                decided_by_id=scrutiny[0], decided_at=ts(decided), reject_reason=REASON,
                updated=decided, version=4,
            )  # fmt: skip
            audit.append(
                _audit(ctx, decided, scrutiny, Verb.APP_REJECTED, "certificates.application",
                       app_id, reference, firm, {"reason": REASON})
            )  # fmt: skip
            mails.rows.append(
                mails.rejected.row(
                    ctx, to=firm.user_email, member_id=firm.id, office_id=office.id, at=decided,
                    member_name=firm.legal_name, reference=reference, reason=REASON,
                    office_name=office.name, link=link,
                )
            )  # fmt: skip
            rows += 2
        if status == "withdrawn":
            withdrawn = created + rng.random() * DAY
            fields.update(updated=withdrawn)
            audit.append(
                _audit(ctx, withdrawn, member, Verb.APP_WITHDRAWN, "certificates.application",
                       app_id, reference, firm, {})
            )  # fmt: skip
        apps.append(application_row(ctx, app_id, firm, account, created=created,
                                    reference=reference, **fields))  # fmt: skip
        buffer.added(rows)
    buffer.flush()
