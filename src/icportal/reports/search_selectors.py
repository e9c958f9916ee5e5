"""One search box: classify the term, then run only the lookups that fit it, scoped by role.

Every lookup is index-friendly: exact matches on normalised values, `startswith` on upper-case
reference numbers, IRNs and DRNs, and words (supplier, item, HS code, firm name, city) through the
trigram/full-text indexes or FTS5 tables of icportal.common.search. Each
group is limited to GROUP_LIMIT rows (one more is read to know whether there are more), so a search
costs the same few queries at 1,000 ICs or 1,000,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from icportal.accounts import scopes
from icportal.accounts.roles import scope_for
from icportal.certificates.models import Application, AssessedBoe, ImportCertificate
from icportal.certificates.selectors import (
    application_list,
    applications_by_ids,
    certificate_list,
    certificates_by_ids,
)
from icportal.common.search import Likely, matching
from icportal.complaints.selectors import complaint_list
from icportal.esanchit.models import Upload, UploadStatus
from icportal.esanchit.selectors import upload_list
from icportal.members.models import Member
from icportal.members.selectors import member_list

from .home_selectors import with_live_uploads
from .search_terms import (  # noqa: F401 (MIN_LENGTH, the kinds: this module's interface)
    BOE,
    GSTIN,
    IEC,
    INVOICE,
    IRN_DRN,
    MIN_LENGTH,
    NAME,
    REFERENCE,
    TEXT,
    Term,
    classify,
)
from .search_words import rows_with_words

GROUP_LIMIT = 20
_FULL_IC = re.compile(r"[A-Z]+/[A-Z]{3}/IC/\d{4}-\d{2}/\d{6,}")
_ICEGATE_ID = re.compile(r"[A-Z0-9]{3,25}")


@dataclass
class Group:
    rows: list = field(default_factory=list)
    more: bool = False
    searched: bool = False  # False: the term cannot be one of these, or the role may not see them


@dataclass
class Results:
    term: Term
    certificates: Group
    applications: Group
    members: Group
    uploads: Group
    complaints: Group = field(default_factory=Group)
    searched_as: list[str] = field(default_factory=list)
    list_query: str = ""  # what to put in the full lists' own search boxes
    exact_certificate: ImportCertificate | None = None  # the whole IC number typed, and visible

    @property
    def empty(self) -> bool:
        groups = (
            self.certificates,
            self.applications,
            self.members,
            self.uploads,
            self.complaints,
        )
        return not any(g.rows for g in groups)


def _starts_with(field: str, prefix: str) -> Q:
    """`startswith` that an index serves, with a range on the column beside it: SQLite's LIKE
    ignores case and so cannot use an index, and PostgreSQL's LIKE 'P%' uses only a pattern_ops
    index (Django adds one to unique text columns, not to the partial IRN/DRN indexes, where
    it walked 800,000 accepted uploads at a million ICs: 220 ms). The LIKE keeps the answer exact
    whatever the collation's order of letters and digits."""
    upper_bound = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(
        **{f"{field}__startswith": prefix, f"{field}__gte": prefix, f"{field}__lt": upper_bound}
    )


def _limited(queryset) -> tuple[list, bool]:
    rows = list(queryset[: GROUP_LIMIT + 1])
    return rows[:GROUP_LIMIT], len(rows) > GROUP_LIMIT


def _with_words(base, term: Term, *, user, field: str, by_ids, tested) -> tuple[list, bool]:
    """Supplier, item words or HS code on a scoped list: newest rows first, then the word indexes
    (reports/search_words.py)."""
    return rows_with_words(
        base,
        user=user,
        text=term.text,
        field=field,
        by_ids=by_ids,
        limit=GROUP_LIMIT,
        tested=tested,
    )


def _members(user, term: Term, show: bool) -> tuple[Group, dict[int, str]]:
    """Members found (shown to office staff and head office only) and, of them, the firms the
    term identifies (IEC or GSTIN) — their ICs and applications are listed too."""
    by_identifier = Q()
    if IEC in term.kinds:
        by_identifier |= Q(iec=term.compact)
    if GSTIN in term.kinds:
        by_identifier |= Q(gstins__gstin=term.compact)
    if not show:
        if not by_identifier:
            return Group(), {}
        scoped = scopes.members(Member.objects.all(), user)
        return Group(), dict(scoped.filter(by_identifier).values_list("pk", "iec"))
    wanted = by_identifier
    if NAME in term.kinds:  # words of the name or the city, through their indexes
        named = matching(Member.objects.order_by(), fields=["legal_name", "city"], text=term.text)
        wanted |= Q(pk__in=named.values("pk"))
    if _ICEGATE_ID.fullmatch(term.compact):
        wanted |= Q(icegate_registration__icegate_id=term.compact)
    if not wanted:
        return Group(), {}
    # The first ids by name, then their rows: DISTINCT over the list's joins sorted every wide
    # row of the 1,400 firms a city finds (7 ms at a million ICs) to show 20.
    order = ("legal_name", "pk")
    ids, more = _limited(
        scopes.members(Member.objects.filter(wanted), user)
        .order_by(*order)
        .values_list("pk", flat=True)
        .distinct()
    )
    found = member_list(user=user).prefetch_related(None).prefetch_related("gstins")
    rows = list(found.filter(pk__in=ids).order_by(*order))
    identified = {
        m.pk: m.iec
        for m in rows
        if m.iec == term.compact or any(g.gstin == term.compact for g in m.gstins.all())
    }
    return Group(rows=rows, more=more, searched=True), identified


# Candidates read by their own exact index before scoping: past this many, the scoped query runs.
CANDIDATE_LIMIT = 200


@dataclass(frozen=True)
class Candidates:
    """Applications and ICs whose invoice or Bill of Entry number is the term, in any scope.

    Exact numbers match a handful of rows in the whole council: they are found through their own
    indexes and then kept if in the user's scope (`certificates_by_ids`). `too_many` (a number like
    "1" that thousands of invoices carry) sends those lookups to the scoped queries instead.
    """

    applications: list[int] = field(default_factory=list)
    certificates: list[int] = field(default_factory=list)
    too_many: bool = False


def _by_number(term: Term) -> bool:
    """The term may be an invoice or Bill of Entry number (looked up through `_candidates`)."""
    return INVOICE in term.kinds or BOE in term.kinds


def _candidates(term: Term) -> Candidates:
    on_application = Q()
    if INVOICE in term.kinds:
        on_application |= Q(invoice_no__in=_invoice_forms(term))
    if BOE in term.kinds:
        on_application |= Q(boe_no=term.compact)
    if not on_application:
        return Candidates()
    found = Application.objects.filter(on_application).order_by().values_list("pk", flat=True)
    applications = list(found[: CANDIDATE_LIMIT + 1])
    reported = []
    if BOE in term.kinds:
        boes = AssessedBoe.objects.filter(boe_no=term.compact).order_by()
        reported = list(boes.values_list("certificate_id", flat=True)[: CANDIDATE_LIMIT + 1])
    if max(len(applications), len(reported)) > CANDIDATE_LIMIT:
        return Candidates(too_many=True)
    issued = ImportCertificate.objects.filter(application_id__in=applications).order_by()
    certificates = sorted({*issued.values_list("pk", flat=True), *reported})
    return Candidates(applications, certificates)


def _certificate_lookups(term: Term, member_ids, candidates) -> list[Q]:
    """One query per lookup: an OR across joined tables would defeat the indexes."""
    lookups = []
    if REFERENCE in term.kinds and term.reference_kind in ("IC", ""):
        lookups.append(_starts_with("number", term.reference))
    if member_ids:
        lookups.append(Q(member_id__in=member_ids))
    if candidates.too_many:
        lookups.append(Q(application__invoice_no__in=_invoice_forms(term)))
        if BOE in term.kinds:
            lookups.append(Q(application__boe_no=term.compact))
            reports = AssessedBoe.objects.filter(boe_no=term.compact)
            lookups.append(Q(pk__in=reports.values("certificate_id")))
    return lookups


def _invoice_forms(term: Term) -> list[str]:
    """Invoice numbers are kept as typed: match the term as given and in upper case, exactly."""
    return sorted({term.text, term.upper})


def _certificates(
    user, term: Term, member_ids, upload_certificate_ids, candidates, tested
) -> Group:
    by_id = {*upload_certificate_ids, *candidates.certificates}
    lookups = _certificate_lookups(term, member_ids, candidates)
    if not (lookups or by_id or _by_number(term) or TEXT in term.kinds):
        return Group()
    found = {c.pk: c for c in certificates_by_ids(user=user, ids=by_id)} if by_id else {}
    more = len(found) > GROUP_LIMIT
    base = certificate_list(user=user).order_by("-issued_at", "-pk")
    for lookup in lookups:
        rows, extra = _limited(base.filter(lookup))
        more |= extra
        found.update((c.pk, c) for c in rows)
    if TEXT in term.kinds:
        rows, extra = _with_words(
            base,
            term,
            user=user,
            field="application_id",
            by_ids=certificates_by_ids,
            tested=tested,
        )
        more |= extra
        found.update((c.pk, c) for c in rows)
    ordered = sorted(found.values(), key=lambda c: (c.issued_at, c.pk), reverse=True)
    rows = with_live_uploads(ordered[:GROUP_LIMIT])
    return Group(rows=rows, more=more or len(ordered) > GROUP_LIMIT, searched=True)


def _applications(user, term: Term, member_ids, candidates, tested) -> Group:
    wanted = Q()  # all on the application's own columns: the indexes combine
    if REFERENCE in term.kinds and term.reference_kind in ("APP", ""):
        wanted |= _starts_with("reference", term.reference)
    if candidates.too_many:
        if INVOICE in term.kinds:
            wanted |= Q(invoice_no__in=_invoice_forms(term))
        if BOE in term.kinds:
            wanted |= Q(boe_no=term.compact)
    if member_ids:
        wanted |= Q(member_id__in=member_ids)
    lookups = [wanted] if wanted else []
    found = {}
    if candidates.applications:
        found = {a.pk: a for a in applications_by_ids(user=user, ids=candidates.applications)}
    more = len(found) > GROUP_LIMIT
    base = application_list(user=user).order_by("-created_at", "-pk")
    for lookup in lookups:
        rows, extra = _limited(base.filter(lookup))
        more |= extra
        found.update((a.pk, a) for a in rows)
    if TEXT in term.kinds:  # apart: the text's indexes do not combine with the others
        rows, extra = _with_words(
            base, term, user=user, field="pk", by_ids=applications_by_ids, tested=tested
        )
        more |= extra
        found.update((a.pk, a) for a in rows)
    if not (lookups or _by_number(term) or TEXT in term.kinds):
        return Group()
    ordered = sorted(found.values(), key=lambda a: (a.created_at, a.pk), reverse=True)
    return Group(rows=ordered[:GROUP_LIMIT], more=more or len(ordered) > GROUP_LIMIT, searched=True)


def _upload_ids(term: Term) -> list[int]:
    """Accepted uploads whose IRN or whose DRN is the term or starts with it (not scoped: the
    ids only narrow `upload_list`; at most GROUP_LIMIT + 1 of each).

    One SELECT per column, joined by UNION: `irn = X OR drn = X` can use neither column's index
    and reads every accepted upload. Each SELECT repeats the condition of its column's unique
    constraint (accepted, not blank), so that it reads that unique index: at most one row, which
    SQLite without statistics prefers to any other index on status.
    """
    accepted = Upload.objects.filter(status=UploadStatus.ACCEPTED).order_by()
    by_irn = accepted.filter(irn=term.compact).exclude(irn="").values_list("pk", flat=True)
    by_drn = accepted.filter(drn=term.compact).exclude(drn="").values_list("pk", flat=True)
    found = list(by_irn.union(by_drn))
    if found:
        return found
    # The start of one (read off a screen, cut short): a range on the column's partial index.
    accepted = Upload.objects.filter(Likely(Q(status=UploadStatus.ACCEPTED))).order_by()
    for column in ("irn", "drn"):
        prefix = accepted.filter(_starts_with(column, term.compact)).order_by(column)
        found += prefix.values_list("pk", flat=True)[: GROUP_LIMIT + 1]
    return list(dict.fromkeys(found))


def _uploads(user, term: Term) -> Group:
    if IRN_DRN not in term.kinds:
        return Group()
    ids = _upload_ids(term)  # one by IRN, one by DRN, or the few that start with the term
    if not ids:
        return Group(searched=True)
    # Scoped by a list of ids, not a subquery: SQLite without statistics looks up one or two ids
    # by rowid, but would walk the office's (or firm's) uploads to test a subquery on each.
    rows, more = _limited(upload_list(user=user).filter(pk__in=ids).order_by("-accepted_at", "-pk"))
    return Group(rows=rows, more=more, searched=True)


def _complaints(user, term: Term) -> Group:
    """Complaints by reference, IC number (leading zeros or not), IRN, Bill of Entry or firm name,
    as the complaints list's own search box finds them (a table of a few thousand rows)."""
    q = term.reference if REFERENCE in term.kinds else term.text
    found = complaint_list(user=user, filters={"q": q}).order_by("-created_at", "-pk")
    rows, more = _limited(found)
    return Group(rows=rows, more=more, searched=True)


def search(*, user, query: str) -> Results:
    """What the user may see that matches the term, grouped; nothing when the term is too short."""
    term = classify(query)
    scope = scope_for(user)
    if not term.kinds:
        return Results(term, Group(), Group(), Group(), Group())
    members, identified = _members(user, term, show=scope.member_id is None)
    uploads = _uploads(user, term)
    candidates = _candidates(term)
    tested: dict[int, bool] = {}  # applications the words were tested on, for both lists
    on_uploads = [u.certificate_id for u in uploads.rows]
    certificates = _certificates(user, term, list(identified), on_uploads, candidates, tested)
    applications = _applications(user, term, list(identified), candidates, tested)
    complaints = _complaints(user, term)
    exact = None
    if REFERENCE in term.kinds and _FULL_IC.fullmatch(term.reference):
        exact = next((c for c in certificates.rows if c.number == term.reference), None)
    list_query = next(iter(identified.values())) if len(identified) == 1 else term.text
    return Results(
        term=term,
        certificates=certificates,
        applications=applications,
        members=members,
        uploads=uploads,
        complaints=complaints,
        searched_as=term.labels(names=scope.member_id is None),
        list_query=list_query,
        exact_certificate=exact,
    )
