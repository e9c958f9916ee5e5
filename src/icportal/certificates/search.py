"""What people remember of an application: its overseas supplier, an item's words, an HS code.

Each function gives the lookups (Q objects) to apply, one query each, to a scoped list
(`selectors.application_list` / `certificate_list`): an OR across joined tables would defeat the
indexes. The matching itself, and the indexes behind it, are in icportal.common.search.
"""

from __future__ import annotations

import functools
import re

from django.db.models import Q

from icportal.common.search import TRIGRAM, holds_every_word, matching, one_of, words

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


def application_lookups(text: str) -> list[Q]:
    """On Application: by supplier name, by item description (or HS code), by HS code's start."""
    if is_hs_code(text):
        return [Q(pk__in=_hs_code_application_ids(text.strip()))]
    return [Q(pk__in=_supplier_ids(text)), Q(pk__in=_item_application_ids(text))]


def certificate_lookups(text: str) -> list[Q]:
    """The same, on ImportCertificate (through its application)."""
    if is_hs_code(text):
        return [Q(application_id__in=_hs_code_application_ids(text.strip()))]
    return [
        Q(application_id__in=_supplier_ids(text)),
        Q(application_id__in=_item_application_ids(text)),
    ]


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
