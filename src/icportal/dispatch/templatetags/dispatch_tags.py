"""The physical-copies panel on the certificate page (its view knows nothing of dispatch)."""

from django import template

from icportal.accounts.roles import scope_for

from ..models import OPEN_STATUSES
from ..selectors import requests_for_certificate

register = template.Library()


@register.inclusion_tag("dispatch/_copies_panel.html", takes_context=True)
def certificate_copies_panel(context, certificate):
    user = context["request"].user
    requests = requests_for_certificate(user=user, certificate=certificate)
    return {
        "certificate": certificate,
        "copy_requests": requests,
        "is_member": scope_for(user).member_id is not None,
        "has_open": any(r.status in OPEN_STATUSES for r in requests),
        "csrf_token": context.get("csrf_token"),
    }
