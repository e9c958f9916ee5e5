"""The office workbench (placeholder until built)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from icportal.accounts.roles import require_staff


@login_required
def index(request):
    require_staff(request.user)
    return redirect("certificates:queue")
