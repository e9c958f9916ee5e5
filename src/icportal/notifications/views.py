from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from icportal.accounts.roles import require_staff

from . import selectors, services
from .models import EmailStatus


@login_required
def outbox(request):
    require_staff(request.user)
    emails = selectors.email_list(user=request.user, filters=request.GET.dict())
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
    messages.success(request, f"E-mail to {copy.to} queued again.")
    return redirect("notifications:outbox")
