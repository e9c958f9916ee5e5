"""/reports/ — the dashboard: six charts with their tables, for a date range (and office)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from icportal.accounts.roles import require_staff
from icportal.audit.exports import export_response
from icportal.common.dates import ist_today

from .dashboard_forms import DashboardForm
from .dashboard_period import PRESETS, preset_period
from .dashboard_sections import Filters, dashboard_figure, dashboard_section, dashboard_sections
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


def _filters(request) -> tuple[DashboardForm, Filters | None]:
    scope = require_staff(request.user)
    offices = dashboard_offices(user=request.user)
    form = DashboardForm(
        request.GET, offices=offices, head_office=scope.everything, today=ist_today()
    )
    if not form.is_valid():
        return form, None
    period, office_id = form.cleaned_data["period"], form.cleaned_data["office_id"]
    shown = [o for o in offices if office_id is None or o.pk == office_id]
    return form, Filters(user=request.user, period=period, office_id=office_id, offices=shown)


def _charts(sections) -> dict:
    return {f.key: f.chart for s in sections for f in getattr(s, "figures", [])}


@login_required
def dashboard(request):
    form, r = _filters(request)
    fmt = request.GET.get("export")
    if r is None:
        if fmt:
            errors = "; ".join(e for errs in form.errors.values() for e in errs)
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        return render(request, "reports/dashboard.html", {"form": form, "sections": []})
    period, shown = r.period, r.offices
    if fmt:
        figure = dashboard_figure(r, request.GET.get("chart", ""))
        if figure is None:
            return HttpResponse(
                gettext("Choose a chart to export."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        suffix = f"-{shown[0].code}" if len(shown) == 1 else ""
        stem = f"dashboard-{figure.key}-{period.stem}{suffix}"
        return export_response(fmt, stem, figure.header, figure.export_rows(), request=request)
    # Figures not kept (a range nobody opened lately) are asked for section by section, so the
    # page answers at once; `?all=1` (the link for a browser without JavaScript) computes them all.
    kept_only = bool(settings.DASHBOARD_CACHE_SECONDS) and not request.GET.get("all")
    sections = dashboard_sections(r, kept_only=kept_only)
    params = request.GET.copy()
    for name in ("export", "chart", "all"):
        params.pop(name, None)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "period": period,
            "scope_label": shown[0].name if len(shown) == 1 else gettext("All offices"),
            "presets": _preset_links(request, period),
            "sections": sections,
            "charts": _charts(sections),
            "section_query": params.urlencode(),
            "cache_minutes": settings.DASHBOARD_CACHE_SECONDS // 60,
        },
    )


@login_required
def section(request, key: str):
    """One section of the dashboard (htmx), its figures computed now if they are not kept."""
    _form, r = _filters(request)
    found = dashboard_section(r, key) if r is not None else None
    if found is None:
        return HttpResponse(gettext("No such section, or the dates are wrong."), status=400)
    return render(
        request,
        "reports/dashboard_section.html",
        {"section": found, "charts": _charts([found]), "charts_id": f"dashboard-charts-{key}"},
    )
