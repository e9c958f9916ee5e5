from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from icportal.reports import member_home


@login_required
def home(request):
    """Members land on their home page; office staff and head office on the workbench."""
    if request.user.role == "member":
        return member_home.home(request)
    return redirect("workbench:index")


def error_403(request, exception=None):
    return render(
        request,
        "web/error.html",
        {
            "code": 403,
            "title": "You cannot open this page",
            "text": "Your account does not give access to it. If you think it should, ask your council office.",
        },
        status=403,
    )


def error_404(request, exception=None):
    return render(
        request,
        "web/error.html",
        {
            "code": 404,
            "title": "Page not found",
            "text": "Check the address, or go back to the start page.",
        },
        status=404,
    )


def error_500(request):
    return render(
        request,
        "web/error.html",
        {
            "code": 500,
            "title": "Sorry, something went wrong",
            "text": "Nothing you entered was half-saved. Try again in a few minutes.",
        },
        status=500,
    )
