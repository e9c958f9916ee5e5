"""Who may see which rows: one rule, one function per family of rows, one office guard.

The rule: a member user sees their own firm's rows, office staff their own office's, head office
every row; anyone else is refused (`scope_for` raises). Each family below only says where a row
keeps its firm and its office, as field paths, so this module imports no domain app: selectors
pass their own querysets in. A family without a firm (batches, bulk jobs) shows members nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from icportal.audit.models import STAFF_ONLY_VERBS

from .models import Role, User
from .roles import Scope, require_staff, scope_for


def scoped(qs: QuerySet, user, *, office: str | None, member: str | None) -> QuerySet:
    """`qs` cut to the user's scope. `office`/`member` are lookups of the row's office id and
    firm id (`"office_id"`, `"certificate__member_id"`, `"pk"`); None means members (or staff)
    have no rows of this kind."""
    scope = scope_for(user)
    if scope.member_id is not None:
        return qs.none() if member is None else qs.filter(**{member: scope.member_id})
    if scope.office_id is not None:
        return qs.none() if office is None else qs.filter(**{office: scope.office_id})
    return qs


def in_scope(user, *, member_id: int | None, office_id: int | None) -> bool:
    """`scoped`'s rule for a row already read (its firm and office ids)."""
    scope = scope_for(user)
    if scope.member_id is not None:
        return member_id == scope.member_id
    return scope.office_id is None or office_id == scope.office_id


def require_in_scope(user, *, member_id: int | None, office_id: int | None, what: str) -> Scope:
    """The member-side guard: the firm's own users, or staff of its office (acting for it), or
    head office. `what` names the row in the refusal ("This IC belongs to another firm")."""
    scope = scope_for(user)
    if scope.member_id is not None and scope.member_id != member_id:
        raise PermissionDenied(_("%(what)s belongs to another firm") % {"what": what})
    if scope.office_id is not None and scope.office_id != office_id:
        raise PermissionDenied(_("%(what)s belongs to another office") % {"what": what})
    return scope


def require_own_office(user, *, office_id: int | None, message: str) -> Scope:
    """The office guard: council staff of this office, or head office; `message` is the refusal."""
    scope = require_staff(user)
    if not scope.everything and scope.office_id != office_id:
        raise PermissionDenied(message)
    return scope


# -- One function per family of rows -------------------------------------------------------------


def members(qs: QuerySet, user) -> QuerySet:
    """Member firms."""
    return scoped(qs, user, office="office_id", member="pk")


def applications(qs: QuerySet, user) -> QuerySet:
    """IC applications (their firm and office are their own columns)."""
    return scoped(qs, user, office="office_id", member="member_id")


def certificates(qs: QuerySet, user) -> QuerySet:
    """Import Certificates."""
    return scoped(qs, user, office="office_id", member="member_id")


def copy_requests(qs: QuerySet, user) -> QuerySet:
    """The dispatch register: copy requests of paper ICs."""
    return scoped(qs, user, office="office_id", member="member_id")


def complaints(qs: QuerySet, user) -> QuerySet:
    """Complaints that customs cannot use a DRN/IRN."""
    return scoped(qs, user, office="office_id", member="member_id")


def certificate_rows(qs: QuerySet, user) -> QuerySet:
    """Rows hanging off an IC that copy its office (e-SANCHIT uploads, assessed Bills of Entry):
    the firm is the IC's."""
    return scoped(qs, user, office="office_id", member="certificate__member_id")


def member_rows(qs: QuerySet, user) -> QuerySet:
    """Rows of a firm that carry no office (EPCs, entitlement accounts, daily BoE tables): the
    office is the firm's."""
    return scoped(qs, user, office="member__office_id", member="member_id")


def audit_events(qs: QuerySet, user) -> QuerySet:
    """Audit rows, each stamped with the firm and office it concerns; a member never sees the
    office's own rows (an internal note on their application)."""
    qs = scoped(qs, user, office="office_id", member="member_id")
    if scope_for(user).member_id is not None:
        qs = qs.exclude(verb__in=sorted(STAFF_ONLY_VERBS))
    return qs


def office_rows(qs: QuerySet, user) -> QuerySet:
    """Rows of an office alone (batches, bulk jobs, gateway health): staff only, so a member
    is refused rather than shown an empty list."""
    require_staff(user)
    return scoped(qs, user, office="office_id", member=None)


def mails(qs: QuerySet, user) -> QuerySet:
    """Outbox e-mails. Mails to another account may hold its set-password link: a colleague must
    not read them; staff still see their members' users' mails (to resend an invitation)."""
    scope = scope_for(user)
    others = User.objects.exclude(pk=user.pk)
    if scope.member_id is not None:
        return qs.filter(member_id=scope.member_id).exclude(to__in=others.values("email"))
    if scope.office_id is not None:
        return qs.filter(office_id=scope.office_id).exclude(
            to__in=others.exclude(role=Role.MEMBER).values("email")
        )
    return qs
