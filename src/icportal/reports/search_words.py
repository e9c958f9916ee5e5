"""Words on a scoped list at a million ICs (issue 17 §4): the newest rows first, then the index.

What a word matches is either dense (a supplier behind a tenth of all applications) or sparse (one
firm's odd item), and PostgreSQL cannot tell which from a `LIKE '%word%'`: guessing dense, it walked
a million rows for a word found nowhere (5 s); guessing sparse, it fetched 100,000 matches to sort
them for a page of 20 (3 s). So neither is left to the planner:

1. The newest `RECENT_WINDOW` rows of the user's list (its own index, in its order) are tested one
   by one. A dense word fills the page there, and a list no longer than the window is done.
2. Otherwise the word indexes give the ids of what matches (at most `ID_LIMIT`), and the list is
   read by those ids — a handful of key look-ups and a small sort.
3. A word found more than `ID_LIMIT` times but not among the newest rows (rare: a supplier of long
   ago) is looked up as before, by subquery.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from icportal.accounts.scopes import in_scope
from icportal.certificates.search import application_id_queries, applications_with_words
from icportal.common.search import through_the_index

RECENT_WINDOW = 1000
ID_LIMIT = 5000


def rows_with_words(
    base: QuerySet,
    *,
    user,
    text: str,
    field: str,
    by_ids: Callable,
    limit: int,
    window_size: int = RECENT_WINDOW,
    id_limit: int = ID_LIMIT,
    tested: dict[int, bool] | None = None,
) -> tuple[list, bool]:
    """Rows of `base` (the user's list, ordered) that the words of `text` find: at most `limit`,
    and whether there are more. `field` is the list's column holding the application's id ("pk"
    on applications, "application_id" on ICs); `by_ids(user=, ids=)` reads rows by key in scope; `tested` is shared by one
    search's lists (`applications_with_words`)."""
    supplier = "supplier_name" if field == "pk" else "application__supplier_name"
    window = list(base.values_list("pk", field, supplier)[:window_size])
    found = applications_with_words(text, [(app, name) for _, app, name in window], tested)
    hits = [pk for pk, application, _ in window if application in found]
    if len(hits) > limit or len(window) < window_size:
        return by_ids(user=user, ids=hits[:limit]), len(hits) > limit
    rows, more = {}, False
    queries = application_id_queries(text)
    with through_the_index():  # one SET LOCAL for both
        found_ids = [list(query[: id_limit + 1]) for query in queries]
    for query, ids in zip(queries, found_ids, strict=True):
        if not ids:
            continue
        if len(ids) <= id_limit:
            pks, extra = _first_in_scope(base, user, Q(**{f"{field}__in": ids}), limit)
            page = by_ids(user=user, ids=pks)
        else:  # found often, yet not among the newest: the list's own order and LIMIT
            page = list(base.filter(**{f"{field}__in": query})[: limit + 1])
            page, extra = page[:limit], len(page) > limit
        more |= extra
        rows.update((row.pk, row) for row in page)
    return list(rows.values()), more


def _first_in_scope(base: QuerySet, user, lookup: Q, limit: int) -> tuple[list[int], bool]:
    """The keys of the first `limit` rows in the list's order that `lookup` finds (a few thousand
    at most) and the user may see, sorted and scoped here: given ORDER BY and LIMIT, PostgreSQL
    walks the order's index testing each row against the ids (a million rows when none is there),
    and SQLite given the scope walks the office's index instead of the ids."""
    order = list(base.query.order_by)
    names = [name.lstrip("-") for name in order]
    rows = (
        base.model.objects.filter(lookup).order_by().values_list(*names, "member_id", "office_id")
    )
    keys = sorted(
        (row[:-2] for row in rows if in_scope(user, member_id=row[-2], office_id=row[-1])),
        reverse=order[0].startswith("-"),  # the lists searched sort every key one way
    )
    return [key[names.index("pk")] for key in keys[:limit]], len(keys) > limit
