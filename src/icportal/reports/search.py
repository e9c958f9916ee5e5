"""One search box (placeholder until built)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def search(request):
    return render(request, "reports/placeholder.html", {"title": "Search"})
