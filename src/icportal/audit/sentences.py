"""Timeline sentences, part two (issue, documents, e-SANCHIT, copies, complaints, access, customs)
and the helpers both parts use: words translated when read, the payload's values as recorded."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from .models import AuditEvent, Verb


def _changes(event: AuditEvent) -> str:
    changed = event.payload.get("changed", {})
    if not changed:
        return _("no fields changed")
    return "; ".join(f"{field}: {v[0] or '—'} → {v[1] or '—'}" for field, v in changed.items())


def _say(text: str, **values) -> str:
    """One timeline sentence in the reader's language: the words translated, the payload's
    values (numbers, names, reasons) put in as they were recorded."""
    return _(text) % values if values else _(text)


def _p(event: AuditEvent, key: str, default: object = None) -> object:
    return event.payload.get(key, default)


def _signed(e: AuditEvent) -> str:
    values = {
        "number": _p(e, "number"),
        "signer": _p(e, "signer"),
        "issued_by": _p(e, "issued_by"),
        "sha": _p(e, "sha256", "")[:16],
    }
    if values["signer"] and values["issued_by"]:
        text = gettext_noop(
            "signed the PDF of IC %(number)s with the DSC of %(signer)s for %(issued_by)s (SHA-256 %(sha)s…)"
        )
    elif values["signer"]:
        text = gettext_noop(
            "signed the PDF of IC %(number)s with the DSC of %(signer)s (SHA-256 %(sha)s…)"
        )
    elif values["issued_by"]:
        text = gettext_noop("signed the PDF of IC %(number)s for %(issued_by)s (SHA-256 %(sha)s…)")
    else:
        text = gettext_noop("signed the PDF of IC %(number)s (SHA-256 %(sha)s…)")
    return _say(text, **values)


def _count(value: object) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _language_name(code: str) -> str:
    names = dict(settings.LANGUAGES)
    return names.get(code) or _("as the browser asks")


def _from(event: AuditEvent, without: str, with_ip: str) -> str:
    """`with_ip` (naming %(ip)s) when the payload has the client's address, else `without`."""
    ip = event.payload.get("ip")
    if ip:
        return _say(with_ip, ip=ip)
    return _say(without) if without else ""


def _filters(event: AuditEvent) -> str:
    filters = event.payload.get("filters") or {}
    if not filters:
        return ""
    return " (" + ", ".join(f"{k}: {v}" for k, v in sorted(filters.items())) + ")"


LATER: dict[str, Callable[[AuditEvent], str]] = {
    Verb.IC_ISSUED: lambda e: _say(
        gettext_noop("issued IC %(number)s for %(value)s (%(mode)s)"),
        number=_p(e, "number"),
        value=_p(e, "value_display"),
        mode=_p(e, "delivery_mode"),
    ),
    Verb.IC_CANCELLED: lambda e: _say(
        gettext_noop("cancelled IC %(number)s: %(reason)s"),
        number=_p(e, "number"),
        reason=_p(e, "reason"),
    ),
    Verb.IC_REPLACED: lambda e: _say(
        gettext_noop("replaced IC %(original)s by %(number)s: %(reason)s"),
        original=_p(e, "original"),
        number=_p(e, "number"),
        reason=_p(e, "reason"),
    ),
    Verb.BOE_REPORTED: lambda e: _say(
        gettext_noop("reported assessed Bill of Entry %(boe)s for %(value)s"),
        boe=_p(e, "boe_no"),
        value=_p(e, "assessed_value_display"),
    ),
    Verb.BOE_ADJUSTED: lambda e: _say(
        gettext_noop("adjusted the entitlement by %(amount)s to the assessed value"),
        amount=_p(e, "amount_display"),
    ),
    Verb.DOC_SIGNED: lambda e: _signed(e),
    Verb.DOC_FAILED: lambda e: _say(
        gettext_noop("could not sign the PDF of IC %(number)s: %(error)s"),
        number=_p(e, "number"),
        error=_p(e, "error"),
    ),
    Verb.DOC_RETRIED: lambda e: _say(
        gettext_noop("asked to sign the PDF of IC %(number)s again"), number=_p(e, "number")
    ),
    Verb.DOC_ARCHIVED: lambda e: _say(
        gettext_noop(
            "added an archive timestamp to the PDF of IC %(number)s: version %(version)s "
            "(%(level)s, SHA-256 %(sha)s…)"
        ),
        number=_p(e, "number"),
        version=_p(e, "version"),
        level=_p(e, "level", ""),
        sha=_p(e, "sha256", "")[:16],
    ),
    Verb.DOC_ARCHIVE_FAILED: lambda e: _say(
        gettext_noop("could not add an archive timestamp to the PDF of IC %(number)s: %(error)s"),
        number=_p(e, "number"),
        error=_p(e, "error"),
    ),
    Verb.UPLOAD_ACCEPTED: lambda e: _say(
        gettext_noop("recorded IRN %(irn)s and DRN %(drn)s for IC %(number)s (%(mode)s upload)"),
        irn=_p(e, "irn"),
        drn=_p(e, "drn"),
        number=_p(e, "number"),
        mode=_p(e, "mode"),
    ),
    Verb.UPLOAD_REJECTED: lambda e: _say(
        gettext_noop("e-SANCHIT rejected IC %(number)s: %(codes)s"),
        number=_p(e, "number"),
        codes=", ".join(_p(e, "codes", [])),
    ),
    Verb.UPLOAD_RETRIED: lambda e: _say(
        gettext_noop("asked to upload IC %(number)s again"), number=_p(e, "number")
    ),
    Verb.UPLOAD_MANUAL: lambda e: _say(
        gettext_noop("marked IC %(number)s for manual upload"), number=_p(e, "number")
    ),
    Verb.UPLOAD_BATCHED: lambda e: _say(
        gettext_noop("built manual upload batch %(batch)s of %(count)s ICs"),
        batch=_p(e, "batch"),
        count=_p(e, "count"),
    ),
    Verb.COPY_REQUESTED: lambda e: _say(
        gettext_noop("asked for a physical copy of IC %(ic)s: %(reason)s"),
        ic=_p(e, "ic"),
        reason=_p(e, "reason"),
    ),
    Verb.COPY_APPROVED: lambda e: _say(
        gettext_noop("approved physical copy %(reference)s"), reference=_p(e, "reference")
    ),
    Verb.COPY_DECLINED: lambda e: _say(
        gettext_noop("declined physical copy %(reference)s: %(reason)s"),
        reference=_p(e, "reference"),
        reason=_p(e, "reason"),
    ),
    Verb.COPY_PRINTED: lambda e: _say(
        gettext_noop("printed copy %(copy)s of IC %(ic)s"),
        copy=_p(e, "copy_number"),
        ic=_p(e, "ic"),
    ),
    Verb.COPY_DISPATCHED: lambda e: _say(
        gettext_noop("dispatched copy %(copy)s of IC %(ic)s %(how)s"),
        copy=_p(e, "copy_number"),
        ic=_p(e, "ic"),
        how=_p(e, "how"),
    ),
    Verb.COPY_ACKNOWLEDGED: lambda e: _say(
        gettext_noop("acknowledged receipt of %(reference)s"), reference=_p(e, "reference")
    ),
    Verb.COMPLAINT_FILED: lambda e: _say(
        gettext_noop("filed complaint %(reference)s about IC %(ic)s"),
        reference=_p(e, "reference"),
        ic=_p(e, "ic"),
    ),
    Verb.COMPLAINT_DIAGNOSED: lambda e: _say(
        gettext_noop("ran the diagnosis of %(label)s: %(codes)s"),
        label=e.target_label,
        codes=", ".join(_p(e, "codes", [])),
    ),
    Verb.COMPLAINT_ASSIGNED: lambda e: _say(
        gettext_noop("took complaint %(label)s"), label=e.target_label
    ),
    Verb.COMPLAINT_NOTED: lambda e: (
        _say(gettext_noop("sent the member an update on %(label)s"), label=e.target_label)
        if _p(e, "member_visible")
        else _say(gettext_noop("added a note on %(label)s"), label=e.target_label)
    ),
    Verb.COMPLAINT_ESCALATED: lambda e: (
        _say(
            gettext_noop("escalated %(label)s to %(side)s (%(to)s): %(why)s"),
            label=e.target_label,
            side=_p(e, "side_label") or _("the ICEGATE helpdesk"),
            to=_p(e, "to"),
            why=e.payload["why"],
        )
        if _p(e, "why")
        else _say(
            gettext_noop("escalated %(label)s to %(side)s (%(to)s)"),
            label=e.target_label,
            side=_p(e, "side_label") or _("the ICEGATE helpdesk"),
            to=_p(e, "to"),
        )
    ),
    Verb.COMPLAINT_RESOLVED: lambda e: _say(
        gettext_noop("resolved %(label)s: %(cause)s"), label=e.target_label, cause=_p(e, "cause")
    ),
    Verb.COMPLAINT_ASKED: lambda e: _say(
        gettext_noop("asked the member a question on %(label)s"), label=e.target_label
    ),
    Verb.COMPLAINT_MEMBER_WROTE: lambda e: (
        _say(gettext_noop("replied to the office on %(label)s"), label=e.target_label)
        if _p(e, "reply")
        else _say(gettext_noop("added information on %(label)s"), label=e.target_label)
    ),
    Verb.BULK_JOB_STARTED: lambda e: (
        ngettext(
            "started a bulk action: %(kind)s (%(total)s item)",
            "started a bulk action: %(kind)s (%(total)s items)",
            _count(_p(e, "total")),
        )
        % {"kind": str(_p(e, "kind_label", "")).lower(), "total": _p(e, "total")}
    ),
    Verb.SIGNED_IN: lambda e: _from(
        e, gettext_noop("signed in"), gettext_noop("signed in from %(ip)s")
    ),
    Verb.SIGN_IN_FAILED: lambda e: _say(
        gettext_noop("tried to sign in as “%(username)s”%(where)s: %(why)s"),
        username=_p(e, "username", ""),
        where=_from(e, "", gettext_noop(" from %(ip)s")),
        why=_p(e, "why") or _("wrong e-mail address or password"),
    ),
    Verb.PASSWORD_RESET_REQUESTED: lambda e: _say(
        gettext_noop("asked for a password reset for “%(email)s”%(where)s")
        if _p(e, "known")
        else gettext_noop(
            "asked for a password reset for “%(email)s”%(where)s (no active account: no e-mail sent)"
        ),
        email=_p(e, "email", ""),
        where=_from(e, "", gettext_noop(" from %(ip)s")),
    ),
    Verb.FILE_DOWNLOADED: lambda e: _say(
        gettext_noop("downloaded %(what)s (%(name)s) through the API")
        if _p(e, "via") == "api"
        else gettext_noop("downloaded %(what)s (%(name)s)"),
        what=_p(e, "what") or _("a file"),
        name=_p(e, "name", e.target_label),
    ),
    Verb.LIST_EXPORTED: lambda e: _say(
        gettext_noop("exported the list “%(list)s” as %(format)s%(filters)s"),
        list=_p(e, "list"),
        format=str(_p(e, "format", "")).upper(),
        filters=_filters(e),
    ),
    Verb.PASSWORD_SET: lambda e: _say(gettext_noop("set a new password through the e-mailed link")),
    Verb.TWO_FACTOR_RESET: lambda e: _say(
        gettext_noop(
            "removed the authenticator app of %(email)s (%(devices)s device(s)): a new one is set "
            "up at the next signing action"
        ),
        email=_p(e, "email"),
        devices=_p(e, "devices", 0),
    ),
    # --- customs houses and notices to customs (issue 15 §2) ---
    Verb.CUSTOMS_HOUSE_CREATED: lambda e: _say(
        gettext_noop("added customs house %(label)s to the directory"), label=e.target_label
    ),
    Verb.CUSTOMS_HOUSE_UPDATED: lambda e: _say(
        gettext_noop("changed customs house %(label)s (%(changes)s)"),
        label=e.target_label,
        changes=_changes(e),
    ),
    Verb.CUSTOMS_NOTICE_SENT: lambda e: _say(
        gettext_noop(
            "told %(house)s (%(to)s) that IC %(ic)s was %(event)s: a signed letter and a mail"
        ),
        house=_p(e, "customs_house"),
        to=_p(e, "to"),
        ic=_p(e, "ic"),
        event=_p(e, "event"),
    ),
    Verb.CUSTOMS_NOTICE_BY_HAND: lambda e: _say(
        gettext_noop(
            "found no customs house on file for port %(port)s: the notice that IC %(ic)s was "
            "%(event)s is to be sent by hand"
        ),
        port=_p(e, "port_code"),
        ic=_p(e, "ic"),
        event=_p(e, "event"),
    ),
    Verb.CUSTOMS_NOTICE_HAND_SENT: lambda e: _say(
        gettext_noop("sent the notice that IC %(ic)s was %(event)s to customs by hand: %(how)s"),
        ic=_p(e, "ic"),
        event=_p(e, "event"),
        how=_p(e, "how"),
    ),
    Verb.CUSTOMS_NOTICE_RESENT: lambda e: _say(
        gettext_noop("sent the notice that IC %(ic)s was %(event)s again, to %(to)s"),
        ic=_p(e, "ic"),
        event=_p(e, "event"),
        to=_p(e, "to"),
    ),
    # --- head office runs the users (issue 17 §5) ---
    Verb.USER_UPDATED: lambda e: _say(
        gettext_noop("changed the account of %(label)s (%(changes)s)"),
        label=e.target_label,
        changes=_changes(e),
    ),
    Verb.BACKUP_CODES_MADE: lambda e: _say(
        gettext_noop("made %(count)s new backup codes (any earlier ones no longer work)"),
        count=_p(e, "count"),
    ),
    Verb.BOE_REVIEWED: lambda e: _say(
        gettext_noop("reviewed assessed Bill of Entry %(boe)s: no adjustment to the entitlement"),
        boe=_p(e, "boe_no"),
    ),
    # --- issue 18 ---
    Verb.USER_LANGUAGE_SET: lambda e: _say(
        gettext_noop("chose the language of pages and mails: %(language)s"),
        language=_language_name(_p(e, "to", "")),
    ),
}
