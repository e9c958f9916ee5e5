"""Redirects to an address the browser sent (`next=`, Referer): only ever to a path of this site,
so a link crafted elsewhere cannot use our pages to bounce a signed-in user to another site."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str | None, default: str = "/") -> str:
    """`value` as a same-site path (with its query), or `default`."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(value)
        if parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return default


def redirect_next(
    request, value: str | None, default: str, *args, **kwargs
) -> HttpResponseRedirect:
    """Redirect to `value` when it is a same-site path, else to `default` (a URL name or path)."""
    target = safe_next(request, value, default="")
    return HttpResponseRedirect(target) if target else redirect(default, *args, **kwargs)
