"""Staff pages: uploads per office, retry / mark manual, manual batches (ZIP, IRN/DRN table)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_staff
from icportal.audit.exports import export_list
from icportal.audit.services import audit_download
from icportal.common.numbers import db_ids
from icportal.common.redirects import redirect_next

from . import batches, selectors, services
from .models import UploadMode, UploadStatus

UPLOAD_COLUMNS = (
    (gettext_lazy("IC number"), "certificate.number"),
    (gettext_lazy("Member"), "certificate.member.legal_name"),
    ("IEC", "certificate.member.iec"),
    (gettext_lazy("Office"), "office.code"),
    (gettext_lazy("Status"), lambda u: u.get_status_display()),
    (gettext_lazy("Mode"), lambda u: u.get_mode_display()),
    (gettext_lazy("Batch"), "batch_id"),
    (gettext_lazy("Attempts"), "attempts"),
    (gettext_lazy("Next attempt (IST)"), "next_attempt_at"),
    ("IRN", "irn"),
    ("DRN", "drn"),
    (gettext_lazy("Accepted (IST)"), "accepted_at"),
    (gettext_lazy("Last error"), "last_error"),
    (gettext_lazy("Idempotency key"), "idempotency_key"),
)
SORT_LABELS = {
    "newest": gettext_lazy("Newest"),
    "oldest": gettext_lazy("Oldest"),
    "next_attempt": gettext_lazy("Next attempt"),
    "attempts": gettext_lazy("Attempts"),
    "accepted": gettext_lazy("Accepted"),
    "number": gettext_lazy("Number"),
}
BATCH_COLUMNS = (
    (gettext_lazy("Batch"), "pk"),
    (gettext_lazy("Office"), "office.name"),
    (gettext_lazy("Built (IST)"), "created_at"),
    (gettext_lazy("Built by"), "created_by.full_name"),
    (gettext_lazy("ICs"), "ic_count"),
    (gettext_lazy("IRNs recorded"), lambda b: _("All") if b.complete else _("Not yet")),
    (gettext_lazy("Completed (IST)"), "completed_at"),
)


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(m for ms in exc.message_dict.values() for m in ms)
    return "; ".join(exc.messages)


def _back(request, default: str):
    return redirect_next(request, request.POST.get("next"), default)


@login_required
def upload_list(request):
    require_staff(request.user)
    filters = {k: request.GET.get(k, "") for k in ("status", "mode", "q", "sort", "office")}
    uploads = selectors.upload_list(user=request.user, filters=filters)
    if "export" in request.GET:
        return export_list(request, "esanchit-uploads", UPLOAD_COLUMNS, uploads)
    context = {
        "page": Paginator(uploads, 50).get_page(request.GET.get("page")),
        "filters": filters,
        "statuses": UploadStatus.choices,
        "modes": UploadMode.choices,
        "sorts": [(key, SORT_LABELS.get(key, key)) for key in selectors.UPLOAD_SORTS],
        "unreachable": selectors.gateway_health(user=request.user),
    }
    return render(request, "esanchit/uploads.html", context)


@login_required
@require_POST
def upload_retry(request, pk: int):
    upload = selectors.upload_get(user=request.user, pk=pk)
    try:
        services.upload_retry(by=request.user, upload=upload)
        messages.success(
            request,
            _("IC %(number)s will be uploaded again now.") % {"number": upload.certificate.number},
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return _back(request, "esanchit:uploads")


@login_required
@require_POST
def upload_mark_manual(request, pk: int):
    upload = selectors.upload_get(user=request.user, pk=pk)
    try:
        services.upload_mark_manual(by=request.user, upload=upload)
        messages.success(
            request,
            _("IC %(number)s is marked for manual upload.") % {"number": upload.certificate.number},
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return _back(request, "esanchit:uploads")


@login_required
def batch_list(request):
    require_staff(request.user)
    candidates = selectors.batch_candidates(user=request.user)
    if request.method == "GET" and "export" in request.GET:
        batch_rows = selectors.batch_list(user=request.user).annotate(ic_count=Count("uploads"))
        return export_list(request, "esanchit-batches", BATCH_COLUMNS, batch_rows)
    if request.method == "POST":
        chosen = list(candidates.filter(pk__in=db_ids(request.POST.getlist("upload"))))
        try:
            batch = batches.batch_create(by=request.user, uploads=chosen)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request,
                _("Batch %(batch)s built with %(count)s ICs.")
                % {"batch": batch.pk, "count": len(chosen)},
            )
            return redirect("esanchit:batch", pk=batch.pk)
    context = {
        "batches": selectors.batch_list(user=request.user)[:100],
        "candidates": candidates[:200],
        "max_batch": batches.MAX_BATCH,
    }
    return render(request, "esanchit/batches.html", context)


@login_required
def batch_detail(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    table_errors, table, code = [], "", 200
    if request.method == "POST":
        table = request.POST.get("table", "")
        try:
            lines, table_errors = batches.table_parse(table)
        except ValidationError as exc:
            lines, table_errors, table, code = [], [_errors(exc)], "", 400  # too long to echo
        recorded, line_errors = batches.batch_record(by=request.user, batch=batch, entries=lines)
        table_errors += line_errors
        if recorded:
            messages.success(
                request, _("Recorded IRN and DRN for %(count)s files.") % {"count": len(recorded)}
            )
        if not table_errors:
            return redirect("esanchit:batch", pk=batch.pk)
    uploads = batch.uploads.select_related("certificate__member", "document").order_by("pk")
    context = {"batch": batch, "uploads": uploads, "table_errors": table_errors, "table": table}
    return render(request, "esanchit/batch.html", context, status=code)


@login_required
def batch_zip(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    audit_download(
        request=request,
        target=batch,
        what=f"the ZIP of signed PDFs of manual upload batch {batch.pk}",
        name=f"esanchit-batch-{batch.pk}.zip",
        office=batch.office,
    )
    response = HttpResponse(batches.batch_zip(batch=batch), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="esanchit-batch-{batch.pk}.zip"'
    return response
