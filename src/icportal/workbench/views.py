"""The office workbench: every queue with its count and oldest item, bulk actions, job progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from icportal.accounts.otp import otp_required_for_signing
from icportal.accounts.roles import require_staff
from icportal.common.dates import ist_today
from icportal.common.redirects import safe_next
from icportal.offices.models import Office
from icportal.web.actions import run_service

from . import selectors, services


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
        lambda j: f"{j.get_kind_display()} started: {j.total} {j.noun}.",
        failure="Not started",
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
        slug, _, version = value.rpartition(":")
        if slug and version.isdigit():
            chosen.append((slug, int(version)))
    return chosen


@login_required
@require_POST
@otp_required_for_signing
def issue_start(request):
    """'Approve and issue selected' on the IC queue: the same two-step check as a single issue."""
    require_staff(request.user)
    chosen = _selection(request.POST.getlist("application"))
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
