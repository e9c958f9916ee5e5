"""What web shows but does not own: the apps that own a page register it here, so web imports
no domain app (issue 14; docs/decisions.md, "The outbox knows no domain").

`register_home(role, view)` is called from the owning app's `AppConfig.ready()`; the start page
(`web:home`) hands each signed-in user to the view registered for their role.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HomeView = Callable[[HttpRequest], HttpResponse]

_HOMES: dict[str, HomeView] = {}


def register_home(role: str, view: HomeView) -> None:
    """The start page of users with `role` (a value of accounts' Role)."""
    if _HOMES.get(role, view) is not view:
        raise ValueError(f"Two apps want to own the home page of {role!r}")
    _HOMES[role] = view


def home_for(role: str) -> HomeView | None:
    return _HOMES.get(role)
