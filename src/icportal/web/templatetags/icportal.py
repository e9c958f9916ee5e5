"""Template filters: Indian rupees, IST dates, status tags, query-string helpers."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from icportal.common.dates import IST
from icportal.common.money import format_inr

register = template.Library()

STATUS_COLOURS = {
    "not_registered": "danger",
    "claimed": "warning",
    "verified": "success",
    "sent": "success",
    "kept": "secondary",
    "ready": "info",
    "sending": "info",
    "failed": "danger",
}


@register.filter
def inr(value):
    return format_inr(value)


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
    return format_html('<span class="badge text-bg-{} status-tag">{}</span>', colour, label)


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
