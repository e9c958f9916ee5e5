"""Editing an IC application: header and item lines, live totals, bulk lines, documents,
"check your answers" and submit, and the reply to an office query."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from icportal.common.countries import country_name
from icportal.common.dates import financial_year
from icportal.entitlements.models import EpcStatus
from icportal.entitlements.selectors import balance_for_application, eligible_items, epc_list
from icportal.web.forms import apply_errors

from .. import selectors, services
from ..affidavits import items_needing_affidavit, items_with_affidavits
from ..forms_member import (
    AttachmentForm,
    HeaderForm,
    ReplyForm,
    VersionForm,
    header_initial,
)
from ..forms_member_items import (
    UPLOAD_COLUMNS,
    ItemsUploadForm,
    apply_item_errors,
    item_error_summary,
    item_formset,
    item_rows,
    money_or_none,
    row_problems,
    saved_rows,
    template_csv,
    upload_problems,
)
from ..models import AppStatus, Channel
from ..services.applications import submission_problems
from ..validation import HEADER_FIELDS, UNITS


def _editable(request, application):
    """None when the application may be changed, else a redirect to its page with the reason."""
    if application.is_editable:
        return None
    messages.info(
        request,
        _("Application %(reference)s is %(status)s: it can no longer be changed.")
        % {"reference": application.reference, "status": application.get_status_display().lower()},
    )
    return redirect("certificates:application", slug=application.slug)


def _epc_choices(user, application) -> list:
    """This year's approved EPCs of the firm (and the one already chosen, whatever its year)."""
    epcs = list(
        epc_list(
            user=user, filters={"status": EpcStatus.APPROVED, "financial_year": financial_year()}
        )
        .filter(member=application.member)
        .select_related("segment_group")
    )
    if application.epc is not None and application.epc not in epcs:
        epcs.insert(0, application.epc)
    return epcs


def open_query(application):
    """The office's unanswered question (queries are prefetched by `application_get`)."""
    return next((q for q in reversed(list(application.queries.all())) if not q.replied_at), None)


def _items(application) -> list:
    if application.epc is None:
        return []
    return list(eligible_items(segment_group=application.epc.segment_group))


def totals(user, application, rows: list[dict] | None = None) -> dict:
    """Total of the lines (saved, or as typed), the balance after this IC and the charge due."""
    if rows is None:
        total, count = application.total_value, len(application.items.all())
    else:
        values = [money_or_none(row.get("value_inr")) for row in rows]
        total = sum((v for v in values if v is not None), start=Decimal(0))
        count = len(rows)
    balance = balance_for_application(application=application)
    after = None if balance is None else balance - total
    return {
        "total": total,
        "line_count": count,
        "balance": balance,
        "balance_after": after,
        "shortfall": -after if after is not None and after < 0 else None,
        "service_charge": application.service_charge,
        "unsaved": rows is not None,
    }


def _save_errors(form, formset, positions, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        apply_errors(form, exc)
        return
    errors = exc.message_dict
    for message in apply_item_errors(formset, positions, errors.pop("items", [])):
        form.add_error(None, message)
    if errors:
        apply_errors(form, ValidationError(errors))


@login_required
def application_edit(request, slug):
    """One form for the header and the item lines. Drafts may be incomplete; wrong values are not."""
    application = selectors.application_get(user=request.user, slug=slug)
    if (stop := _editable(request, application)) is not None:
        return stop
    epcs, items = _epc_choices(request.user, application), _items(application)
    totals_url = reverse("certificates:application_totals", kwargs={"slug": application.slug})
    rows = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        form = HeaderForm(request.POST, epcs=epcs)
        formset = item_formset(
            application,
            items=items,
            totals_url=totals_url,
            data=request.POST,
            add_rows=1 if action == "add_line" else 0,
        )
        if action != "add_line" and form.is_valid() and formset.is_valid():
            rows, positions = item_rows(formset)
            try:
                application = services.application_save(
                    by=request.user,
                    application=application,
                    header=form.header(),
                    items=rows,
                    epc=form.chosen_epc(),
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                _save_errors(form, formset, positions, exc)
            else:
                if action == "check":
                    return redirect("certificates:application_check", slug=application.slug)
                messages.success(
                    request, _("Draft %(reference)s saved.") % {"reference": application.reference}
                )
                return redirect("certificates:application_edit", slug=application.slug)
        elif action == "add_line":
            messages.info(
                request, _("A blank line was added. Nothing is saved until you press Save draft.")
            )
        if rows is None and formset.is_valid():
            rows, _positions = item_rows(formset)
    else:
        form = HeaderForm(initial=header_initial(application), epcs=epcs)
        formset = item_formset(application, items=items, totals_url=totals_url)
    return render(
        request,
        "certificates/member/edit.html",
        {
            "application": application,
            "form": form,
            "formset": formset,
            "item_errors": item_error_summary(formset) if request.method == "POST" else [],
            "totals": totals(request.user, application, rows),
            "attachments": list(application.attachments.all()),
            "attachment_form": AttachmentForm(),
            "has_items": bool(items),
            "epc_count": len(epcs),
            "open_query": open_query(application),
            "stale": any("Someone else saved" in e for e in form.non_field_errors()),
        },
    )


@login_required
@require_POST
def application_totals(request, slug):
    """The totals panel for the lines as typed (htmx, on every change of a value)."""
    application = selectors.application_get(user=request.user, slug=slug)
    formset = item_formset(application, items=(), totals_url="", data=request.POST)
    rows = item_rows(formset)[0] if formset.is_valid() else []
    return render(
        request,
        "certificates/member/_totals.html",
        {"totals": totals(request.user, application, rows), "application": application},
    )


@login_required
def items_upload(request, slug):
    """Item lines from a CSV or XLSX file, saved all together or not at all."""
    application = selectors.application_get(user=request.user, slug=slug)
    if request.GET.get("template") == "csv":
        response = HttpResponse(
            template_csv(_items(application)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="ic-item-lines.csv"'
        return response
    if (stop := _editable(request, application)) is not None:
        return stop
    form = ItemsUploadForm(
        request.POST or None, request.FILES or None, initial={"version": application.version}
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        keep = saved_rows(application) if form.cleaned_data["mode"] == "append" else []
        if form.problems:  # nothing is saved; say everything else wrong with the file too
            group = application.epc.segment_group if application.epc else None
            eligible = {i.pk: i for i in _items(application)}
            problems = upload_problems(form, keep=keep, segment_group=group, eligible=eligible)
        else:
            try:
                application = services.application_save(
                    by=request.user,
                    application=application,
                    header={key: getattr(application, key) for key in HEADER_FIELDS},
                    items=keep + form.rows,
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                messages_ = (
                    [m for ms in exc.message_dict.values() for m in ms]
                    if hasattr(exc, "error_dict")
                    else exc.messages
                )
                problems = row_problems(messages_, row_numbers=form.row_numbers, offset=len(keep))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s line from %(file)s saved: the application now has "
                        "%(total)s lines.",
                        "%(count)s lines from %(file)s saved: the application now has "
                        "%(total)s lines.",
                        len(form.rows),
                    )
                    % {
                        "count": len(form.rows),
                        "file": form.cleaned_data["file"].name,
                        "total": len(keep) + len(form.rows),
                    },
                )
                return redirect("certificates:application_edit", slug=application.slug)
    return render(
        request,
        "certificates/member/items_upload.html",
        {
            "application": application,
            "form": form,
            "problems": problems,
            "columns": UPLOAD_COLUMNS,
            "units": UNITS,
            "items": _items(application),
        },
    )


@login_required
def attachment_add(request, slug):
    """Add the invoice, the checklist (draft) Bill of Entry or another document (PDF)."""
    application = selectors.application_get(user=request.user, slug=slug)
    if (stop := _editable(request, application)) is not None:
        return stop
    form = AttachmentForm(
        request.POST or None,
        request.FILES or None,
        initial=request.GET.dict(),
        affidavit_items=items_needing_affidavit(application),
    )
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.attachment_add(
                by=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                eligible_item_id=form.cleaned_data.get("eligible_item"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s added: %(name)s.")
                % {"kind": attachment.get_kind_display(), "name": attachment.original_name},
            )
            return redirect(
                reverse("certificates:application_edit", kwargs={"slug": slug}) + "#documents"
            )
    return render(
        request,
        "certificates/member/attachment_add.html",
        {
            "application": application,
            "form": form,
            "attachments": list(application.attachments.all()),
        },
    )


@login_required
def application_check(request, slug):
    """Check your answers: everything on one page, what still stops submission, then submit."""
    application = selectors.application_get(user=request.user, slug=slug)
    if application.status not in (AppStatus.DRAFT, AppStatus.QUERY):
        return redirect("certificates:application", slug=application.slug)
    form = VersionForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                by=request.user, application=application, version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            application = selectors.application_get(user=request.user, slug=slug)
        else:
            return redirect(
                reverse("certificates:application", kwargs={"slug": application.slug})
                + "?submitted=1"
            )
    problems = submission_problems(application)
    registration = getattr(application.member, "icegate_registration", None)
    return render(
        request,
        "certificates/member/check.html",
        {
            "application": application,
            "form": form,
            "problems": problems,
            "problem_links": problem_links(application, problems),
            "items": items_with_affidavits(application),
            "totals": totals(request.user, application),
            "attachments": list(application.attachments.all()),
            "country_name": country_name(application.country_of_origin),
            "icegate_unverified": application.channel == Channel.ICES
            and not (registration and registration.is_verified),
        },
    )


def problem_links(application, problems: dict) -> list[tuple[str, str]]:
    """Each problem with a link to the place on the edit page where it is fixed."""
    edit = reverse("certificates:application_edit", kwargs={"slug": application.slug})
    documents = reverse("certificates:attachment_add", kwargs={"slug": application.slug})
    anchors = {"epc": "#id_epc", "items": "#items", "channel": "#id_channel_0"}
    links = []
    for key, messages_ in problems.items():
        for message in messages_:
            if key == "attachments":
                links.append((documents, message))
            elif key == "affidavit":
                links.append((f"{documents}?kind=affidavit", message))
            else:
                links.append((edit + anchors.get(key, f"#id_{key}"), message))
    return links


@login_required
def application_reply(request, slug):
    """Answer the office's query; the application goes back to the office's queue."""
    application = selectors.application_get(user=request.user, slug=slug)
    if application.status != AppStatus.QUERY:
        messages.info(request, _("There is no open query on this application."))
        return redirect("certificates:application", slug=application.slug)
    form = ReplyForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.query_reply(
                by=request.user,
                application=application,
                reply=form.cleaned_data["reply"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Reply sent. %(reference)s is back with the office, "
                    "which aims to decide within one working day."
                )
                % {"reference": application.reference},
            )
            return redirect("certificates:application", slug=application.slug)
    return render(
        request,
        "certificates/member/reply.html",
        {
            "application": application,
            "form": form,
            "open_query": open_query(application),
            "problems": submission_problems(application),
        },
    )
