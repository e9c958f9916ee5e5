"""Navigation per role."""

from django.urls import reverse


def navigation(request):
    user = getattr(request, "user", None)
    items = [("Offices", reverse("offices:directory"))]
    if user is not None and user.is_authenticated:
        if user.role == "member":
            items = [
                ("My firm", reverse("members:mine")),
                ("ICEGATE registration", reverse("members:icegate_guide")),
                ("API tokens", reverse("accounts:tokens")),
                *items,
            ]
        else:
            items = [
                ("Members", reverse("members:list")),
                ("Outbox", reverse("notifications:outbox")),
                *items,
            ]
            if user.role == "head_office":
                items.insert(1, ("Import members", reverse("members:import")))
                items.append(("Manage offices", reverse("offices:manage")))
                items.append(("Users", reverse("accounts:users")))
    banner = None
    if user is not None and user.is_authenticated and user.role == "member" and user.member_id:
        registration = getattr(user.member, "icegate_registration", None)
        if registration is None or not registration.is_verified:
            banner = registration.status if registration else "not_registered"
    return {
        "nav_items": items,
        "council_name": "Council for Leather Exports",
        "icegate_banner": banner,
    }
