"""The Bill of Entry ↔ IC table pages: staff preview and send the day's table, see every version
and correction and resend them; members download any range and see every version mailed to them.
Served at /outbox/daily-table/ and /outbox/ic-table/ (daily_urls.py), where mails already sent
link to them."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from icportal.accounts.roles import require_staff, scope_for
from icportal.audit.services import audit_export
from icportal.common.dates import ist_today
from icportal.common.forms import DAY_EXAMPLE, format_day, parse_day
from icportal.members.models import Member

from . import daily, daily_corrections, daily_exports
from . import daily_selectors as selectors

MAX_RANGE_DAYS = 366
RECENT = 50


def _day(value: str | None, default: dt.date, errors: dict, key: str, label: str) -> dt.date:
    """DD/MM/YYYY typed in the box, or ISO from a link; a wrong one is named beside its box and
    the default is shown meanwhile."""
    try:
        return parse_day(value or "") or default
    except ValidationError as exc:
        errors[key] = _("%(label)s: %(message)s") % {"label": label, "message": exc.messages[0]}
        return default


def _post(request, member, day: dt.date) -> None:
    """One staff action: the first table, a new version, or a mail resent unchanged."""
    versions = selectors.daily_table_list(user=request.user, member=member)
    if request.POST.get("resend"):
        table = versions.filter(pk=request.POST["resend"]).first()
        if table is None:
            raise Http404
        copies = daily.daily_table_resend(table=table, by=request.user)
        messages.success(
            request,
            _("Version %(version)s mailed again (%(count)s mail(s)).")
            % {"version": table.version, "count": len(copies)},
        )
    elif request.POST.get("correction"):
        corrections = selectors.correction_list(user=request.user, member=member)
        correction = corrections.filter(pk=request.POST["correction"]).first()
        if correction is None:
            raise Http404
        mails = daily_corrections.daily_correction_resend(correction=correction, by=request.user)
        messages.success(
            request,
            _("Correction of %(ic)s queued (%(count)s).")
            % {"ic": correction.certificate, "count": len(mails)},
        )
    elif not versions.filter(day=day).exists():
        table = daily.daily_table_send(member=member, day=day, by=request.user, minimum=1)
        if table is None:
            messages.error(request, _("No Import Certificate in force was uploaded that day."))
        else:
            messages.success(
                request,
                _("Table for %(day)s queued to %(firm)s.")
                % {"day": f"{day:%d/%m/%Y}", "firm": member.legal_name},
            )
    elif request.POST.get("again") == "yes":
        table = daily.daily_table_send_again(member=member, day=day, by=request.user)
        if table is None:
            messages.error(
                request, _("Nothing to send: no IC of that day is in force or was mailed before.")
            )
        else:
            messages.success(
                request,
                _("Version %(version)s of %(day)s queued.")
                % {"version": table.version, "day": f"{day:%d/%m/%Y}"},
            )
    else:
        messages.info(request, _("This table was already sent. Tick “send again” to resend it."))


@login_required
def daily_table(request):
    """Staff: the table as it stands now for a member and day, its versions and the member's
    corrections; sending by hand, sending again, resending a version's mail."""
    require_staff(request.user)
    source = request.POST if request.method == "POST" else request.GET
    iec = (source.get("iec") or "").strip()
    errors: dict[str, str] = {}
    day = _day(source.get("day"), ist_today(), errors, "day", _("Day"))
    member = selectors.member_for_staff(user=request.user, iec=iec) if iec else None
    if iec and member is None:
        messages.error(request, _("No member of your office has the IEC %(iec)s.") % {"iec": iec})
    if request.method == "POST" and member is not None and not errors:
        _post(request, member, day)
        return redirect(f"{reverse('ic_tables:daily_table')}?iec={member.iec}&day={day}")
    versions = selectors.daily_table_list(user=request.user, member=member)
    context = {
        "iec": iec,
        "day": day,
        "day_text": source.get("day", "") if errors else format_day(day),
        "errors": errors,
        "day_example": DAY_EXAMPLE,
        "member": member,
        "cutoff": settings.DAILY_TABLE_CUTOFF,
        "rows": selectors.daily_table_rows(member=member, day=day) if member else [],
        "versions": versions.filter(day=day).order_by("version") if member else [],
        "recent": [] if member else versions.order_by("-created_at", "-pk")[:RECENT],
        "corrections": (
            selectors.correction_list(user=request.user, member=member)[:RECENT] if member else []
        ),
    }
    return render(request, "esanchit/daily_table.html", context)


@login_required
def daily_table_version(request, pk: int):
    """One version exactly as it was mailed, for the firm and its office."""
    table = selectors.daily_table_get(user=request.user, pk=pk)
    if table is None:
        raise Http404
    return render(
        request,
        "esanchit/daily_table_version.html",
        {
            "table": table,
            "rows": selectors.version_rows(table),
            "staff": scope_for(request.user).member_id is None,
        },
    )


@login_required
def ic_table(request):
    """Members: the Bill of Entry ↔ IC table for any range of days, on screen, as CSV, XLSX or PDF,
    with each IC's status now; and the tables and corrections mailed for those days."""
    scope = scope_for(request.user)
    if scope.member_id is None:
        raise PermissionDenied(_("This page is for members; staff use the daily table page."))
    member = Member.objects.get(pk=scope.member_id)
    today = ist_today()
    errors: dict[str, str] = {}
    last = _day(request.GET.get("to"), today, errors, "to", _("To"))
    first = _day(request.GET.get("from"), last - dt.timedelta(days=6), errors, "from", _("From"))
    if first > last:
        first, last = last, first
    first = max(first, last - dt.timedelta(days=MAX_RANGE_DAYS - 1))
    rows = selectors.upload_table(member=member, first=first, last=last)
    name = f"ic-table-{first:%Y%m%d}-{last:%Y%m%d}"
    export = request.GET.get("export")
    if export is not None and errors:  # never a file of other days than the ones asked for
        return HttpResponse(
            "; ".join(errors.values()), status=400, content_type="text/plain; charset=utf-8"
        )
    if export == "pdf":
        audit_export(request=request, stem=name, fmt="pdf")
        data = daily_exports.table_pdf(
            title=f"Import Certificates uploaded to e-SANCHIT — {member.legal_name} ({member.iec})",
            subtitle=f"From {first:%d/%m/%Y} to {last:%d/%m/%Y} (IST). Bill of Entry No. shows the "
            "invoice while the Bill of Entry is not known. Struck through: cancelled or replaced.",
            rows=rows,
        )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if export is not None:
        return daily_exports.table_export(request=request, fmt=export, stem=name, rows=rows)
    versions = selectors.daily_table_list(user=request.user).filter(day__range=(first, last))
    corrections = selectors.correction_list(user=request.user).filter(
        line__table__day__range=(first, last)
    )
    return render(
        request,
        "esanchit/ic_table.html",
        {
            "rows": rows,
            "first": first,
            "last": last,
            "from_text": request.GET.get("from", "") if "from" in errors else format_day(first),
            "to_text": request.GET.get("to", "") if "to" in errors else format_day(last),
            "errors": errors,
            "day_example": DAY_EXAMPLE,
            "max_days": MAX_RANGE_DAYS,
            "versions": versions.order_by("-day", "version"),
            "corrections": corrections,
        },
    )
