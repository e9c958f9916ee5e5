"""One sentence per verb for the timeline, built from the payload, in the reader's language: each
sentence is marked with gettext_noop where it is written and translated by `_say` when read."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import AuditEvent, Verb
from .sentences import LATER, _changes, _p, _say

FORMATTERS: dict[str, Callable[[AuditEvent], str]] = {
    Verb.OFFICE_CREATED: lambda e: _say(
        gettext_noop("created office %(label)s"), label=e.target_label
    ),
    Verb.OFFICE_UPDATED: lambda e: _say(
        gettext_noop("updated office %(label)s (%(changes)s)"),
        label=e.target_label,
        changes=_changes(e),
    ),
    Verb.MEMBER_CREATED: lambda e: _say(
        gettext_noop("created member %(label)s"), label=e.target_label
    ),
    Verb.MEMBER_UPDATED: lambda e: _say(
        gettext_noop("updated the firm's details (%(changes)s)"), changes=_changes(e)
    ),
    Verb.MEMBERS_IMPORTED: lambda e: _say(
        gettext_noop("imported %(count)s members from %(filename)s"),
        count=_p(e, "count", 0),
        filename=_p(e, "filename") or _("a file"),
    ),
    Verb.ICEGATE_CLAIMED: lambda e: _say(
        gettext_noop("gave ICEGATE ID %(icegate_id)s (%(method)s)"),
        icegate_id=_p(e, "icegate_id"),
        method=_p(e, "method_label", _p(e, "method")),
    ),
    Verb.ICEGATE_VERIFIED: lambda e: _say(
        gettext_noop("verified ICEGATE ID %(icegate_id)s — %(how)s"),
        icegate_id=_p(e, "icegate_id"),
        how=_p(e, "how", ""),
    ),
    Verb.ICEGATE_REJECTED: lambda e: _say(
        gettext_noop("returned ICEGATE ID %(icegate_id)s: %(reason)s"),
        icegate_id=_p(e, "icegate_id"),
        reason=_p(e, "reason", ""),
    ),
    Verb.USER_INVITED: lambda e: _say(
        gettext_noop("invited %(email)s as %(role)s"), email=_p(e, "email"), role=_p(e, "role")
    ),
    Verb.USER_DEACTIVATED: lambda e: (
        _say(
            gettext_noop("deactivated user %(label)s and revoked their %(count)s API token(s)"),
            label=e.target_label,
            count=n,
        )
        if (n := _p(e, "tokens_revoked"))
        else _say(gettext_noop("deactivated user %(label)s"), label=e.target_label)
    ),
    Verb.TOKEN_CREATED: lambda e: _say(
        gettext_noop("created API token “%(name)s”"), name=_p(e, "name")
    ),
    Verb.TOKEN_REVOKED: lambda e: _say(
        gettext_noop("revoked API token “%(name)s”"), name=_p(e, "name")
    ),
    Verb.TWO_FACTOR_SET_UP: lambda e: _say(
        gettext_noop("set up two-step verification with an authenticator app")
    ),
    Verb.TWO_FACTOR_VERIFIED: lambda e: _say(
        gettext_noop("passed two-step verification for this sign-in")
    ),
    Verb.EMAIL_RESENT: lambda e: _say(
        gettext_noop("resent e-mail “%(subject)s”"), subject=_p(e, "subject")
    ),
    Verb.SCHEME_VERSION_CREATED: lambda e: _say(
        gettext_noop("set scheme parameters from %(day)s (notification %(number)s)"),
        day=_p(e, "effective_from"),
        number=_p(e, "notification_number"),
    ),
    Verb.ITEM_SAVED: lambda e: _say(
        gettext_noop("saved eligible item “%(label)s”"), label=e.target_label
    ),
    Verb.EPC_SUBMITTED: lambda e: _say(
        gettext_noop("applied for an EPC for %(year)s (%(group)s), FOB %(fob)s"),
        year=_p(e, "financial_year"),
        group=_p(e, "group"),
        fob=_p(e, "fob_total_display"),
    ),
    Verb.EPC_APPROVED: lambda e: _say(
        gettext_noop("approved EPC %(number)s: entitlement %(entitlement)s"),
        number=_p(e, "number"),
        entitlement=_p(e, "entitlement_display"),
    ),
    Verb.EPC_RETURNED: lambda e: _say(
        gettext_noop("returned the EPC application: %(reason)s"), reason=_p(e, "reason")
    ),
    Verb.APP_CREATED: lambda e: _say(
        gettext_noop("started IC application %(label)s"), label=e.target_label
    ),
    Verb.APP_UPDATED: lambda e: (
        _say(
            gettext_noop("marked IC application %(label)s urgent: %(reason)s"),
            label=e.target_label,
            reason=_p(e, "urgent_reason"),
        )
        if _p(e, "urgent") is True
        else _say(
            gettext_noop("removed the urgent mark from IC application %(label)s"),
            label=e.target_label,
        )
        if _p(e, "urgent") is False
        else _say(gettext_noop("saved IC application %(label)s"), label=e.target_label)
    ),
    Verb.APP_DOCUMENT_ADDED: lambda e: _say(
        gettext_noop("attached %(kind)s “%(name)s”"),
        kind=_p(e, "kind_label") or _("a document"),
        name=_p(e, "name"),
    ),
    Verb.APP_SUBMITTED: lambda e: _say(
        gettext_noop("submitted IC application %(label)s"), label=e.target_label
    ),
    Verb.APP_WITHDRAWN: lambda e: _say(
        gettext_noop("withdrew IC application %(label)s"), label=e.target_label
    ),
    Verb.APP_ASSIGNED: lambda e: _say(
        gettext_noop("took IC application %(label)s"), label=e.target_label
    ),
    Verb.APP_QUERIED: lambda e: _say(
        gettext_noop("raised a query on %(label)s: %(question)s"),
        label=e.target_label,
        question=_p(e, "question"),
    ),
    Verb.APP_NOTE_ADDED: lambda e: _say(
        gettext_noop("left an internal note on %(label)s"), label=e.target_label
    ),
    Verb.APP_REPLIED: lambda e: _say(
        gettext_noop("answered the query on %(label)s"), label=e.target_label
    ),
    Verb.APP_REJECTED: lambda e: _say(
        gettext_noop("rejected %(label)s: %(reason)s"), label=e.target_label, reason=_p(e, "reason")
    ),
    Verb.CHARGE_RECORDED: lambda e: _say(
        gettext_noop("recorded the service charge as paid (receipt %(receipt)s)"),
        receipt=_p(e, "receipt_no"),
    ),
    Verb.URGENT_REQUESTED: lambda e: _say(
        gettext_noop("asked for an urgent physical IC: %(reason)s"), reason=_p(e, "reason")
    ),
    Verb.URGENT_DECLINED: lambda e: _say(
        gettext_noop("declined the urgent physical IC: %(reason)s"), reason=_p(e, "reason")
    ),
    Verb.URGENT_APPROVED: lambda e: _say(
        gettext_noop(
            "approved urgent physical IC %(number)s as the second officer "
            "(asked by %(requested_by)s; %(factor)s)"
        ),
        number=_p(e, "number"),
        requested_by=_p(e, "requested_by"),
        factor=_("second factor verified")
        if _p(e, "second_factor_verified")
        else _("no second factor"),
    ),
    **LATER,
}


def describe(event: AuditEvent) -> str:
    formatter = FORMATTERS.get(event.verb)
    return formatter(event) if formatter else event.get_verb_display()
