"""Customs pages: thin — parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_staff, scope_for
from icportal.accounts.selectors import audit_timeline
from icportal.audit.exports import export_list
from icportal.audit.formatters import describe
from icportal.audit.services import audit_download
from icportal.web.actions import run_service
from icportal.web.forms import apply_errors, submit_form

from . import selectors, services
from .forms import CustomsHouseForm, HandSentForm
from .models import NoticeStatus

HOUSE_COLUMNS = (
    ("Port code", "port_code"),
    ("Customs house", "name"),
    ("Nodal officer", "officer_name"),
    ("E-mail", "officer_email"),
    ("To be confirmed", "to_be_confirmed"),
    ("In use", "is_active"),
    ("Changed (IST)", "updated_at"),
)
NOTICE_COLUMNS = (
    ("IC number", "certificate.number"),
    ("What happened", lambda n: n.get_event_display()),
    ("Port code", "port_code"),
    ("Customs house", "customs_house.name"),
    ("IRN", "irn"),
    ("DRN", "drn"),
    ("Status", lambda n: n.get_status_display()),
    ("Sent to", "sent_to"),
    ("Sent (IST)", "sent_at"),
    ("Why by hand / last error", "last_error"),
)


@login_required
def houses(request):
    """The directory: staff read it (which house hears of an IC); head office keeps it."""
    scope = require_staff(request.user)
    filters = {k: request.GET.get(k, "") for k in ("q", "confirmed", "active", "sort")}
    qs = selectors.customs_house_list(user=request.user, filters=filters)
    if "export" in request.GET:
        return export_list(request, "customs-houses", HOUSE_COLUMNS, qs)
    events = []
    if scope.everything:
        events = list(
            audit_timeline(user=request.user, target_type="customs.customshouse", limit=30)
        )
        for event in events:
            event.sentence = describe(event)
    return render(
        request,
        "customs/houses.html",
        {
            "page": Paginator(qs, 100).get_page(request.GET.get("page")),
            "filters": filters,
            "can_edit": scope.everything,
            "events": events,
        },
    )


@login_required
def house_edit(request, port_code=None):
    house = (
        selectors.customs_house_get(user=request.user, port_code=port_code) if port_code else None
    )
    if not scope_for(request.user).everything:
        raise PermissionDenied(_("Only head office keeps the customs house directory"))
    form = CustomsHouseForm(request.POST or None, instance=house)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "port_code"}
        try:
            if house:
                house = services.customs_house_update(by=request.user, house=house, **data)
            else:
                house = services.customs_house_create(
                    by=request.user, port_code=form.cleaned_data["port_code"], **data
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Customs house %(house)s saved.") % {"house": house})
            return redirect("customs:houses")
    return render(request, "customs/house_edit.html", {"form": form, "house": house})


def _notices_page(request, filters: dict, *, hand_form=None, back: str = ""):
    qs = selectors.notice_list(user=request.user, filters=filters)
    if "export" in request.GET:
        return export_list(request, "customs-notices", NOTICE_COLUMNS, qs)
    return render(
        request,
        "customs/notices.html",
        {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "filters": filters,
            "statuses": [("open", _("To do (by hand, failing)")), *NoticeStatus.choices],
            "hand_form": hand_form,
            "back": back,
        },
    )


@login_required
def notices(request):
    """The office's notices to customs; those to send by hand first by default."""
    require_staff(request.user)
    filters = {k: request.GET.get(k, "") for k in ("status", "q")}
    if "status" not in request.GET:
        filters["status"] = "open"
    return _notices_page(request, filters)


def _next(request) -> str:
    target = request.POST.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else ""


def _back(request):
    return redirect(_next(request) or "customs:notices")


@login_required
@require_POST
def notice_hand(request, pk):
    """One row's "Mark sent by hand" (from the list or the IC page). Refused, it comes back on the
    notices list narrowed to its IC: the error summary links to its box, the message beside it."""
    notice = selectors.notice_get(user=request.user, pk=pk)
    form = HandSentForm(request.POST, notice_pk=notice.pk)
    if submit_form(
        request,
        form,
        lambda data: services.notice_mark_sent_by_hand(
            by=request.user, notice=notice, how=data["how"]
        ),
        success=_("Notice for IC %(number)s marked as sent by hand.")
        % {"number": notice.certificate.number},
        failure=_("Not marked"),
        refused=(PermissionDenied,),
    ):
        return _back(request)
    filters = {"status": "", "q": notice.certificate.number}
    return _notices_page(request, filters, hand_form=form, back=_next(request))


@login_required
@require_POST
def notice_send(request, pk):
    notice = selectors.notice_get(user=request.user, pk=pk)
    run_service(
        request,
        lambda: services.notice_send_again(by=request.user, notice=notice),
        lambda n: (
            _("Notice for IC %(number)s sent again to %(to)s.")
            % {"number": n.certificate.number, "to": n.sent_to}
            if n.status == NoticeStatus.SENT
            else _("Notice for IC %(number)s is being signed and sent.")
            % {"number": n.certificate.number}
        ),
        failure=_("Not sent"),
        refusals=(ValidationError, PermissionDenied),
    )
    return _back(request)


def _pdf(notice):
    name = f"customs-notice-{notice.certificate.number.replace('/', '-')}-{notice.event}.pdf"
    return FileResponse(
        notice.letter.open("rb"), as_attachment=False, filename=name, content_type="application/pdf"
    ), name


@login_required
def notice_letter(request, pk):
    notice = selectors.notice_get(user=request.user, pk=pk)
    if not notice.letter:
        messages.error(request, _("The letter is not signed yet."))
        return redirect("customs:notices")
    response, name = _pdf(notice)
    audit_download(
        request=request,
        target=notice.certificate,
        what=f"the signed notice to customs about IC {notice.certificate.number}",
        name=name,
        scope=notice.certificate,
    )
    return response


def letter(request, token):
    """The link in the mail to the customs house (no account there): the token is the key."""
    notice = selectors.notice_by_token(token=token)
    return _pdf(notice)[0]
