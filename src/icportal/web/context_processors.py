"""Navigation per role, and the ICEGATE banner for member users who are not verified."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _items_for(user):
    offices = (_("Offices"), reverse("offices:directory"))
    if user is None or not user.is_authenticated:
        return [offices]
    if user.role == "member":
        return [
            (pgettext("navigation", "Home"), reverse("web:home")),
            (_("Import Certificates"), reverse("certificates:mine")),
            (_("Entitlement"), reverse("entitlements:mine")),
            (_("Physical copies"), reverse("dispatch:index")),
            (_("Complaints"), reverse("complaints:index")),
            (
                _("My firm"),
                [
                    (_("Firm details"), reverse("members:mine")),
                    (_("ICEGATE registration"), reverse("members:icegate_guide")),
                    (_("API tokens"), reverse("accounts:tokens")),
                    offices,
                ],
            ),
        ]
    items = [
        (_("Workbench"), reverse("workbench:index")),
        (_("IC queue"), reverse("certificates:queue")),
        (_("EPCs"), reverse("entitlements:epc_queue")),
        (_("e-SANCHIT"), reverse("esanchit:uploads")),
        (_("Reconciliation"), reverse("certificates:boe_list")),
        (_("Copies"), reverse("dispatch:index")),
        (_("Complaints"), reverse("complaints:index")),
        (_("Members"), reverse("members:list")),
    ]
    less_daily = [
        (_("Dashboard"), reverse("reports:dashboard")),
        (_("Outbox"), reverse("notifications:outbox")),
        (_("Notices to customs"), reverse("customs:notices")),
        (_("Customs houses"), reverse("customs:houses")),
        offices,
    ]
    if user.role != "head_office":
        # Less daily work in one menu, so the bar fits a laptop screen.
        items.append((pgettext("menu", "More"), less_daily))
    else:
        # Head office: the same, plus administration, in one menu.
        items.append(
            (
                _("Head office"),
                [
                    *less_daily,
                    (_("Import members"), reverse("members:import")),
                    (_("Scheme parameters"), reverse("entitlements:scheme")),
                    (_("Eligible items"), reverse("entitlements:items")),
                    (_("Manage offices"), reverse("offices:manage")),
                    (_("Users"), reverse("accounts:users")),
                    (_("Complaint causes"), reverse("complaints:report")),
                ],
            )
        )
    return items


def navigation(request):
    user = getattr(request, "user", None)
    banner = None
    if user is not None and user.is_authenticated and user.role == "member" and user.member_id:
        registration = getattr(user.member, "icegate_registration", None)
        if registration is None or not registration.is_verified:
            banner = registration.status if registration else "not_registered"
    return {
        "nav_items": [
            {"label": label, "url": target}
            if isinstance(target, str)
            else {"label": label, "children": [{"label": sl, "url": su} for sl, su in target]}
            for label, target in _items_for(user)
        ],
        "council_name": _("Council for Leather Exports"),
        "icegate_banner": banner,
    }
