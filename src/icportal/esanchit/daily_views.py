"""The Bill of Entry ↔ IC table pages: staff preview and send the day's table; members download
any range. Served at /outbox/daily-table/ and /outbox/ic-table/ (daily_urls.py), where mails
already sent link to them."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from icportal.accounts.roles import require_staff, scope_for
from icportal.audit.services import audit_export
from icportal.common.dates import ist_today
from icportal.members.models import Member

from . import daily, daily_exports
from . import daily_selectors as selectors

MAX_RANGE_DAYS = 366


def _day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
def daily_table(request):
    """Staff: the table a member gets (or got) for one day, and sending it by hand."""
    require_staff(request.user)
    source = request.POST if request.method == "POST" else request.GET
    iec = (source.get("iec") or "").strip()
    day = _day(source.get("day"), ist_today())
    member = selectors.member_for_staff(user=request.user, iec=iec) if iec else None
    if iec and member is None:
        messages.error(request, f"No member of your office has the IEC {iec}.")
    table = None
    if member is not None:
        table = selectors.daily_table_list(user=request.user, member=member).filter(day=day).first()
    if request.method == "POST" and member is not None:
        if table is None:
            table = daily.daily_table_send(member=member, day=day, by=request.user, minimum=1)
            if table is None:
                messages.error(
                    request, "No Import Certificate was uploaded that day: nothing to send."
                )
            else:
                messages.success(
                    request, f"Table for {day:%d/%m/%Y} queued to {member.legal_name}."
                )
        elif source.get("again") == "yes":
            copies = daily.daily_table_send_again(table=table, by=request.user)
            messages.success(
                request, f"Table for {day:%d/%m/%Y} queued again ({len(copies)} mail(s))."
            )
        else:
            messages.info(request, "This table was already sent. Tick “send again” to resend it.")
        return redirect(f"{reverse('ic_tables:daily_table')}?iec={member.iec}&day={day}")
    rows = selectors.daily_table_rows(member=member, day=day) if member else []
    return render(
        request,
        "esanchit/daily_table.html",
        {
            "iec": iec,
            "day": day,
            "member": member,
            "rows": rows,
            "table": table,
            "cutoff": settings.DAILY_TABLE_CUTOFF,
        },
    )


@login_required
def ic_table(request):
    """Members: the Bill of Entry ↔ IC table for any range of days, on screen, as CSV, XLSX or PDF."""
    scope = scope_for(request.user)
    if scope.member_id is None:
        raise PermissionDenied("This page is for members; staff use the daily table page.")
    member = Member.objects.get(pk=scope.member_id)
    today = ist_today()
    last = _day(request.GET.get("to"), today)
    first = _day(request.GET.get("from"), last - dt.timedelta(days=6))
    if first > last:
        first, last = last, first
    first = max(first, last - dt.timedelta(days=MAX_RANGE_DAYS - 1))
    rows = selectors.upload_table(member=member, first=first, last=last)
    name = f"ic-table-{first:%Y%m%d}-{last:%Y%m%d}"
    export = request.GET.get("export")
    if export == "pdf":
        audit_export(request=request, stem=name, fmt="pdf")
        data = daily_exports.table_pdf(
            title=f"Import Certificates uploaded to e-SANCHIT — {member.legal_name} ({member.iec})",
            subtitle=f"From {first:%d/%m/%Y} to {last:%d/%m/%Y} (IST). Bill of Entry No. shows the "
            "invoice while the Bill of Entry is not known.",
            rows=rows,
        )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if export is not None:
        return daily_exports.table_export(request=request, fmt=export, stem=name, rows=rows)
    return render(
        request,
        "esanchit/ic_table.html",
        {"rows": rows, "first": first, "last": last, "max_days": MAX_RANGE_DAYS},
    )
