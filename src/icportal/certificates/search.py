"""What people remember of an application: its overseas supplier, an item's words, an HS code.

Each function gives the lookups (Q objects) to apply, one query each, to a scoped list
(`selectors.application_list` / `certificate_list`): an OR across joined tables would defeat the
indexes. The matching itself, and the indexes behind it, are in icportal.common.search.
"""

from __future__ import annotations

import functools
import re

from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import GreaterThan

from icportal.common.search import (
    TRIGRAM,
    holds_every_word,
    matching,
    one_of,
    through_the_index,
    words,
)

from .models import Application, Item

HS_CODE = re.compile(r"\d{4,8}")  # a chapter heading (4), subheading (6) or tariff item (8)


def _supplier_ids(text: str):
    return matching(Application.objects.order_by(), fields=["supplier_name"], text=text).values(
        "pk"
    )


def _item_application_ids(text: str):
    found = matching(Item.objects.order_by(), fields=["description", "hs_code"], text=text)
    return found.values("application_id")


def _hs_code_application_ids(code: str):
    found = matching(Item.objects.order_by(), fields=["hs_code"], text=code)
    return found.filter(hs_code__istartswith=code).values("application_id")


def is_hs_code(text: str) -> bool:
    return bool(HS_CODE.fullmatch(text.strip()))


def has_words(text: str) -> bool:
    """Whether the term may be words of a name or a description (a word of three letters or more)
    or an HS code; an IEC, an IRN or a number alone is looked up by its own exact index instead."""
    return is_hs_code(text) or any(w.isalpha() and len(w) >= TRIGRAM for w in words(text))


# Up to this many applications a word finds, a list's search box reads them by id.
LISTED_IDS = 2000
# A list searched by words counts its rows up to here ("500+ in all"): a word found in every
# tenth application is tested row by row, and counting 10,000 of them took 90 ms at 1M ICs.
WORD_COUNT_CAP = 500


def count_cap(q: str, cap: int | None = None) -> int | None:
    """Where a list searched for `q` stops counting: `cap` (None: never), lower for words."""
    if has_words((q or "").strip()):
        return WORD_COUNT_CAP if cap is None else min(cap, WORD_COUNT_CAP)
    return cap


def list_lookups(text: str, *, field: str, counted: bool = False) -> list[Q]:
    """The lookups (OR them) for a list's search box: the applications the words find, where
    `field` holds the application's id ("pk" on Application, "application_id" on ImportCertificate).

    A word found a few times (a firm's odd supplier) is read from the word indexes and the list
    narrowed by id. A word found everywhere (a supplier behind a tenth of all applications) would
    make the database read and hash 100,000 matches (200–400 ms at a million ICs) to show 25: it
    is tested on each row instead, so the list's own order walks its index and stops at a page
    (its count stops at `count_cap`). A caller that counts every row (`counted`: the API's exact
    count) reads the matches whole instead, which counts them faster than testing every row.
    """
    queries = application_id_queries(text)
    with through_the_index():
        found = [list(query[: LISTED_IDS + 1]) for query in queries]
    if all(len(ids) <= LISTED_IDS for ids in found):
        return [Q(**{f"{field}__in": ids}) for ids in found if ids]
    if counted:
        return [Q(**{f"{field}__in": query}) for query in queries]
    return _on_each_row(text, field)


def _on_each_row(text: str, field: str) -> list[Q]:
    """The words tested on the row itself: its supplier, or one of its items (by key).

    The `> 0` on the row's own column keeps PostgreSQL from turning EXISTS into a hashed
    subplan, which reads every item the word finds (70,000: 140 ms) before the first row."""
    items = Item.objects.filter(GreaterThan(OuterRef(field), 0), application_id=OuterRef(field))
    if is_hs_code(text):
        return [Q(Exists(items.filter(hs_code__startswith=text.strip())))]
    supplier = "supplier_name" if field == "pk" else "application__supplier_name"
    on_supplier, on_item = Q(), Q()
    for word in words(text):
        on_supplier &= Q(**{f"{supplier}__icontains": word})
        on_item &= Q(description__icontains=word) | Q(hs_code__icontains=word)
    return [on_supplier, Q(Exists(items.filter(on_item)))]


def application_id_queries(text: str) -> list:
    """The ids of the applications the words find, through the word indexes: one query each
    (flat `values_list`), for a caller that reads them first and then its own list by id."""
    if is_hs_code(text):
        return [_hs_code_application_ids(text.strip()).values_list("application_id", flat=True)]
    return [
        _supplier_ids(text).values_list("pk", flat=True),
        _item_application_ids(text).values_list("application_id", flat=True),
    ]


def applications_with_words(
    text: str, window: list[tuple[int, str]], tested: dict[int, bool] | None = None
) -> set[int]:
    """Of a list's newest rows `window` ((application id, supplier name), a few thousand at most),
    the applications the words find — by supplier, an item's words, an HS code's start — tested
    here on their columns (their items read by key): the word indexes would read every match in
    the council. `tested` (application id → found) carries what one search already tested, so
    the ICs' window and the applications' window, which share most of their applications, read
    those items once."""
    tested = {} if tested is None else tested
    fresh = [(application, name) for application, name in window if application not in tested]
    # Read even when every one was tested: the same queries whatever the data.
    ids = one_of([application for application, _ in fresh])
    items = Item.objects.filter(application_id__in=ids).order_by()
    if is_hs_code(text):
        on_items = items.filter(hs_code__startswith=text.strip())
        found = set(on_items.values_list("application_id", flat=True))
    else:
        wanted = words(text)
        holds = functools.cache(lambda *values: holds_every_word(values, wanted))
        on_items = items.values_list("application_id", "description", "hs_code")
        found = {pk for pk, name in fresh if holds(name)} | {
            application for application, *values in on_items if holds(*values)
        }
    tested.update((application, application in found) for application, _ in fresh)
    return {application for application, _ in window if tested[application]}
