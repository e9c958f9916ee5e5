"""Template tags of the workbench: the ageing tag of a queue's oldest item."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def age_tag(age, target_days):
    """Working days against the queue's target, in words and colour: the IC queue's sla_tag
    generalised (target 1 gives the same On time / Due today / Overdue)."""
    if age is None:
        return format_html('<span class="small">{}</span>', _("Nothing waiting"))
    if age < target_days:
        colour, words = "success", _("On time")
    elif age == target_days:
        colour, words = "warning", _("Due today")
    else:
        colour, words = "danger", _("Overdue")
    return format_html(
        '<span class="badge text-bg-{} status-tag text-wrap" data-sla="{}">{}</span> '
        '<span class="small text-secondary">{}</span>',
        colour,
        colour,
        words,
        ngettext("oldest %(n)s working day", "oldest %(n)s working days", age) % {"n": age},
    )


JOB_COLOURS = {"queued": "secondary", "running": "info", "done": "success"}


@register.simple_tag
def job_status_tag(job):
    colour = JOB_COLOURS.get(job.status, "warning")
    return format_html(
        '<span class="badge text-bg-{} status-tag" data-job-status="{}">{}</span>',
        colour,
        job.status,
        job.get_status_display(),
    )
