"""Pagination for lists whose length the page already knows, or need not know past a point."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

IDS_FIRST_FROM = 100  # rows skipped before a page reads its ids first


class CountedPaginator(Paginator):
    """A Paginator told how many rows its list has, and/or where to stop counting.

    `count`: the length when the page has just counted the same rows another way (the IC queue's
    tab counts), so a million applications are not counted twice. `cap`: count at most cap + 1
    rows; past `cap` the paginator says `more` and offers cap rows' worth of pages ("10,000+ in
    all") — filters and search narrow a list that long better than page 401 would. A `count`
    above `cap` means the same.

    A deep page reads its ids first (from the list's index: no joins, no columns), then only its
    own rows: `OFFSET 9,975` over joined rows took 0.5 s at a million ICs on PostgreSQL.
    """

    def __init__(self, object_list, per_page, *, count: int | None = None, cap: int | None = None,
                 **kwargs):  # fmt: skip
        super().__init__(object_list, per_page, **kwargs)
        self._known, self.cap, self.more = count, cap, False

    @cached_property
    def count(self) -> int:
        if self._known is not None:
            n = self._known
        elif self.cap is not None:
            n = self.object_list.order_by()[: self.cap + 1].count()  # any cap+1 rows will do
        else:
            n = super().count
        if self.cap is not None and n > self.cap:
            self.more = True
            return self.cap
        return n

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if not isinstance(rows, QuerySet) or bottom < IDS_FIRST_FROM:
            return self._get_page(rows[bottom:top], number, self)
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)
