"""Helpers shared by the office's views: scoped look-ups and 'one service call, one message'."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from icportal.accounts.roles import require_staff
from icportal.web.actions import run_service

from ... import selectors


def application_for_staff(request, slug):
    require_staff(request.user)
    return selectors.application_get(user=request.user, slug=slug)


def certificate_for_staff(request, slug):
    require_staff(request.user)
    return selectors.certificate_get(user=request.user, slug=slug)


def done(request, action, success, *, failure="Not done"):
    """Run one service call; a refusal becomes an error message and nothing is saved."""
    return run_service(request, action, success, failure=failure)


def back(application):
    return redirect("certificates:application", slug=application.slug)


def form_action(request, application, form_class, action, success, failure):
    """A panel form posted from the application page: check it, call the service, go back."""
    form = form_class(request.POST)
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"{failure}: {problems}")
        return back(application)
    done(request, lambda: action(**form.cleaned_data), success, failure=failure)
    return back(application)
