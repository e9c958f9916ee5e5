"""Navigation per role, and the ICEGATE banner for member users who are not verified."""

from django.urls import reverse


def _items_for(user):
    offices = ("Offices", reverse("offices:directory"))
    if user is None or not user.is_authenticated:
        return [offices]
    if user.role == "member":
        return [
            ("Home", reverse("web:home")),
            ("Import Certificates", reverse("certificates:mine")),
            ("Entitlement", reverse("entitlements:mine")),
            ("Physical copies", reverse("dispatch:index")),
            ("Complaints", reverse("complaints:index")),
            (
                "My firm",
                [
                    ("Firm details", reverse("members:mine")),
                    ("ICEGATE registration", reverse("members:icegate_guide")),
                    ("API tokens", reverse("accounts:tokens")),
                    offices,
                ],
            ),
        ]
    items = [
        ("Workbench", reverse("workbench:index")),
        ("IC queue", reverse("certificates:queue")),
        ("EPCs", reverse("entitlements:epc_queue")),
        ("e-SANCHIT", reverse("esanchit:uploads")),
        ("Reconciliation", reverse("certificates:boe_list")),
        ("Copies", reverse("dispatch:index")),
        ("Complaints", reverse("complaints:index")),
        ("Members", reverse("members:list")),
    ]
    less_daily = [
        ("Dashboard", reverse("reports:dashboard")),
        ("Outbox", reverse("notifications:outbox")),
        ("Notices to customs", reverse("customs:notices")),
        ("Customs houses", reverse("customs:houses")),
        offices,
    ]
    if user.role != "head_office":
        # Less daily work in one menu, so the bar fits a laptop screen.
        items.append(("More", less_daily))
    else:
        # Head office: the same, plus administration, in one menu.
        items.append(
            (
                "Head office",
                [
                    *less_daily,
                    ("Import members", reverse("members:import")),
                    ("Scheme parameters", reverse("entitlements:scheme")),
                    ("Eligible items", reverse("entitlements:items")),
                    ("Manage offices", reverse("offices:manage")),
                    ("Users", reverse("accounts:users")),
                    ("Complaint causes", reverse("complaints:report")),
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
        "council_name": "Council for Leather Exports",
        "icegate_banner": banner,
    }
