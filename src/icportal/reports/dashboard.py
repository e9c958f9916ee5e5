"""/reports/ — the dashboard: six charts with their tables, for a date range (and office)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from icportal.accounts.roles import require_staff
from icportal.common.dates import ist_today
from icportal.common.exports import export_response

from .dashboard_forms import DashboardForm
from .dashboard_period import PRESETS, preset_period
from .dashboard_sections import Filters, dashboard_figure, dashboard_sections
from .dashboard_selectors import dashboard_offices


def _preset_links(request, period) -> list[dict]:
    links = []
    for key, label in PRESETS:
        preset = preset_period(key, ist_today())
        params = request.GET.copy()
        for name in ("export", "chart"):
            params.pop(name, None)
        params["from_date"], params["to_date"] = preset.first.isoformat(), preset.last.isoformat()
        links.append(
            {"label": label, "href": "?" + params.urlencode(), "current": preset == period}
        )
    return links


@login_required
def dashboard(request):
    scope = require_staff(request.user)
    offices = dashboard_offices(user=request.user)
    form = DashboardForm(
        request.GET, offices=offices, head_office=scope.everything, today=ist_today()
    )
    fmt = request.GET.get("export")
    if not form.is_valid():
        if fmt:
            errors = "; ".join(e for errs in form.errors.values() for e in errs)
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        return render(request, "reports/dashboard.html", {"form": form, "sections": []})
    period, office_id = form.cleaned_data["period"], form.cleaned_data["office_id"]
    shown = [o for o in offices if office_id is None or o.pk == office_id]
    r = Filters(user=request.user, period=period, office_id=office_id, offices=shown)
    if fmt:
        figure = dashboard_figure(r, request.GET.get("chart", ""))
        if figure is None:
            return HttpResponse("Choose a chart to export.", status=400, content_type="text/plain")
        suffix = f"-{shown[0].code}" if len(shown) == 1 else ""
        stem = f"dashboard-{figure.key}-{period.stem}{suffix}"
        return export_response(fmt, stem, figure.header, figure.export_rows())
    sections = dashboard_sections(r)
    charts = {f.key: f.chart for s in sections for f in s.figures}
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "period": period,
            "scope_label": shown[0].name if len(shown) == 1 else "All offices",
            "presets": _preset_links(request, period),
            "sections": sections,
            "charts": charts,
            "cache_minutes": settings.DASHBOARD_CACHE_SECONDS // 60,
        },
    )
