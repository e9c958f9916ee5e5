"""The member's home page (placeholder until built)."""

from django.shortcuts import redirect


def home(request):
    return redirect("certificates:mine")
