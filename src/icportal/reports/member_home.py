"""The member's home page: what needs doing, this year's entitlement, the latest ICs.

Registered with web as the start page of member users (`web:home`, see web/panels.py).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from icportal.accounts.models import Role
from icportal.web.panels import register_home

from .home_selectors import member_home


@login_required
def home(request):
    return render(request, "reports/member_home.html", member_home(user=request.user))


def register() -> None:
    register_home(Role.MEMBER, home)
