"""The EPC approval preview: a tag of the app that owns it, not of web."""

from django import template

from icportal.entitlements.views.staff import approval_preview

register = template.Library()


@register.simple_tag
def epc_approval_preview(epc):
    """Percentage in force for the EPC's year and the entitlement approval would credit."""
    return approval_preview(epc)
