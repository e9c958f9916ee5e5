"""The start page of office staff and head office is the workbench (registered with web)."""

from django.shortcuts import redirect

from icportal.accounts.models import Role
from icportal.web.panels import register_home


def home(request):
    return redirect("workbench:index")


def register() -> None:
    for role in (Role.STAFF, Role.HEAD_OFFICE):
        register_home(role, home)
