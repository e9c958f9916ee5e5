"""The officer's panel beside an application: a tag of the app that owns it, not of web."""

from django import template

from icportal.certificates.views.staff import staff_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def application_staff_panel(context, application):
    """What an officer needs beside an application (balance after, ICEGATE, urgent requests)."""
    return staff_panel(user=context["request"].user, application=application)
