from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .panels import home_for


@login_required
def home(request):
    """Each role's start page, registered by the app that owns it (web/panels.py): members get
    reports' member home, office staff and head office the workbench."""
    view = home_for(request.user.role)
    if view is None:
        raise PermissionDenied(_("This account has no start page"))
    return view(request)


FAVICON = Path(__file__).parent / "static" / "web" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers fetch whatever the page's <link rel=icon> says."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")


def error_403(request, exception=None):
    return render(
        request,
        "web/error.html",
        {
            "code": 403,
            "title": _("You cannot open this page"),
            "text": _(
                "Your account does not give access to it. If you think it should, ask your council office."
            ),
        },
        status=403,
    )


def error_404(request, exception=None):
    return render(
        request,
        "web/error.html",
        {
            "code": 404,
            "title": pgettext("error page", "Page not found"),
            "text": _("Check the address, or go back to the start page."),
        },
        status=404,
    )


def error_500(request):
    return render(
        request,
        "web/error.html",
        {
            "code": 500,
            "title": _("Sorry, something went wrong"),
            "text": _("Nothing you entered was half-saved. Try again in a few minutes."),
        },
        status=500,
    )
