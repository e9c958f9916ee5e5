"""One sentence per verb for the timeline, built from the payload."""

from __future__ import annotations

from collections.abc import Callable

from django.template.defaultfilters import pluralize

from .models import AuditEvent, Verb


def _changes(event: AuditEvent) -> str:
    changed = event.payload.get("changed", {})
    if not changed:
        return "no fields changed"
    return "; ".join(f"{field}: {v[0] or '—'} → {v[1] or '—'}" for field, v in changed.items())


FORMATTERS: dict[str, Callable[[AuditEvent], str]] = {
    Verb.OFFICE_CREATED: lambda e: f"created office {e.target_label}",
    Verb.OFFICE_UPDATED: lambda e: f"updated office {e.target_label} ({_changes(e)})",
    Verb.MEMBER_CREATED: lambda e: f"created member {e.target_label}",
    Verb.MEMBER_UPDATED: lambda e: f"updated the firm's details ({_changes(e)})",
    Verb.MEMBERS_IMPORTED: lambda e: (
        f"imported {e.payload.get('count', 0)} members from {e.payload.get('filename', 'a file')}"
    ),
    Verb.ICEGATE_CLAIMED: lambda e: (
        f"gave ICEGATE ID {e.payload.get('icegate_id')} "
        f"({e.payload.get('method_label', e.payload.get('method'))})"
    ),
    Verb.ICEGATE_VERIFIED: lambda e: (
        f"verified ICEGATE ID {e.payload.get('icegate_id')} — {e.payload.get('how', '')}"
    ),
    Verb.ICEGATE_REJECTED: lambda e: (
        f"returned ICEGATE ID {e.payload.get('icegate_id')}: {e.payload.get('reason', '')}"
    ),
    Verb.USER_INVITED: lambda e: f"invited {e.payload.get('email')} as {e.payload.get('role')}",
    Verb.USER_DEACTIVATED: lambda e: (
        f"deactivated user {e.target_label}"
        + (f" and revoked their {n} API token(s)" if (n := e.payload.get("tokens_revoked")) else "")
    ),
    Verb.TOKEN_CREATED: lambda e: f"created API token “{e.payload.get('name')}”",
    Verb.TOKEN_REVOKED: lambda e: f"revoked API token “{e.payload.get('name')}”",
    Verb.TWO_FACTOR_SET_UP: lambda e: "set up two-step verification with an authenticator app",
    Verb.TWO_FACTOR_VERIFIED: lambda e: "passed two-step verification for this sign-in",
    Verb.EMAIL_RESENT: lambda e: f"resent e-mail “{e.payload.get('subject')}”",
    Verb.SCHEME_VERSION_CREATED: lambda e: (
        f"set scheme parameters from {e.payload.get('effective_from')} "
        f"(notification {e.payload.get('notification_number')})"
    ),
    Verb.ITEM_SAVED: lambda e: f"saved eligible item “{e.target_label}”",
    Verb.EPC_SUBMITTED: lambda e: (
        f"applied for an EPC for {e.payload.get('financial_year')} ({e.payload.get('group')}), "
        f"FOB {e.payload.get('fob_total_display')}"
    ),
    Verb.EPC_APPROVED: lambda e: (
        f"approved EPC {e.payload.get('number')}: entitlement {e.payload.get('entitlement_display')}"
    ),
    Verb.EPC_RETURNED: lambda e: f"returned the EPC application: {e.payload.get('reason')}",
    Verb.APP_CREATED: lambda e: f"started IC application {e.target_label}",
    Verb.APP_UPDATED: lambda e: (
        f"marked IC application {e.target_label} urgent: {e.payload.get('urgent_reason')}"
        if e.payload.get("urgent") is True
        else f"removed the urgent mark from IC application {e.target_label}"
        if e.payload.get("urgent") is False
        else f"saved IC application {e.target_label}"
    ),
    Verb.APP_DOCUMENT_ADDED: lambda e: (
        f"attached {e.payload.get('kind_label', 'a document')} “{e.payload.get('name')}”"
    ),
    Verb.APP_SUBMITTED: lambda e: f"submitted IC application {e.target_label}",
    Verb.APP_WITHDRAWN: lambda e: f"withdrew IC application {e.target_label}",
    Verb.APP_ASSIGNED: lambda e: f"took IC application {e.target_label}",
    Verb.APP_QUERIED: lambda e: f"raised a query on {e.target_label}: {e.payload.get('question')}",
    Verb.APP_NOTE_ADDED: lambda e: f"left an internal note on {e.target_label}",
    Verb.APP_REPLIED: lambda e: f"answered the query on {e.target_label}",
    Verb.APP_REJECTED: lambda e: f"rejected {e.target_label}: {e.payload.get('reason')}",
    Verb.CHARGE_RECORDED: lambda e: (
        f"recorded the service charge as paid (receipt {e.payload.get('receipt_no')})"
    ),
    Verb.URGENT_REQUESTED: lambda e: f"asked for an urgent physical IC: {e.payload.get('reason')}",
    Verb.URGENT_DECLINED: lambda e: f"declined the urgent physical IC: {e.payload.get('reason')}",
    Verb.URGENT_APPROVED: lambda e: (
        f"approved urgent physical IC {e.payload.get('number')} as the second officer "
        f"(asked by {e.payload.get('requested_by')}; "
        f"{'second factor verified' if e.payload.get('second_factor_verified') else 'no second factor'})"
    ),
    Verb.IC_ISSUED: lambda e: (
        f"issued IC {e.payload.get('number')} for {e.payload.get('value_display')} "
        f"({e.payload.get('delivery_mode')})"
    ),
    Verb.IC_CANCELLED: lambda e: (
        f"cancelled IC {e.payload.get('number')}: {e.payload.get('reason')}"
    ),
    Verb.IC_REPLACED: lambda e: (
        f"replaced IC {e.payload.get('original')} by {e.payload.get('number')}: "
        f"{e.payload.get('reason')}"
    ),
    Verb.BOE_REPORTED: lambda e: (
        f"reported assessed Bill of Entry {e.payload.get('boe_no')} "
        f"for {e.payload.get('assessed_value_display')}"
    ),
    Verb.BOE_ADJUSTED: lambda e: (
        f"adjusted the entitlement by {e.payload.get('amount_display')} to the assessed value"
    ),
    Verb.DOC_SIGNED: lambda e: (
        f"signed the PDF of IC {e.payload.get('number')}"
        + (f" with the DSC of {e.payload['signer']}" if e.payload.get("signer") else "")
        + (f" for {e.payload['issued_by']}" if e.payload.get("issued_by") else "")
        + f" (SHA-256 {e.payload.get('sha256', '')[:16]}…)"
    ),
    Verb.DOC_FAILED: lambda e: (
        f"could not sign the PDF of IC {e.payload.get('number')}: {e.payload.get('error')}"
    ),
    Verb.DOC_RETRIED: lambda e: f"asked to sign the PDF of IC {e.payload.get('number')} again",
    Verb.DOC_ARCHIVED: lambda e: (
        f"added an archive timestamp to the PDF of IC {e.payload.get('number')}: version "
        f"{e.payload.get('version')} ({e.payload.get('level', '')}, SHA-256 "
        f"{e.payload.get('sha256', '')[:16]}…)"
    ),
    Verb.DOC_ARCHIVE_FAILED: lambda e: (
        f"could not add an archive timestamp to the PDF of IC {e.payload.get('number')}: "
        f"{e.payload.get('error')}"
    ),
    Verb.UPLOAD_ACCEPTED: lambda e: (
        f"recorded IRN {e.payload.get('irn')} and DRN {e.payload.get('drn')} for IC "
        f"{e.payload.get('number')} ({e.payload.get('mode')} upload)"
    ),
    Verb.UPLOAD_REJECTED: lambda e: (
        f"e-SANCHIT rejected IC {e.payload.get('number')}: {', '.join(e.payload.get('codes', []))}"
    ),
    Verb.UPLOAD_RETRIED: lambda e: f"asked to upload IC {e.payload.get('number')} again",
    Verb.UPLOAD_MANUAL: lambda e: f"marked IC {e.payload.get('number')} for manual upload",
    Verb.UPLOAD_BATCHED: lambda e: (
        f"built manual upload batch {e.payload.get('batch')} of {e.payload.get('count')} ICs"
    ),
    Verb.COPY_REQUESTED: lambda e: (
        f"asked for a physical copy of IC {e.payload.get('ic')}: {e.payload.get('reason')}"
    ),
    Verb.COPY_APPROVED: lambda e: f"approved physical copy {e.payload.get('reference')}",
    Verb.COPY_DECLINED: lambda e: (
        f"declined physical copy {e.payload.get('reference')}: {e.payload.get('reason')}"
    ),
    Verb.COPY_PRINTED: lambda e: (
        f"printed copy {e.payload.get('copy_number')} of IC {e.payload.get('ic')}"
    ),
    Verb.COPY_DISPATCHED: lambda e: (
        f"dispatched copy {e.payload.get('copy_number')} of IC {e.payload.get('ic')} "
        f"{e.payload.get('how')}"
    ),
    Verb.COPY_ACKNOWLEDGED: lambda e: f"acknowledged receipt of {e.payload.get('reference')}",
    Verb.COMPLAINT_FILED: lambda e: (
        f"filed complaint {e.payload.get('reference')} about IC {e.payload.get('ic')}"
    ),
    Verb.COMPLAINT_DIAGNOSED: lambda e: (
        f"ran the diagnosis of {e.target_label}: {', '.join(e.payload.get('codes', []))}"
    ),
    Verb.COMPLAINT_ASSIGNED: lambda e: f"took complaint {e.target_label}",
    Verb.COMPLAINT_NOTED: lambda e: (
        f"{'sent the member an update' if e.payload.get('member_visible') else 'added a note'} "
        f"on {e.target_label}"
    ),
    Verb.COMPLAINT_ESCALATED: lambda e: (
        f"escalated {e.target_label} to {e.payload.get('side_label', 'the ICEGATE helpdesk')} "
        f"({e.payload.get('to')})" + (f": {e.payload['why']}" if e.payload.get("why") else "")
    ),
    Verb.COMPLAINT_RESOLVED: lambda e: f"resolved {e.target_label}: {e.payload.get('cause')}",
    Verb.COMPLAINT_ASKED: lambda e: f"asked the member a question on {e.target_label}",
    Verb.COMPLAINT_MEMBER_WROTE: lambda e: (
        f"{'replied to the office' if e.payload.get('reply') else 'added information'} "
        f"on {e.target_label}"
    ),
    Verb.BULK_JOB_STARTED: lambda e: (
        f"started a bulk action: {e.payload.get('kind_label', '').lower()} "
        f"({e.payload.get('total')} item{pluralize(e.payload.get('total'))})"
    ),
    Verb.SIGNED_IN: lambda e: f"signed in{_from(e)}",
    Verb.SIGN_IN_FAILED: lambda e: (
        f"tried to sign in as “{e.payload.get('username', '')}”{_from(e)}: "
        f"{e.payload.get('why', 'wrong e-mail address or password')}"
    ),
    Verb.PASSWORD_RESET_REQUESTED: lambda e: (
        f"asked for a password reset for “{e.payload.get('email', '')}”{_from(e)}"
        f"{'' if e.payload.get('known') else ' (no active account: no e-mail sent)'}"
    ),
    Verb.FILE_DOWNLOADED: lambda e: (
        f"downloaded {e.payload.get('what', 'a file')} ({e.payload.get('name', e.target_label)})"
        f"{' through the API' if e.payload.get('via') == 'api' else ''}"
    ),
    Verb.LIST_EXPORTED: lambda e: (
        f"exported the list “{e.payload.get('list')}” as {str(e.payload.get('format', '')).upper()}"
        f"{_filters(e)}"
    ),
    Verb.PASSWORD_SET: lambda e: "set a new password through the e-mailed link",
    Verb.TWO_FACTOR_RESET: lambda e: (
        f"removed the authenticator app of {e.payload.get('email')} "
        f"({e.payload.get('devices', 0)} device(s)): a new one is set up at the next signing action"
    ),
    # --- customs houses and notices to customs (issue 15 §2) ---
    Verb.CUSTOMS_HOUSE_CREATED: lambda e: f"added customs house {e.target_label} to the directory",
    Verb.CUSTOMS_HOUSE_UPDATED: lambda e: f"changed customs house {e.target_label} ({_changes(e)})",
    Verb.CUSTOMS_NOTICE_SENT: lambda e: (
        f"told {e.payload.get('customs_house')} ({e.payload.get('to')}) that IC "
        f"{e.payload.get('ic')} was {e.payload.get('event')}: a signed letter and a mail"
    ),
    Verb.CUSTOMS_NOTICE_BY_HAND: lambda e: (
        f"found no customs house on file for port {e.payload.get('port_code')}: the notice that "
        f"IC {e.payload.get('ic')} was {e.payload.get('event')} is to be sent by hand"
    ),
    Verb.CUSTOMS_NOTICE_HAND_SENT: lambda e: (
        f"sent the notice that IC {e.payload.get('ic')} was {e.payload.get('event')} to customs "
        f"by hand: {e.payload.get('how')}"
    ),
    Verb.CUSTOMS_NOTICE_RESENT: lambda e: (
        f"sent the notice that IC {e.payload.get('ic')} was {e.payload.get('event')} again, to "
        f"{e.payload.get('to')}"
    ),
    # --- head office runs the users (issue 17 §5) ---
    Verb.USER_UPDATED: lambda e: f"changed the account of {e.target_label} ({_changes(e)})",
    Verb.BACKUP_CODES_MADE: lambda e: (
        f"made {e.payload.get('count')} new backup codes (any earlier ones no longer work)"
    ),
    Verb.BOE_REVIEWED: lambda e: (
        f"reviewed assessed Bill of Entry {e.payload.get('boe_no')}: no adjustment to the entitlement"
    ),
}


def _from(event: AuditEvent) -> str:
    ip = event.payload.get("ip")
    return f" from {ip}" if ip else ""


def _filters(event: AuditEvent) -> str:
    filters = event.payload.get("filters") or {}
    if not filters:
        return ""
    return " (" + ", ".join(f"{k}: {v}" for k, v in sorted(filters.items())) + ")"


def describe(event: AuditEvent) -> str:
    formatter = FORMATTERS.get(event.verb)
    return formatter(event) if formatter else event.get_verb_display()
