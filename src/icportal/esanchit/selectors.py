"""Reads of uploads and batches, always scoped by the acting user."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from icportal.accounts import scopes
from icportal.accounts.roles import require_staff

from .models import Batch, GatewayHealth, Upload, UploadMode, UploadStatus

UPLOAD_SORTS = {
    "newest": "-created_at",
    "oldest": "created_at",
    "next_attempt": "next_attempt_at",
    "attempts": "-attempts",
    "accepted": "-accepted_at",
    "number": "certificate__number",
}


def upload_list(*, user, filters: dict | None = None) -> QuerySet[Upload]:
    """Uploads the user may see, filtered by status, mode, office and a search term."""
    filters = filters or {}
    qs = scopes.certificate_rows(Upload.objects.all(), user).select_related(
        "certificate__member", "office", "batch"
    )
    if filters.get("status") in UploadStatus.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("mode") in UploadMode.values:
        qs = qs.filter(mode=filters["mode"])
    if filters.get("office"):
        qs = qs.filter(office__code=str(filters["office"]).upper())
    term = (filters.get("q") or "").strip()
    if term:
        qs = qs.filter(
            Q(certificate__number__icontains=term)
            | Q(irn__iexact=term)
            | Q(drn__iexact=term)
            | Q(certificate__member__iec__iexact=term)
            | Q(document__file_name__icontains=term)
        )
    return qs.order_by(UPLOAD_SORTS.get(filters.get("sort") or "", "-created_at"), "-id")


def upload_get(*, user, pk: int) -> Upload:
    found = scopes.certificate_rows(Upload.objects.all(), user).select_related(
        "certificate__member", "office", "document", "batch"
    )
    try:
        return found.get(pk=pk)
    except (Upload.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such upload") from exc


def upload_for_certificate(*, certificate) -> Upload | None:
    """The latest upload of an IC (callers have already checked they may see the IC)."""
    return Upload.objects.filter(certificate=certificate).order_by("-created_at", "-id").first()


def batch_candidates(*, user, office_id: int | None = None) -> QuerySet[Upload]:
    """Manual (or waiting/failing gateway) uploads of the office not yet in a batch."""
    scope = require_staff(user)
    qs = Upload.objects.filter(
        batch__isnull=True,
        status__in=[UploadStatus.WAITING, UploadStatus.FAILED_RETRYING],
    ).select_related("certificate__member", "document")
    office_id = scope.office_id or office_id
    if office_id:
        qs = qs.filter(office_id=office_id)
    return qs.filter(
        Q(mode=UploadMode.MANUAL) | Q(locked_until__isnull=True) | Q(locked_by="")
    ).order_by("created_at", "id")


def batch_list(*, user) -> QuerySet[Batch]:
    return scopes.office_rows(Batch.objects.select_related("office", "created_by"), user)


def batch_get(*, user, pk: int) -> Batch:
    try:
        return batch_list(user=user).get(pk=pk)
    except (Batch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such batch") from exc


def gateway_health(*, user) -> list[GatewayHealth]:
    """Offices (of the user's scope) where ICEGATE is currently unreachable."""
    qs = GatewayHealth.objects.filter(unreachable_since__isnull=False).select_related("office")
    return list(scopes.scoped(qs, user, office="office_id", member=None))
