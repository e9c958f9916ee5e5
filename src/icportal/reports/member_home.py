"""The member's home page: what needs doing, this year's entitlement, the latest ICs."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .home_selectors import member_home


@login_required
def home(request):
    return render(request, "reports/member_home.html", member_home(user=request.user))
