from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from icportal.accounts.roles import require_head_office
from icportal.accounts.selectors import audit_timeline
from icportal.audit.exports import export_list
from icportal.audit.formatters import describe
from icportal.web.forms import apply_errors

from . import selectors, services
from .forms import OfficeForm
from .models import Office

DIRECTORY_COLUMNS = (
    ("Office", "name"),
    ("Code", "code"),
    ("Region", "region"),
    ("ICEGATE ID to quote in the Bill of Entry", "icegate_id"),
    ("Head office", "is_head_office"),
    ("Address", "address"),
    ("E-mail", "email"),
    ("Phone", "phone"),
)
MANAGE_COLUMNS = (*DIRECTORY_COLUMNS, ("Active", "is_active"))


def directory(request):
    """Public: which ICEGATE ID to quote in the Bill of Entry for an IC from each office."""
    offices = selectors.office_list()
    if "export" in request.GET:
        return export_list(request, "offices", DIRECTORY_COLUMNS, offices)
    return render(request, "offices/directory.html", {"offices": offices})


@login_required
def manage(request):
    require_head_office(request.user)
    offices = selectors.office_list(include_inactive=True)
    if "export" in request.GET:
        return export_list(request, "offices-all", MANAGE_COLUMNS, offices)
    events = audit_timeline(user=request.user, target_type="offices.office", limit=30)
    for event in events:
        event.sentence = describe(event)
    return render(request, "offices/manage.html", {"offices": offices, "events": events})


@login_required
def edit(request, code=None):
    require_head_office(request.user)
    office = get_object_or_404(Office, code=code.upper()) if code else None
    form = OfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            if office:
                services.office_update(by=request.user, office=office, **data)
            else:
                office = services.office_create(
                    by=request.user, code=form.cleaned_data["code"], **data
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Office %(name)s saved.") % {"name": office.name})
            return redirect("offices:manage")
    return render(request, "offices/edit.html", {"form": form, "office": office})
