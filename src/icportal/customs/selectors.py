"""Every read of the customs app, scoped by the acting user.

The directory is council reference data every staff user may read (head office writes it); notices
are their office's (head office: all). Members see neither: what customs was told is between the
council and customs, and the IC's own page tells the member it was cancelled or replaced.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from icportal.accounts import scopes
from icportal.accounts.roles import require_staff

from .models import OPEN_STATUSES, CustomsHouse, Notice

HOUSE_SORTS = {
    "port": ("port_code",),
    "name": ("name", "port_code"),
    "unconfirmed": ("-to_be_confirmed", "port_code"),
    "updated": ("-updated_at", "port_code"),
}


def customs_house_list(*, user, filters: dict | None = None) -> QuerySet[CustomsHouse]:
    require_staff(user)
    filters = filters or {}
    qs = CustomsHouse.objects.all()
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(port_code__icontains=q)
            | Q(name__icontains=q)
            | Q(officer_name__icontains=q)
            | Q(officer_email__icontains=q)
        )
    if filters.get("confirmed") == "no":
        qs = qs.filter(to_be_confirmed=True)
    elif filters.get("confirmed") == "yes":
        qs = qs.filter(to_be_confirmed=False)
    if filters.get("active") == "no":
        qs = qs.filter(is_active=False)
    elif filters.get("active") == "yes":
        qs = qs.filter(is_active=True)
    return qs.order_by(*HOUSE_SORTS.get(filters.get("sort") or "", HOUSE_SORTS["port"]))


def customs_house_get(*, user, port_code: str) -> CustomsHouse:
    require_staff(user)
    house = CustomsHouse.objects.filter(port_code=(port_code or "").upper()).first()
    if house is None:
        raise Http404("No such customs house")
    return house


def _notices(user) -> QuerySet[Notice]:
    return scopes.scoped(
        Notice.objects.select_related(
            "certificate__member", "office", "customs_house", "email", "replacement", "sent_by"
        ),
        user,
        office="office_id",
        member=None,
    )


def notice_list(*, user, filters: dict | None = None) -> QuerySet[Notice]:
    require_staff(user)
    filters = filters or {}
    qs = _notices(user)
    status = filters.get("status") or ""
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(certificate__number__icontains=q) | Q(irn__iexact=q) | Q(port_code__iexact=q)
        )
    return qs.order_by("-created_at", "-id")


def notice_get(*, user, pk: int) -> Notice:
    require_staff(user)
    notice = _notices(user).filter(pk=pk).first()
    if notice is None:
        raise Http404("No such notice")
    return notice


def notices_of_certificate(*, user, certificate) -> list[Notice]:
    """For the IC page: staff of its office (or head office) only."""
    if not scopes.in_scope(user, member_id=None, office_id=certificate.office_id):
        return []
    if user.role == "member":
        return []
    return list(_notices(user).filter(certificate=certificate).order_by("pk"))


def open_count(*, user) -> int:
    """The office's notices still to send (by hand, or failing): its task list."""
    return _notices(user).filter(status__in=OPEN_STATUSES).count()


def notice_by_token(*, token: str) -> Notice:
    """The letter's link in the mail to customs: the secret in the link is the permission."""
    notice = (
        Notice.objects.select_related("certificate").filter(letter_token=token).first()
        if token
        else None
    )
    if notice is None or not notice.letter:
        raise Http404("No such letter")
    return notice
