"""One search box (the navbar's): IC number, IEC, member, GSTIN, IRN, DRN, invoice, Bill of Entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from icportal.accounts.roles import scope_for

from .search_selectors import GROUP_LIMIT, MIN_LENGTH
from .search_selectors import search as search_for


@login_required
def search(request):
    """Results grouped by kind; a whole IC number the user may see opens that IC directly."""
    query = (request.GET.get("q") or "").strip()
    results = search_for(user=request.user, query=query)
    if results.exact_certificate is not None:
        certificate = results.exact_certificate
        messages.info(
            request,
            gettext("Search: IC %(number)s is the one with that number.")
            % {"number": certificate.number},
        )
        return redirect("certificates:certificate", slug=certificate.slug)
    return render(
        request,
        "reports/search.html",
        {
            "search_query": query,
            "results": results,
            "is_member": scope_for(request.user).member_id is not None,
            "limit": GROUP_LIMIT,
            "min_length": MIN_LENGTH,
        },
    )
