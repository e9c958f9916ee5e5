"""Every list export leaves with its audit row: who took which list, in which format, with which
filters, written before the first row is read. The CSV/XLSX plumbing is `common.exports`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.http import HttpResponse

from icportal.common.exports import (
    CHUNK_SIZE,
    FORMATS,
    Column,
    column_value,
    csv_response,
    xlsx_response,
)

from .services import audit_export


def export_response(
    fmt: str | None,
    stem: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    request,
) -> HttpResponse:
    """`?export=csv|xlsx` → the file named `<stem>.<fmt>`; anything else is refused plainly.

    `request` is required so that no export leaves without its audit row."""
    if fmt in FORMATS:
        audit_export(request=request, stem=stem, fmt=fmt)
    if fmt == "xlsx":
        return xlsx_response(f"{stem}.xlsx", header, rows)
    if fmt == "csv":
        return csv_response(f"{stem}.csv", header, rows)
    return HttpResponse(
        "Choose an export format: csv or xlsx.", status=400, content_type="text/plain"
    )


def export_list(
    request, stem: str, columns: Sequence[Column], objects: Iterable[object]
) -> HttpResponse:
    """The list (already filtered by the page's filters) as `?export=` asks.

    A queryset is read in chunks, so with its `select_related` an export costs the same few queries
    for ten rows or ten thousand.
    """
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=CHUNK_SIZE)
    header = [title for title, _ in columns]
    rows = ([column_value(obj, getter) for _, getter in columns] for obj in objects)
    return export_response(request.GET.get("export"), stem, header, rows, request=request)
