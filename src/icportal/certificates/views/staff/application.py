"""The office's actions on an IC application: assign, query, reject, charge, urgent IC request.

Issuing and the urgent approval have their confirmation pages in confirm.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icportal.accounts import otp
from icportal.accounts.roles import require_staff
from icportal.entitlements.selectors import balance_for_application
from icportal.members.models import RegistrationStatus

from ... import selectors, services
from ...forms_staff import ChargeForm, QueryForm, ReasonForm
from ...models import OPEN_STATUSES, AppStatus, Channel, UrgentRequest
from ...services.applications import submission_problems
from ._common import application_for_staff, back, done, form_action


def staff_panel(*, user, application) -> dict:
    """Context of certificates/staff/_actions.html, through {% application_staff_panel %}."""
    balance = balance_for_application(application=application)
    registration = getattr(application.member, "icegate_registration", None)
    urgent_requests = list(application.urgent_requests.all())
    pending = next((r for r in urgent_requests if r.status == UrgentRequest.Status.PENDING), None)
    problems = {}
    if application.status == AppStatus.SUBMITTED:
        problems = submission_problems(application, check_balance=False)
    mode = services.delivery_mode_for(application)
    return {
        "ask_code": otp.needs_second_factor(user),
        "is_open": application.status in OPEN_STATUSES,
        "can_take": application.status in OPEN_STATUSES and application.assigned_to_id != user.pk,
        "balance": balance,
        "balance_after": None if balance is None else balance - application.total_value,
        "shortfall": None if balance is None else max(application.total_value - balance, 0),
        "registration": registration,
        "icegate_verified": registration is not None
        and registration.status == RegistrationStatus.VERIFIED,
        "delivery_mode": mode,
        "needs_urgent": mode is None and application.channel == Channel.ICES,
        "pending_urgent": pending,
        "own_request": pending is not None and pending.requested_by_id == user.pk,
        "urgent_history": [r for r in urgent_requests if r is not pending],
        "problems": [m for found in problems.values() for m in found],
        "charge_due": bool(application.service_charge) and not application.charge_receipt_no,
        "query_form": QueryForm(auto_id="staff-query-%s"),
        "reject_form": ReasonForm(auto_id="staff-reject-%s"),
        "charge_form": ChargeForm(auto_id="staff-charge-%s"),
        # The member's own reason, when they marked it urgent, starts the officer's.
        "urgent_form": ReasonForm(
            auto_id="staff-urgent-%s", initial={"reason": application.urgent_reason}
        ),
        "decline_form": ReasonForm(auto_id="staff-decline-%s"),
    }


@login_required
@require_POST
def assign(request, slug):
    application = application_for_staff(request, slug)
    done(
        request,
        lambda: services.application_assign(by=request.user, application=application),
        lambda a: _("%(reference)s is assigned to you.") % {"reference": a.reference},
        failure=_("Not assigned"),
    )
    if request.POST.get("next") == "queue":
        return redirect("certificates:queue")
    return back(application)


@login_required
@require_POST
def query(request, slug):
    application = application_for_staff(request, slug)
    return form_action(
        request,
        application,
        QueryForm,
        lambda question: services.query_raise(
            by=request.user, application=application, question=question
        ),
        lambda q: (
            _(
                "Query sent to %(member)s. They are e-mailed and reply on "
                "the application; it comes back to the queue when they do."
            )
            % {"member": application.member.legal_name}
        ),
        _("Query not sent"),
    )


@login_required
@require_POST
def reject(request, slug):
    application = application_for_staff(request, slug)
    return form_action(
        request,
        application,
        ReasonForm,
        lambda reason: services.application_reject(
            by=request.user, application=application, reason=reason
        ),
        lambda a: (
            _("%(reference)s rejected. The member is e-mailed the reason.")
            % {"reference": a.reference}
        ),
        _("Not rejected"),
    )


@login_required
@require_POST
def charge(request, slug):
    application = application_for_staff(request, slug)
    return form_action(
        request,
        application,
        ChargeForm,
        lambda receipt_no: services.charge_record(
            by=request.user, application=application, receipt_no=receipt_no
        ),
        lambda a: (
            _("Service charge recorded as paid (receipt %(receipt)s).")
            % {"receipt": a.charge_receipt_no}
        ),
        _("Payment not recorded"),
    )


@login_required
@require_POST
def urgent(request, slug):
    application = application_for_staff(request, slug)
    return form_action(
        request,
        application,
        ReasonForm,
        lambda reason: services.urgent_request(
            by=request.user, application=application, reason=reason
        ),
        lambda r: _("Urgent physical IC requested. Another officer of the office must approve it."),
        _("Not requested"),
    )


def _urgent_request(request, pk) -> UrgentRequest:
    require_staff(request.user)
    in_scope = selectors.application_list(user=request.user)
    return get_object_or_404(
        UrgentRequest.objects.select_related("application").filter(application__in=in_scope),
        pk=pk,
    )


@login_required
@require_POST
def urgent_decline(request, pk):
    urgent_request = _urgent_request(request, pk)
    return form_action(
        request,
        urgent_request.application,
        ReasonForm,
        lambda reason: services.urgent_decline(
            by=request.user, request=urgent_request, reason=reason
        ),
        lambda r: _("Urgent physical IC declined."),
        _("Not declined"),
    )
