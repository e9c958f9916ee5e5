"""The office workbench: every queue with its count and oldest item, bulk actions, job progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from icportal.accounts.otp import asks_code, otp_device_required, step_up
from icportal.accounts.roles import require_staff
from icportal.certificates.forms_confirm import ConfirmForm
from icportal.common.dates import ist_today
from icportal.common.numbers import DB_INT32_MAX, db_int
from icportal.common.redirects import safe_next
from icportal.offices.models import Office
from icportal.web.actions import run_service
from icportal.web.forms import apply_errors

from . import selectors, services
from .preview import bulk_issue_preview
from .services.start import MAX_SELECTION


@login_required
@require_GET
def index(request):
    """The office's start page: what waits, how old the oldest is, and the bulk jobs."""
    scope = require_staff(request.user)
    office = selectors.office_for_filter(user=request.user, code=request.GET.get("office"))
    return render(
        request,
        "workbench/index.html",
        {
            "cards": selectors.queue_cards(user=request.user, office=office),
            "jobs": selectors.jobs_recent(user=request.user, office=office),
            "office": office,
            "offices": Office.objects.filter(is_active=True) if scope.everything else None,
            "today": ist_today(),
        },
    )


def _job_context(request, pk: int) -> dict:
    job = selectors.job_get(user=request.user, pk=pk)
    return {"job": job, "items": job.items.all(), "state": f"{job.processed}:{job.status}"}


@login_required
@require_GET
def job(request, pk: int):
    """One bulk job: the progress bar (polled while it runs) and what happened to each item."""
    return render(request, "workbench/job.html", _job_context(request, pk))


@login_required
@require_GET
def job_progress(request, pk: int):
    """The polled part of the job page. 204 when nothing changed since `seen`, so neither the page
    nor a screen reader's live region is disturbed every second."""
    context = _job_context(request, pk)
    if request.GET.get("seen") == context["state"]:
        return HttpResponse(status=204)
    return render(request, "workbench/_poll.html", context)


def _started(request, start, back: str):
    job = run_service(
        request,
        start,
        lambda j: (
            _("%(kind)s started: %(total)s %(noun)s.")
            % {"kind": j.get_kind_display(), "total": j.total, "noun": j.noun}
        ),
        failure=_("Not started"),
    )
    return redirect("workbench:job", pk=job.pk) if job is not None else back


def _back_to_queue(request):
    back = safe_next(request, request.META.get("HTTP_REFERER"), default="")
    if back.startswith("/ic/queue/"):
        return redirect(back)
    return redirect("certificates:queue")


def _selection(values: list[str]) -> list[tuple[str, int]]:
    """`<slug>:<version>` per ticked application; anything else is ignored."""
    chosen = []
    for value in values:
        slug, _colon, version = value.rpartition(":")
        # ASCII digits within the column ("²".isdigit() is true, and 10**30 overflows it).
        number = db_int(version, minimum=0, maximum=DB_INT32_MAX)
        if slug and number is not None:
            chosen.append((slug, number))
    return chosen


def _confirm_page(request, chosen, form, *, status=200):
    preview = bulk_issue_preview(user=request.user, applications=chosen)
    return render(
        request,
        "workbench/issue_confirm.html",
        {"preview": preview, "form": form, "back_url": _back_to_queue(request)["Location"]},
        status=status,
    )


@login_required
@require_GET
@otp_device_required
def issue_confirm(request):
    """'Approve and issue selected…' on the IC queue: the list, the totals, the balances after and
    what would fail, before anything is signed."""
    require_staff(request.user)
    chosen = _selection(request.GET.getlist("application"))
    if not chosen:
        messages.error(request, _("Not started: Choose at least one application to issue."))
        return _back_to_queue(request)
    if len(chosen) > MAX_SELECTION:
        messages.error(
            request,
            _("Not started: Choose at most %(max)s applications at a time.")
            % {"max": MAX_SELECTION},
        )
        return _back_to_queue(request)
    return _confirm_page(request, chosen, ConfirmForm(ask_code=asks_code(request)))


@login_required
@require_POST
@otp_device_required
def issue_start(request):
    """The confirmation page's button: the code (step-up), then the job, item by item.

    Refused whole when any line would now fail (changed, issued by someone else since the page
    was shown): the page comes back with the fresh figures and nothing is started."""
    require_staff(request.user)
    chosen = _selection(request.POST.getlist("application"))
    form = ConfirmForm(request.POST, ask_code=asks_code(request))
    if chosen and form.is_valid():
        preview = bulk_issue_preview(user=request.user, applications=chosen)
        if preview.failing:
            messages.error(
                request,
                _(
                    "Not started: the list changed since the page was shown (see the lines "
                    "marked below). Nothing was signed; untick them or check them, then confirm "
                    "again."
                ),
            )
            return _confirm_page(request, chosen, ConfirmForm(ask_code=form.ask_code), status=409)
        try:
            step_up(request, code=form.cleaned_data.get("code", ""))
        except ValidationError as exc:
            apply_errors(form, exc)
            return _confirm_page(request, chosen, form)
    return _started(
        request,
        lambda: services.bulk_issue_start(by=request.user, applications=chosen),
        _back_to_queue(request),
    )


@login_required
@require_POST
def batches_start(request):
    require_staff(request.user)
    office = selectors.office_for_filter(user=request.user, code=request.POST.get("office"))
    return _started(
        request,
        lambda: services.bulk_batches_start(by=request.user, office=office),
        redirect("workbench:index"),
    )


@login_required
@require_POST
def tables_start(request):
    require_staff(request.user)
    office = selectors.office_for_filter(user=request.user, code=request.POST.get("office"))
    return _started(
        request,
        lambda: services.bulk_tables_start(by=request.user, day=ist_today(), office=office),
        redirect("workbench:index"),
    )
