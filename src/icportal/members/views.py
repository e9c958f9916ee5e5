"""Member pages: staff list and detail, the member's own profile, ICEGATE guide, bulk import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from icportal.accounts.forms import InviteForm
from icportal.accounts.models import Role
from icportal.accounts.roles import require_head_office, require_staff, scope_for
from icportal.accounts.selectors import audit_timeline, member_users
from icportal.accounts.services import user_invite
from icportal.audit.exports import export_list
from icportal.audit.formatters import describe
from icportal.notifications.selectors import email_list
from icportal.offices.models import Office
from icportal.web.forms import apply_errors, submit_form

from . import selectors, services
from .forms import IcegateClaimForm, ImportForm, MemberForm, RejectForm, VerifyForm, member_initial
from .icegate_routes import registration_advice
from .imports import COLUMNS, TEMPLATE_ROW, ImportFileError
from .models import RegistrationStatus, Segment

MEMBER_COLUMNS = (
    (gettext_lazy("Legal name"), "legal_name"),
    ("IEC", "iec"),
    (gettext_lazy("GSTINs"), lambda m: " ".join(g.gstin for g in m.gstins.all())),
    (gettext_lazy("Segments"), lambda m: ", ".join(s.code for s in m.segments.all())),
    (gettext_lazy("Office"), "office.code"),
    (gettext_lazy("ICEGATE status"), lambda m: m.icegate_registration.get_status_display()),
    (gettext_lazy("ICEGATE ID"), "icegate_registration.icegate_id"),
    (gettext_lazy("GSTN e-mail"), "gstn_email"),
    (gettext_lazy("GSTN mobile"), "gstn_mobile"),
    (gettext_lazy("RCMC number"), "rcmc_number"),
    (gettext_lazy("RCMC valid to"), "rcmc_valid_to"),
    (gettext_lazy("City"), "city"),
    (gettext_lazy("State"), "state"),
)


def _offices_for(user):
    scope = require_staff(user)
    offices = Office.objects.filter(is_active=True)
    return offices if scope.everything else offices.filter(pk=scope.office_id)


def _timeline(user, member):
    events = list(audit_timeline(user=user, member=member))
    for event in events:
        event.sentence = describe(event)
    return events


@login_required
def member_list(request):
    require_staff(request.user)
    filters = request.GET.dict()
    members = selectors.member_list(user=request.user, filters=filters)
    if "export" in filters:
        return export_list(request, "members", MEMBER_COLUMNS, members)
    page = Paginator(members, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "members/list.html",
        {
            "page": page,
            "filters": filters,
            "offices": _offices_for(request.user),
            "segments": Segment.objects.all(),
            "statuses": RegistrationStatus.choices,
        },
    )


@login_required
def member_edit(request, iec=None):
    require_staff(request.user)
    member = selectors.member_get(user=request.user, iec=iec) if iec else None
    form = MemberForm(
        request.POST or None,
        offices=_offices_for(request.user),
        initial=member_initial(member) if member else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if member:
                member = services.member_update(
                    by=request.user, member=member, data=form.member_data
                )
            else:
                member = services.member_create(by=request.user, data=form.member_data)
        except ValidationError as exc:
            apply_errors(form, exc, {"gstins": "gstins", "iec": "iec"})
        else:
            messages.success(request, _("%(name)s saved.") % {"name": member.legal_name})
            return redirect("members:detail", iec=member.iec)
    return render(request, "members/edit.html", {"form": form, "member": member})


@login_required
def member_detail(request, iec):
    require_staff(request.user)
    return _detail(request, selectors.member_get(user=request.user, iec=iec))


def _detail(request, member, **sent):
    """The member's page; a form sent back (`reject_form=…`) shows its messages (nothing saved)."""
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "registration": member.icegate_registration,
            "users": member_users(user=request.user, member=member),
            "events": _timeline(request.user, member),
            "emails": email_list(user=request.user, member=member)[:20],
            "verify_form": sent.get("verify_form") or VerifyForm(),
            "reject_form": sent.get("reject_form") or RejectForm(),
            "invite_form": sent.get("invite_form") or InviteForm(),
            "error_form": next(iter(sent.values()), None),
        },
    )


@login_required
def mine(request):
    member = selectors.member_of_user(user=request.user)
    return render(
        request,
        "members/mine.html",
        {
            "member": member,
            "registration": member.icegate_registration,
            "users": member_users(user=request.user, member=member),
            "events": _timeline(request.user, member),
            "emails": email_list(user=request.user, member=member)[:20],
        },
    )


@login_required
def icegate_guide(request):
    """The circular's point 1 in our words, with the firm's own IEC and GSTIN, and the claim form."""
    scope = scope_for(request.user)
    if scope.member_id is None:
        raise PermissionDenied("This page is for member firms")
    member = selectors.member_of_user(user=request.user)
    registration = member.icegate_registration
    advice = registration_advice(member)  # a legacy numeric IEC: the DSC route, said first
    form = IcegateClaimForm(
        request.POST or None,
        initial={
            "icegate_id": registration.icegate_id,
            "method": registration.method or ("dsc" if advice else "simplified"),
            "email": registration.email or member.gstn_email,
            "version": registration.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.icegate_registration_claim(
                by=request.user,
                member=member,
                icegate_id=form.cleaned_data["icegate_id"],
                method=form.cleaned_data["method"],
                email=form.cleaned_data["email"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you. Your office will check the ICEGATE ID and confirm it here.")
            )
            return redirect("members:mine")
    return render(
        request,
        "members/icegate_guide.html",
        {"member": member, "registration": registration, "form": form, "advice": advice},
    )


def _form_act(request, iec, form, key, action, *, success, failure):
    member = selectors.member_get(user=request.user, iec=iec)
    message = success(member)
    if submit_form(
        request, form, lambda data: action(member, data), success=message, failure=failure
    ):
        return redirect("members:detail", iec=member.iec)
    return _detail(request, member, **{key: form})


@login_required
@require_POST
def icegate_verify(request, iec):
    return _form_act(
        request,
        iec,
        VerifyForm(request.POST),
        "verify_form",
        lambda member, data: services.icegate_registration_verify(
            by=request.user, member=member, **data
        ),
        success=lambda member: _("ICEGATE ID of %(name)s verified.") % {"name": member.legal_name},
        failure=_("Not verified"),
    )


@login_required
@require_POST
def icegate_reject(request, iec):
    return _form_act(
        request,
        iec,
        RejectForm(request.POST),
        "reject_form",
        lambda member, data: services.icegate_registration_reject(
            by=request.user, member=member, reason=data["reason"]
        ),
        success=lambda member: (
            _("ICEGATE ID of %(name)s returned to the member.") % {"name": member.legal_name}
        ),
        failure=_("Not returned"),
    )


@login_required
@require_POST
def invite(request, iec):
    return _form_act(
        request,
        iec,
        InviteForm(request.POST),
        "invite_form",
        lambda member, data: user_invite(by=request.user, role=Role.MEMBER, member=member, **data),
        success=lambda _member: (
            _("Invitation sent to %(email)s.") % {"email": request.POST.get("email", "").strip()}
        ),
        failure=_("Not invited"),
    )


@login_required
def import_members(request):
    require_head_office(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, preview, file_error = [], None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview, errors = services.member_import_check(
                by=request.user, filename=upload.name, content=upload.read()
            )
        except ImportFileError as exc:
            file_error = str(exc)
    return render(
        request,
        "members/import.html",
        {
            "form": form,
            "errors": errors[:500],
            "error_count": len(errors),
            "preview": preview,
            "file_error": file_error,
            "columns": COLUMNS,
            "sample": preview.rows[:20] if preview else [],
        },
    )


@login_required
@require_POST
def import_confirm(request, pk):
    preview = selectors.member_import_get(user=request.user, pk=pk)
    try:
        count = services.member_import_confirm(by=request.user, member_import=preview)
    except ValidationError as exc:
        messages.error(
            request, _("Nothing was imported: %(problems)s") % {"problems": " ".join(exc.messages)}
        )
        return redirect("members:import")
    messages.success(
        request,
        ngettext(
            "%(count)s member imported from %(file)s.",
            "%(count)s members imported from %(file)s.",
            count,
        )
        % {"count": count, "file": preview.filename},
    )
    return redirect("members:list")


@login_required
def import_template(request):
    require_head_office(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="members-template.csv"'
    response.write(
        "\ufeff" + ",".join(COLUMNS) + "\n" + ",".join(f'"{v}"' for v in TEMPLATE_ROW) + "\n"
    )
    return response
