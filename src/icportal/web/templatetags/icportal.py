"""Template filters: Indian rupees, IST dates, status tags, query-string helpers."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from icportal.common.dates import IST
from icportal.common.display import format_mobile, format_quantity
from icportal.common.money import format_inr

register = template.Library()

STATUS_COLOURS = {
    "waiting": "secondary",
    "uploading": "info",
    "accepted": "success",
    "failed_retrying": "warning",
    "not_registered": "danger",
    "claimed": "warning",
    "verified": "success",
    "sent": "success",
    "kept": "secondary",
    "ready": "info",
    "sending": "info",
    "failed": "danger",
    # IC applications, certificates, EPCs, urgent requests
    "draft": "light",
    "submitted": "primary",
    "query": "warning",
    "with_member": "warning",
    "from_member": "info",
    "rejected": "danger",
    "issued": "success",
    "withdrawn": "secondary",
    "cancelled": "danger",
    "superseded": "secondary",
    "approved": "success",
    "returned": "warning",
    "pending": "warning",
    "declined": "secondary",
}


@register.filter
def inr(value):
    return format_inr(value)


@register.filter
def quantity(value):
    """5000 → "5,000", as the IC PDF prints it."""
    return format_quantity(value)


@register.filter
def mobile(value):
    """ "+919840012345" → "+91 98400 12345"."""
    return format_mobile(value)


@register.filter
def ist(value, fmt="d/m/Y H:i"):
    if not value:
        return ""
    from django.utils.dateformat import format as dj_format

    if timezone.is_aware(value):
        value = value.astimezone(IST)
    return dj_format(value, fmt)


@register.simple_tag
def status_tag(status, label):
    colour = STATUS_COLOURS.get(str(status), "secondary")
    return format_html(
        '<span class="badge text-bg-{} status-tag text-wrap text-start">{}</span>', colour, label
    )


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("page", None) if "page" not in kwargs else None
    return "?" + params.urlencode()


@register.inclusion_tag("includes/copy_box.html")
def copy_box(value, label):
    return {"value": value, "label": label}


@register.filter
def short_label(value):
    """'Submitted — with the office' → 'Submitted'; 'ICES port (electronic …)' → 'ICES port'."""
    return str(value).split(" — ")[0].split(" (")[0]


@register.simple_tag
def sla_tag(age):
    """Working days since submission: 0 on time (green), 1 due today (amber), 2+ overdue (red)."""
    if age is None:
        return mark_safe('<span class="text-secondary">—</span>')
    if age <= 0:
        colour, words = "success", _("On time")
    elif age == 1:
        colour, words = "warning", _("Due today")
    else:
        colour, words = "danger", _("Overdue")
    days = ngettext("%(days)d working day", "%(days)d working days", age) % {"days": age}
    return format_html(
        '<span class="badge text-bg-{} status-tag text-wrap" data-sla="{}">{}</span> '
        '<span class="small text-secondary">{}</span>',
        colour,
        colour,
        words,
        days,
    )


@register.inclusion_tag("includes/export_buttons.html", takes_context=True)
def export_buttons(context, **extra):
    """'Export CSV' and 'Export XLSX' links that keep the page's filters (and any extra params)."""
    links = []
    for fmt in ("csv", "xlsx"):
        params = context["request"].GET.copy()
        params.pop("page", None)
        params["export"] = fmt
        for key, value in extra.items():
            params[key] = value
        links.append((fmt.upper(), "?" + params.urlencode()))
    return {"links": links}
