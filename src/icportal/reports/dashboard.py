"""The dashboard (placeholder until built)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from icportal.accounts.roles import require_staff


@login_required
def dashboard(request):
    require_staff(request.user)
    return render(request, "reports/placeholder.html", {"title": "Dashboard"})
