"""Complaint pages: thin — parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_head_office, scope_for
from icportal.audit.exports import export_list, export_response
from icportal.audit.services import audit_download
from icportal.certificates.selectors import certificate_get
from icportal.web.actions import run_service
from icportal.web.forms import apply_errors, submit_form

from . import diagnosis, routing, selectors, services, validation
from .forms import AskForm, ComplaintForm, MemberWriteForm, NoteForm, ResolveForm
from .models import Cause, Status

MEMBER_COMPLAINT_COLUMNS = (
    (gettext_lazy("Complaint"), "reference"),
    (gettext_lazy("IC number"), "certificate.number"),
    (gettext_lazy("Member"), "member.legal_name"),
    ("IEC", "member.iec"),
    (gettext_lazy("Office"), "office.code"),
    (gettext_lazy("Bill of Entry number"), "boe_no"),
    ("IRN", "irn"),
    (gettext_lazy("Filed (IST)"), "created_at"),
    (gettext_lazy("Working days"), lambda c: selectors.age(c)["days"]),
    (gettext_lazy("Status"), lambda c: c.get_status_display()),
    (gettext_lazy("Cause"), lambda c: c.get_cause_display()),
    (gettext_lazy("Resolved (IST)"), "resolved_at"),
)
STAFF_COMPLAINT_COLUMNS = (
    *MEMBER_COMPLAINT_COLUMNS,
    (gettext_lazy("Assigned to"), "assigned_to.full_name"),
)


@login_required
def index(request):
    """Member: my complaints. Office: the ticket queue with SLA ageing (oldest first)."""
    scope = scope_for(request.user)
    filters = {k: request.GET.get(k, "") for k in ("status", "q", "sort", "assigned", "office")}
    if not filters["status"] and scope.member_id is None:
        filters["open"] = True
    complaints = selectors.complaint_list(user=request.user, filters=filters)
    if "export" in request.GET:
        columns = MEMBER_COMPLAINT_COLUMNS if scope.member_id else STAFF_COMPLAINT_COLUMNS
        return export_list(request, "complaints", columns, complaints)
    page = Paginator(complaints, 50).get_page(request.GET.get("page"))
    for complaint in page:
        complaint.age = selectors.age(complaint)
    return render(
        request,
        "complaints/index.html",
        {
            "page": page,
            "filters": filters,
            "is_member": scope.member_id is not None,
            "is_head_office": scope.everything,
            "statuses": Status.choices
            if scope.member_id
            else [
                (
                    selectors.OFFICE_MOVE,
                    _("Needs the office (open, not waiting for the member)"),
                ),
                *Status.choices,
            ],
            "sla_days": selectors.SLA_WORKING_DAYS,
        },
    )


@login_required
def file(request, slug):
    """File a complaint about one IC; the form starts with what the system knows."""
    certificate = certificate_get(user=request.user, slug=slug)
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
        data = {k: request.POST.get(k, "") for k in form.fields if k != "screenshot"}
        valid = form.is_valid()
        data["boe_date"] = form.cleaned_data.get("boe_date")
        if not valid:  # the service's rules name every other missing box at once
            for field, errors in validation.quoted_problems(data).items():
                if field in form.fields and field not in form.errors:
                    for message in errors:
                        form.add_error(field, message)
        else:
            try:
                complaint = services.complaint_file(
                    by=request.user,
                    certificate=certificate,
                    data=data,
                    screenshot=request.FILES.get("screenshot"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect(reverse("complaints:detail", args=[complaint.slug]) + "?done=1")
    else:
        form = ComplaintForm(initial=selectors.prefill(certificate))
    return render(request, "complaints/file.html", {"form": form, "certificate": certificate})


@login_required
def detail(request, slug):
    return _detail(request, selectors.complaint_get(user=request.user, slug=slug))


def _detail(request, complaint, **sent):
    """The complaint's page; a form sent back (`note_form=…`) shows its messages (nothing saved)."""
    scope = scope_for(request.user)
    notes = selectors.notes_for(user=request.user, complaint=complaint)
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "age": selectors.age(complaint),
            "notes": notes,
            "question": next((n for n in reversed(notes) if n.asks_reply), None),
            "is_member": scope.member_id is not None,
            "note_form": sent.get("note_form") or NoteForm(),
            "ask_form": sent.get("ask_form") or AskForm(),
            "write_form": sent.get("write_form") or MemberWriteForm(),
            "resolve_form": sent.get("resolve_form") or ResolveForm(),
            "error_form": next(iter(sent.values()), None),
            "rows": services.escalation_rows(complaint),
            "findings": diagnosis.readable(complaint.findings),
            "just_filed": request.GET.get("done") == "1",
            **_routes(complaint, is_member=scope.member_id is not None),
        },
    )


def _routes(complaint, *, is_member: bool) -> dict:
    """Where an escalation would go (suggested, and the other side), for the office's panel."""
    if is_member or complaint.escalated_at is not None or not complaint.is_open:
        return {}
    suggested = routing.route(complaint)
    return {
        "route": suggested,
        "alternative": routing.route(complaint, routing.other_side(suggested.side)),
    }


def _act(request, slug, action, success, failure):
    complaint = selectors.complaint_get(user=request.user, slug=slug)
    run_service(
        request,
        lambda: action(complaint),
        lambda _result: success,
        failure=failure,
        refusals=(ValidationError, PermissionDenied),
    )
    return redirect("complaints:detail", slug=slug)


@login_required
@require_POST
def diagnose(request, slug):
    return _act(
        request,
        slug,
        lambda c: services.complaint_diagnose(by=request.user, complaint=c),
        _("Diagnosis run again: see the findings."),
        _("Not run"),
    )


@login_required
@require_POST
def assign(request, slug):
    return _act(
        request,
        slug,
        lambda c: services.complaint_assign(by=request.user, complaint=c),
        _("Assigned to you."),
        _("Not assigned"),
    )


def _form_act(request, slug, form, key, action, *, success, failure):
    """One form of the complaint's page: done → back to the page; wrong → the page again, with
    the error summary and the message beside the box."""
    complaint = selectors.complaint_get(user=request.user, slug=slug)
    form.is_valid()  # cleaned_data first: the success message may depend on it
    message = success(form) if callable(success) else success
    if submit_form(
        request,
        form,
        lambda data: action(complaint, data),
        success=message,
        failure=failure,
        refused=(PermissionDenied,),
    ):
        return redirect("complaints:detail", slug=slug)
    return _detail(request, complaint, **{key: form})


@login_required
@require_POST
def note(request, slug):
    return _form_act(
        request,
        slug,
        NoteForm(request.POST),
        "note_form",
        lambda c, data: services.complaint_note_add(
            by=request.user, complaint=c, text=data["text"], member_visible=data["member_visible"]
        ),
        success=lambda form: (
            _("Update sent to the member.")
            if form.cleaned_data.get("member_visible")
            else _("Note added (office only).")
        ),
        failure=_("Not added"),
    )


@login_required
@require_POST
def ask(request, slug):
    return _form_act(
        request,
        slug,
        AskForm(request.POST),
        "ask_form",
        lambda c, data: services.complaint_ask_member(
            by=request.user, complaint=c, question=data["question"]
        ),
        success=_("Question sent: the complaint waits for the member's reply."),
        failure=_("Not asked"),
    )


@login_required
@require_POST
def write(request, slug):
    """The member's reply to the office's question, or more information."""
    return _form_act(
        request,
        slug,
        MemberWriteForm(request.POST),
        "write_form",
        lambda c, data: services.complaint_member_write(
            by=request.user, complaint=c, text=data["text"]
        ),
        success=_("Sent to the office."),
        failure=_("Not sent"),
    )


@login_required
@require_POST
def escalate(request, slug):
    return _act(
        request,
        slug,
        lambda c: services.complaint_escalate(
            by=request.user, complaint=c, side=request.POST.get("side") or None
        ),
        _("Escalated: the mail is in the outbox."),
        _("Not escalated"),
    )


@login_required
@require_POST
def resolve(request, slug):
    return _form_act(
        request,
        slug,
        ResolveForm(request.POST),
        "resolve_form",
        lambda c, data: services.complaint_resolve(
            by=request.user, complaint=c, cause=data["cause"], resolution=data["resolution"]
        ),
        success=_("Resolved: the member is e-mailed the cause and what to do."),
        failure=_("Not resolved"),
    )


@login_required
def screenshot(request, slug):
    complaint = selectors.complaint_get(user=request.user, slug=slug)
    if not complaint.screenshot:
        raise Http404("No screenshot")
    audit_download(
        request=request,
        target=complaint,
        what=f"the screenshot attached to complaint {complaint.reference}",
        name=complaint.screenshot.name.rsplit("/", 1)[-1],
        scope=complaint,
    )
    return FileResponse(complaint.screenshot.open("rb"), as_attachment=False)


@login_required
def report(request):
    """Head office: causes per office (a table, and CSV or XLSX)."""
    require_head_office(request.user)
    rows = selectors.cause_report(user=request.user)
    causes = list(Cause.choices)
    if "export" in request.GET:
        header = ["Office", "Open", *[label for _, label in causes]]
        body = ([r["office__name"], r["open"], *[r[c] for c, _ in causes]] for r in rows)
        return export_response(
            request.GET["export"], "complaint-causes", header, body, request=request
        )
    table = [(r, [r[c] for c, _ in causes]) for r in rows]
    return render(request, "complaints/report.html", {"table": table, "causes": causes})
