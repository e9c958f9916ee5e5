"""Public verification by IRN or IC number (/verify/?q=), and numbered certified copies taken only
from the copy register (/verify/documents/<IC>/copy/<n>/). Mounted in config/urls.py ahead of
documents' /verify/ pages: these answers need e-SANCHIT's IRNs and dispatch's register, which
documents (below both) cannot read. Without ?q= the page is documents' "check a PDF" page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from icportal.accounts.roles import require_staff
from icportal.certificates.selectors import certificate_get
from icportal.documents import views as documents_views

from .copies import copy_in_register, copy_pdf_response
from .verification import NOT_FOUND, certificate_lookup, public_facts, throttled


def verify_search(request):
    """A customs officer types the IRN or IC number from a Bill of Entry: is it in force?"""
    if request.method != "GET" or "q" not in request.GET:
        return documents_views.check(request)
    query = request.GET.get("q", "").strip()[:80]
    if throttled(request):
        return render(
            request, "dispatch/verify_search.html", {"query": query, "throttled": True}, status=429
        )
    certificate = certificate_lookup(query=query) if query else None
    return render(
        request,
        "dispatch/verify_search.html",
        {
            "query": query,
            "facts": public_facts(certificate) if certificate else None,
            "certificate": certificate,
            "not_found": _(NOT_FOUND) if query and certificate is None else "",
        },
    )


@login_required
def certified_copy(request, slug: str, copy_number: int):
    """Staff download a numbered copy again; only a number the register gave out exists."""
    require_staff(request.user)
    certificate = certificate_get(user=request.user, slug=slug)
    copy = copy_in_register(certificate=certificate, copy_number=copy_number)
    if copy is None:
        raise Http404("No copy with this number is in the copy register")
    return copy_pdf_response(request, copy=copy, target=copy.request)
