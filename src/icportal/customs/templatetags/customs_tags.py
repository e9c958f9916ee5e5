"""The notice-to-customs panel on the IC page (certificates' template includes it by name)."""

from django import template

from icportal.customs import selectors

register = template.Library()


@register.inclusion_tag("customs/_certificate_notices.html", takes_context=True)
def certificate_customs_panel(context, certificate):
    request = context["request"]
    return {
        "notices": selectors.notices_of_certificate(user=request.user, certificate=certificate),
        "request": request,
    }
