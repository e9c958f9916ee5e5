"""Outbox pages: staff list and resend mails; anyone opens a mail within their scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_staff
from icportal.audit.exports import export_list

from . import selectors, services
from .models import EmailStatus

OUTBOX_COLUMNS = (
    (gettext_lazy("Created (IST)"), "created_at"),
    (gettext_lazy("To"), "to"),
    (gettext_lazy("Subject"), "subject"),
    (gettext_lazy("Member"), "member.legal_name"),
    (gettext_lazy("Status"), lambda e: e.get_status_display()),
    (gettext_lazy("Attempts"), "attempts"),
    (gettext_lazy("Sent (IST)"), "sent_at"),
    (gettext_lazy("Next try (IST)"), "next_attempt_at"),
    (gettext_lazy("Last error"), "last_error"),
)


@login_required
def outbox(request):
    require_staff(request.user)
    emails = selectors.email_list(user=request.user, filters=request.GET.dict())
    if "export" in request.GET:
        return export_list(request, "outbox", OUTBOX_COLUMNS, emails)
    page = Paginator(emails, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {"page": page, "statuses": EmailStatus.choices, "filters": request.GET},
    )


@login_required
def email_detail(request, pk):
    email = selectors.email_get(user=request.user, pk=pk)
    return render(request, "notifications/detail.html", {"email": email})


@login_required
@require_POST
def email_resend(request, pk):
    require_staff(request.user)
    email = selectors.email_get(user=request.user, pk=pk)
    copy = services.email_resend(email=email, by=request.user)
    messages.success(request, _("E-mail to %(to)s queued again.") % {"to": copy.to})
    return redirect("notifications:outbox")
