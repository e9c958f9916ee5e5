"""Dispatch panels on other apps' pages: the certificate page's physical copies, the public
verification page's numbered copies (those pages know nothing of dispatch)."""

from django import template

from icportal.accounts.roles import scope_for

from ..models import OPEN_STATUSES
from ..selectors import copies_for_verification, requests_for_certificate

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


@register.inclusion_tag("dispatch/_verification_copies.html")
def verification_copies(certificate):
    """The public verification page's list of numbered paper copies (documents' page, our data)."""
    return {"copies": copies_for_verification(certificate)}
